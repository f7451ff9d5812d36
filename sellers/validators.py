"""Checks for the identifiers an Indian seller gives: PAN, GSTIN, IFSC, PIN, Udyam.

Mobile numbers: accounts.fields.IndianMobileField, shared with the buyer's address form.

Each `normalise_*` function strips spaces, upper-cases and returns the canonical form, or raises
a Django `ValidationError` whose message is shown next to the field (in the seller's language).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.in_ import gstin as stdnum_gstin
from stdnum.in_ import pan as stdnum_pan

PAN_RE = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")
GSTIN_RE = re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")
IFSC_RE = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
PIN_RE = re.compile(r"^[1-9][0-9]{5}$")
UDYAM_RE = re.compile(r"^UDYAM-[A-Z]{2}-[0-9]{2}-[0-9]{7}$")
GST_ENROLMENT_RE = re.compile(r"^[0-9]{2}[A-Z0-9]{13}$")
BANK_ACCOUNT_RE = re.compile(r"^[0-9]{9,18}$")
# python-stdnum 2.2 stops at 37; 38 is Ladakh (since 2020), 97 "other territory" and 99 the
# centre's jurisdiction. Their GSTINs are real, so we check the format and checksum ourselves.
EXTRA_GST_STATE_CODES = {"38", "97", "99"}
GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _compact(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def normalise_pan(value: str) -> str:
    pan = _compact(value)
    if not PAN_RE.match(pan) or not stdnum_pan.is_valid(pan):
        raise ValidationError(
            _("Enter a PAN of 10 characters: 5 letters, 4 digits, 1 letter (like ABCPE1234F)."),
            code="invalid_pan",
        )
    return pan


def normalise_gstin(value: str) -> str:
    """Format and mod-36 checksum of a GSTIN, including Ladakh's (state code 38)."""
    gstin = _compact(value)
    if len(gstin) != 15 or not GSTIN_RE.match(gstin):
        raise ValidationError(
            _(
                "Enter a GSTIN of 15 characters: state code, PAN, entity number, Z and a check "
                "character (like 09ABCPE1234F1Z5)."
            ),
            code="invalid_gstin",
        )
    if gstin[:2] in EXTRA_GST_STATE_CODES:
        valid = luhn.is_valid(gstin, GSTIN_ALPHABET) and stdnum_pan.is_valid(gstin[2:12])
    else:
        try:
            stdnum_gstin.validate(gstin)
            valid = True
        except StdnumError:
            valid = False
        if not valid and luhn.is_valid(gstin, GSTIN_ALPHABET):
            # Checksum fine, so stdnum refused the state code.
            raise ValidationError(
                _("%(code)s is not a GST state code.") % {"code": gstin[:2]},
                code="gstin_state_unknown",
            )
    if not valid:
        raise ValidationError(
            _("This GSTIN's check character is wrong. Please check it for typing mistakes."),
            code="gstin_checksum",
        )
    return gstin


def check_gstin_matches(*, gstin: str, state_gst_code: str, pan: str) -> None:
    """A GSTIN belongs to the seller's state and to the PAN the seller gave."""
    errors = []
    if gstin[:2] != state_gst_code:
        errors.append(
            ValidationError(
                _(
                    "This GSTIN is registered in another state (code %(gstin_code)s). Your "
                    "district's state has GST code %(state_code)s."
                )
                % {"gstin_code": gstin[:2], "state_code": state_gst_code},
                code="gstin_other_state",
            )
        )
    if pan and gstin[2:12] != pan:
        errors.append(
            ValidationError(
                _("The PAN inside this GSTIN (%(inside)s) is not the PAN you gave.")
                % {"inside": gstin[2:12]},
                code="gstin_other_pan",
            )
        )
    if errors:
        raise ValidationError(errors)


def normalise_ifsc(value: str) -> str:
    ifsc = _compact(value)
    if not IFSC_RE.match(ifsc):
        raise ValidationError(
            _("Enter an IFSC of 11 characters: 4 letters, a zero, then 6 letters or digits."),
            code="invalid_ifsc",
        )
    return ifsc


def normalise_pin_code(value: str) -> str:
    pin = _compact(value)
    if not PIN_RE.match(pin):
        raise ValidationError(
            _("Enter a PIN code of 6 digits that does not start with 0."), code="invalid_pin"
        )
    return pin


def normalise_udyam(value: str) -> str:
    udyam = re.sub(r"\s", "", value or "").upper()
    if not UDYAM_RE.match(udyam):
        raise ValidationError(
            _("Enter the Udyam registration number as UDYAM-XX-00-0000000."),
            code="invalid_udyam",
        )
    return udyam


def normalise_gst_enrolment(value: str) -> str:
    number = _compact(value)
    if not GST_ENROLMENT_RE.match(number):
        raise ValidationError(
            _("Enter the 15-character GST enrolment number (it starts with your state code)."),
            code="invalid_enrolment",
        )
    return number


def normalise_bank_account(value: str) -> str:
    number = re.sub(r"\s", "", value or "")
    if not BANK_ACCOUNT_RE.match(number):
        raise ValidationError(
            _("Enter the bank account number: 9 to 18 digits."), code="invalid_account"
        )
    return number


def mask(value: str, *, visible: int = 4) -> str:
    """`XXXXXX1234F`-style masking for PAN and bank account numbers shown on pages."""
    if not value:
        return ""
    return "X" * max(0, len(value) - visible) + value[-visible:]
