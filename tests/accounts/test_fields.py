"""Mobile numbers typed the usual Indian ways all clean to the same 10 digits."""

import pytest
from django import forms

from accounts.fields import IndianMobileField


class MobileForm(forms.Form):
    mobile = IndianMobileField()


def cleaned(value):
    form = MobileForm({"mobile": value})
    return form.cleaned_data["mobile"] if form.is_valid() else form.errors["mobile"]


@pytest.mark.parametrize(
    "value",
    [
        "9876543210",
        "98765 43210",
        "+91 98765 43210",
        "+91-98765-43210",
        "+919876543210",
        "09876543210",
        "098765-43210",
        "919876543210",
        "0091 98765 43210",
        "(+91) 98765 43210",
        " 98765 43210 ",
    ],
)
def test_accepted_ways_of_writing_a_mobile_number(value):
    assert cleaned(value) == "9876543210"


@pytest.mark.parametrize(
    "value",
    [
        "0522 2345678",  # a Lucknow landline
        "022 2345 6789",  # a Mumbai landline
        "987654321",  # 9 digits
        "98765432100",  # 11 digits
        "98765abcde",  # letters
        "98765 4321O",  # a letter O for a zero
        "+1 9876543210",  # not India
        "5876543210",  # not a mobile series
        "९८७६५४३२१०",  # Devanagari digits
    ],
)
def test_refused_numbers(value):
    assert cleaned(value) == ["Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9."]


def test_the_input_takes_the_long_forms_and_a_phone_keypad():
    html = str(MobileForm()["mobile"])

    assert 'maxlength="20"' in html
    assert 'inputmode="tel"' in html
    assert 'autocomplete="tel-national"' in html
