"""PIN code → state: every state and UT of ours is reached, tricky ones by a real PIN."""

import csv

import indian_pincode
import pytest
from django.core.exceptions import ValidationError

from districts.pincodes import LIBRARY_STATE_ISO, check_pin_code_in_state, state_iso_codes
from districts.reference_data import FIXTURES_DIR
from tests.factories import StateFactory


def our_states() -> dict[str, str]:
    """ISO code → name, from the reference data the site loads (fixtures/states.csv)."""
    with open(FIXTURES_DIR / "states.csv", encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["iso_3166_2"]: row["state_name"] for row in rows}


def test_every_library_state_maps_to_one_of_our_36_and_back():
    ours = our_states()

    assert len(ours) == 36
    assert sorted(LIBRARY_STATE_ISO) == sorted(indian_pincode.list_states())
    assert sorted(LIBRARY_STATE_ISO.values()) == sorted(ours)
    for library_name, iso_code in LIBRARY_STATE_ISO.items():  # and no two are swapped
        assert library_name.removeprefix("THE ") == ours[iso_code].upper(), iso_code


@pytest.mark.parametrize(
    ("pin_code", "iso_code"),
    [
        ("194101", "IN-LA"),  # Leh, Ladakh
        ("396210", "IN-DH"),  # Daman, Dadra and Nagar Haveli and Daman and Diu
        ("180001", "IN-JK"),  # Jammu
        ("605001", "IN-PY"),  # Puducherry
        ("744101", "IN-AN"),  # Port Blair, Andaman and Nicobar Islands
        ("209725", "IN-UP"),  # Kannauj
        ("110001", "IN-DL"),
    ],
)
def test_pin_codes_of_states_and_union_territories(pin_code, iso_code):
    assert state_iso_codes(pin_code)[0] == iso_code


def test_a_pin_straddling_a_border_serves_both_states():
    assert state_iso_codes("110025") == ["IN-DL", "IN-UP"]


@pytest.mark.django_db
def test_a_pin_of_another_state_names_both():
    bihar = StateFactory(name="Bihar", iso_code="IN-BR")
    StateFactory(name="Uttar Pradesh", iso_code="IN-UP")

    with pytest.raises(ValidationError) as refused:
        check_pin_code_in_state(pin_code="226001", state=bihar)

    assert refused.value.messages == ["PIN code 226001 is in Uttar Pradesh, not Bihar."]


@pytest.mark.django_db
@pytest.mark.parametrize("pin_code", ["999999", "100000"])
def test_an_unknown_pin_is_refused(pin_code):
    with pytest.raises(ValidationError) as refused:
        check_pin_code_in_state(pin_code=pin_code, state=StateFactory(iso_code="IN-UP"))

    assert refused.value.messages == [
        f"PIN code {pin_code} does not exist. Please check it on your post or a bill."
    ]
