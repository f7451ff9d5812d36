"""One cart places one order: a second tab (another idempotency key) is told the cart was
already ordered and shown that order, on the pages and in the API; stock is taken once."""

import pytest
from django.urls import reverse

from catalog.models import Listing
from orders.carts import DbCart
from orders.errors import CartAlreadyOrdered
from orders.models import Order
from orders.services import add_to_cart, place_order
from tests.race import run_before

from .factories import AddressFactory

pytestmark = pytest.mark.django_db


def _cart_and_address(buyer, listing, quantity=2):
    add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=quantity)
    return AddressFactory(user=buyer, state=listing.district.state)


def _form(address, key):
    return {
        "address": address.pk,
        "payment_method": "cod",
        "idempotency_key": key,
        "expected_total": "998.00",
    }


def test_second_tab_is_sent_to_the_order_the_cart_became(client, buyer, listing):
    client.force_login(buyer)
    address = _cart_and_address(buyer, listing)

    first = client.post(reverse("orders:place-order"), _form(address, "a" * 32))
    second = client.post(reverse("orders:place-order"), _form(address, "b" * 32), follow=True)

    order = Order.objects.get()
    assert first["Location"] == order.get_absolute_url()
    assert second.redirect_chain[-1][0] == order.get_absolute_url()
    assert f"This cart was already ordered as {order.number}." in second.content.decode()
    assert Listing.objects.get(pk=listing.pk).stock == 18


def test_the_other_tab_committing_just_before_us_is_told_not_duplicated(buyer, listing):
    """Deterministic: the second tab's whole checkout commits right before ours begins."""
    address = _cart_and_address(buyer, listing)

    def other_tab_places(**_kwargs):
        return place_order(
            buyer=buyer, address=address, payment_method="cod", idempotency_key="tab-two-key"
        )

    with (
        run_before("orders.services.checkout._place_order", other_tab_places) as hook,
        pytest.raises(CartAlreadyOrdered) as refused,
    ):
        place_order(
            buyer=buyer, address=address, payment_method="cod", idempotency_key="tab-one-key"
        )

    assert refused.value.order == hook[0] == Order.objects.get()
    assert Listing.objects.get(pk=listing.pk).stock == 18


def test_a_new_cart_after_ordering_places_a_new_order(buyer, listing):
    address = _cart_and_address(buyer, listing)
    first = place_order(buyer=buyer, address=address, payment_method="cod", idempotency_key="k1")
    add_to_cart(cart=DbCart(buyer), listing_id=listing.pk, quantity=1)

    second = place_order(buyer=buyer, address=address, payment_method="cod", idempotency_key="k2")

    assert second != first
    assert Listing.objects.get(pk=listing.pk).stock == 17


def test_api_second_key_for_the_same_cart_is_a_409_naming_the_order(buyer, listing):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(buyer)
    address = _cart_and_address(buyer, listing)
    payload = {"address": address.pk, "payment_method": "cod"}

    first = api.post(
        "/api/v1/orders/", payload, format="json", headers={"Idempotency-Key": "key-one-1"}
    )
    second = api.post(
        "/api/v1/orders/", payload, format="json", headers={"Idempotency-Key": "key-two-2"}
    )

    order = Order.objects.get()
    assert first.status_code == 201
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "cart_already_ordered"
    assert error["details"]["number"] == order.number
    assert error["details"]["url"] == order.get_absolute_url()
