"""Form fields for what Indians type into address and contact forms."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^[6-9][0-9]{9}$")
# Spaces, hyphens, dots and brackets people put between digit groups: "(+91) 98765-43210".
SEPARATORS_RE = re.compile(r"[\s().-]")


def normalise_mobile(value: str) -> str:
    """An Indian mobile number as its 10 digits, from any of the ways people write it:
    98765 43210, +91 98765 43210, +91-98765-43210, 0091 98765 43210, 919876543210 and
    09876543210 (the trunk 0). Raises ValidationError for anything else.

    Plain code rather than libphonenumber: the whole rule is an optional +91/0091/91/0 prefix
    and 10 digits starting with 6, 7, 8 or 9 (TRAI's mobile series). It refuses landlines whose
    area code starts with 1 to 5 (0522 2345678); one written with an area code starting with
    6 to 9 (080 Bengaluru) has the shape of a mobile number and passes, as digits alone cannot
    tell them apart.
    """
    digits = SEPARATORS_RE.sub("", value or "")
    if digits.startswith("+91"):
        digits = digits[3:]
    elif digits.startswith("0091"):
        digits = digits[4:]
    elif len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    if not (digits.isascii() and MOBILE_RE.match(digits)):
        raise ValidationError(
            _("Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9."),
            code="invalid_mobile",
        )
    return digits


class IndianMobileField(forms.CharField):
    """A mobile number typed any usual way; cleans to its 10 digits (what the models store).

    Declare it on a ModelForm instead of the model's generated field: that one would put
    maxlength="10" on the input, so "+91 98765 43210" could not even be typed.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("help_text", _("10 digits, like 98765 43210."))
        kwargs.setdefault("max_length", 20)  # the typed text, with +91 and spaces
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update(inputmode="tel", autocomplete="tel-national")
        return attrs

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalise_mobile(value) if value else value
