"""Which state a PIN code belongs to, from India Post's directory (the indian-pincode library).

The library names states in upper case, as India Post does; `LIBRARY_STATE_ISO` maps each of
its 36 names to our State rows' ISO 3166-2 code once (tests/districts/test_pincodes.py proves
every State of fixtures/states.csv is reached). A few PINs straddle a state border; an address
in any of the PIN's states is accepted.
"""

import indian_pincode
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import State

LIBRARY_STATE_ISO = {
    "ANDAMAN AND NICOBAR ISLANDS": "IN-AN",
    "ANDHRA PRADESH": "IN-AP",
    "ARUNACHAL PRADESH": "IN-AR",
    "ASSAM": "IN-AS",
    "BIHAR": "IN-BR",
    "CHANDIGARH": "IN-CH",
    "CHHATTISGARH": "IN-CG",
    "DELHI": "IN-DL",
    "GOA": "IN-GA",
    "GUJARAT": "IN-GJ",
    "HARYANA": "IN-HR",
    "HIMACHAL PRADESH": "IN-HP",
    "JAMMU AND KASHMIR": "IN-JK",
    "JHARKHAND": "IN-JH",
    "KARNATAKA": "IN-KA",
    "KERALA": "IN-KL",
    "LADAKH": "IN-LA",
    "LAKSHADWEEP": "IN-LD",
    "MADHYA PRADESH": "IN-MP",
    "MAHARASHTRA": "IN-MH",
    "MANIPUR": "IN-MN",
    "MEGHALAYA": "IN-ML",
    "MIZORAM": "IN-MZ",
    "NAGALAND": "IN-NL",
    "ODISHA": "IN-OD",
    "PUDUCHERRY": "IN-PY",
    "PUNJAB": "IN-PB",
    "RAJASTHAN": "IN-RJ",
    "SIKKIM": "IN-SK",
    "TAMIL NADU": "IN-TN",
    "TELANGANA": "IN-TS",
    "THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU": "IN-DH",
    "TRIPURA": "IN-TR",
    "UTTAR PRADESH": "IN-UP",
    "UTTARAKHAND": "IN-UK",
    "WEST BENGAL": "IN-WB",
}


def state_iso_codes(pin_code: str) -> list[str] | None:
    """ISO codes of the states a PIN code serves, main one first; None for an unknown PIN.

    A PIN India Post lists without a state gives an empty list: nothing to check it against.
    """
    details = indian_pincode.get_details(pin_code)
    if details is None:
        return None
    names = [details["state"]] if details["state"] else []
    names += [name for name in details["states"] if name not in names]
    return [LIBRARY_STATE_ISO[name] for name in names]


def _state_name(iso_code: str) -> str:
    state = State.objects.filter(iso_code=iso_code).first()
    if state is not None:
        return state.display_name
    library_name = next(name for name, code in LIBRARY_STATE_ISO.items() if code == iso_code)
    return library_name.title().replace(" And ", " and ")


def check_pin_code_in_state(*, pin_code: str, state: State) -> None:
    """Raise a ValidationError (for the PIN code field) unless the PIN is known and serves
    `state`. Call it with a PIN of the right format (6 digits, not starting with 0)."""
    codes = state_iso_codes(pin_code)
    if codes is None:
        raise ValidationError(
            _("PIN code %(pin)s does not exist. Please check it on your post or a bill.")
            % {"pin": pin_code},
            code="unknown_pin",
        )
    if codes and state.iso_code not in codes:
        raise ValidationError(
            _("PIN code %(pin)s is in %(pin_state)s, not %(state)s.")
            % {"pin": pin_code, "pin_state": _state_name(codes[0]), "state": state.display_name},
            code="pin_other_state",
        )
