"""The buyer's address form (checkout and the addresses page): PIN agrees with the state,
the mobile number is stored as its 10 digits."""

import pytest
from django.urls import reverse

from accounts.models import Address
from orders.forms import AddressForm
from tests.factories import StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uttar_pradesh():
    return StateFactory(name="Uttar Pradesh", iso_code="IN-UP")


@pytest.fixture
def bihar():
    return StateFactory(name="Bihar", iso_code="IN-BR")


def address(state, **overrides):
    return {
        "address-full_name": "Bina Buyer",
        "address-mobile": "+91 98765 43210",
        "address-line1": "14 Gandhi Road",
        "address-city": "Lucknow",
        "address-state": state.pk,
        "address-pin_code": "226001",
        **overrides,
    }


def test_address_is_saved_with_the_ten_digit_mobile(client, buyer, uttar_pradesh):
    client.force_login(buyer)

    response = client.post(reverse("orders:address-list"), address(uttar_pradesh))

    assert response.status_code == 302
    saved = Address.objects.get(user=buyer)
    assert (saved.mobile, saved.pin_code, saved.state) == ("9876543210", "226001", uttar_pradesh)


def test_a_pin_of_another_state_is_a_form_error_naming_both(client, buyer, uttar_pradesh, bihar):
    client.force_login(buyer)

    response = client.post(reverse("orders:address-list"), address(bihar))

    assert response.status_code == 200
    assert "PIN code 226001 is in Uttar Pradesh, not Bihar." in response.text
    assert Address.objects.count() == 0


def test_an_unknown_pin_is_refused(uttar_pradesh):
    form = AddressForm(address(uttar_pradesh, **{"address-pin_code": "999999"}), prefix="address")

    assert not form.is_valid()
    assert form.errors["pin_code"] == [
        "PIN code 999999 does not exist. Please check it on your post or a bill."
    ]


def test_a_malformed_pin_gets_only_the_format_error(uttar_pradesh):
    form = AddressForm(address(uttar_pradesh, **{"address-pin_code": "011001"}), prefix="address")

    assert not form.is_valid()
    assert form.errors["pin_code"] == ["A PIN code is 6 digits and does not start with 0."]


def test_a_landline_is_refused(uttar_pradesh):
    form = AddressForm(
        address(uttar_pradesh, **{"address-mobile": "0522 2345678"}), prefix="address"
    )

    assert not form.is_valid()
    assert form.errors["mobile"] == [
        "Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9."
    ]
