import pytest
from django.core.exceptions import ValidationError

from sellers import validators
from tests.sellers.factories import LADAKH_GSTIN, MAHARASHTRA_GSTIN, UP_GSTIN, UP_PAN


def messages_of(call, value):
    with pytest.raises(ValidationError) as caught:
        call(value)
    return caught.value.messages


def test_pan_is_normalised_and_checked():
    assert validators.normalise_pan(" aapfu 0939f ") == UP_PAN
    assert messages_of(validators.normalise_pan, "AAPFU0939") == [
        "Enter a PAN of 10 characters: 5 letters, 4 digits, 1 letter (like ABCPE1234F)."
    ]
    with pytest.raises(ValidationError):
        validators.normalise_pan("1APFU0939F")


def test_gstin_with_a_valid_checksum_passes():
    assert validators.normalise_gstin("09aapfu0939f1zt") == UP_GSTIN
    assert validators.normalise_gstin(MAHARASHTRA_GSTIN) == MAHARASHTRA_GSTIN


def test_ladakh_gstin_passes_although_stdnum_refuses_state_code_38():
    from stdnum.in_ import gstin

    assert not gstin.is_valid(LADAKH_GSTIN)  # the library gap we wrap

    assert validators.normalise_gstin(LADAKH_GSTIN) == LADAKH_GSTIN


def test_ladakh_gstin_with_a_wrong_check_character_fails():
    assert messages_of(validators.normalise_gstin, "38AAPFU0939F1ZT") == [
        "This GSTIN's check character is wrong. Please check it for typing mistakes."
    ]


def test_gstin_with_a_wrong_checksum_fails():
    assert messages_of(validators.normalise_gstin, "09AAPFU0939F1ZV") == [
        "This GSTIN's check character is wrong. Please check it for typing mistakes."
    ]


def test_gstin_of_an_unknown_state_code_fails():
    # Correct mod-36 check character for state code 40, which does not exist.
    assert messages_of(validators.normalise_gstin, "40AAPFU0939F1Z7") == [
        "40 is not a GST state code."
    ]


def test_malformed_gstin_fails():
    assert len(messages_of(validators.normalise_gstin, "09AAPFU0939F1X")) == 1
    assert len(messages_of(validators.normalise_gstin, "09AAPFU0939F0ZT")) == 1  # entity 0


def test_gstin_must_be_of_the_sellers_state_and_pan():
    with pytest.raises(ValidationError) as caught:
        validators.check_gstin_matches(gstin=UP_GSTIN, state_gst_code="27", pan="ABCPE1234F")

    assert caught.value.messages == [
        "This GSTIN is registered in another state (code 09). Your district's state has GST "
        "code 27.",
        "The PAN inside this GSTIN (AAPFU0939F) is not the PAN you gave.",
    ]
    validators.check_gstin_matches(gstin=UP_GSTIN, state_gst_code="09", pan=UP_PAN)


@pytest.mark.parametrize("value", ["SBIN0001234", "sbin0abc123", "HDFC0 001234"])
def test_valid_ifsc(value):
    assert validators.normalise_ifsc(value) == value.replace(" ", "").upper()


@pytest.mark.parametrize("value", ["SBIN1001234", "SBI00001234", "SBIN000123", "SBIN0001234X"])
def test_malformed_ifsc(value):
    assert messages_of(validators.normalise_ifsc, value) == [
        "Enter an IFSC of 11 characters: 4 letters, a zero, then 6 letters or digits."
    ]


@pytest.mark.parametrize("value", ["011001", "12345", "1234567", "12a456"])
def test_malformed_pin_code(value):
    assert messages_of(validators.normalise_pin_code, value) == [
        "Enter a PIN code of 6 digits that does not start with 0."
    ]


def test_valid_pin_code():
    assert validators.normalise_pin_code(" 209 725 ") == "209725"


def test_udyam_number():
    assert validators.normalise_udyam("udyam-up-01-0012345") == "UDYAM-UP-01-0012345"
    for bad in ("UDYAM-U-01-0012345", "UDYAM-UP-1-0012345", "UDYAM-UP-01-001234", "UP-01-0012345"):
        assert messages_of(validators.normalise_udyam, bad) == [
            "Enter the Udyam registration number as UDYAM-XX-00-0000000."
        ]


def test_masking_keeps_the_last_four():
    assert validators.mask(UP_PAN) == "XXXXXX939F"
    assert validators.mask("123456789012") == "XXXXXXXX9012"
    assert validators.mask("") == ""
