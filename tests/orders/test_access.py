"""Nobody sees or changes another buyer's orders, addresses or invoices, or another seller's shipments."""

import pytest
from django.urls import reverse

from catalog.models import Listing
from orders.models import Shipment
from orders.services import seller_move
from tests.factories import UserFactory

from .factories import AddressFactory, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(buyer, listing):
    return place(buyer=buyer, items=[(listing, 2)])


@pytest.fixture
def stranger(db):
    return UserFactory()


def test_other_buyer_gets_404_on_an_order(client, order, stranger):
    client.force_login(stranger)

    for name in ("orders:order-detail", "orders:order-pay"):
        assert client.get(reverse(name, args=[order.pk])).status_code == 404
    assert order.number not in client.get(reverse("orders:order-list")).content.decode()


def test_other_buyer_cannot_cancel_a_shipment(client, order, stranger, listing):
    shipment = order.shipments.get()
    client.force_login(stranger)

    response = client.post(reverse("orders:shipment-cancel", args=[shipment.pk]))

    assert response.status_code == 404
    assert Shipment.objects.get(pk=shipment.pk).status == Shipment.Status.PLACED
    assert Listing.objects.get(pk=listing.pk).stock == 18


def test_other_buyer_cannot_pay_callback_an_order(client, order, stranger):
    client.force_login(stranger)

    response = client.post(
        reverse("orders:payment-callback", args=[order.pk]),
        {"razorpay_payment_id": "p", "razorpay_order_id": "o", "razorpay_signature": "s"},
    )

    assert response.status_code == 404


def test_other_buyers_address_cannot_be_used_at_checkout(client, buyer, listing, stranger):
    theirs = AddressFactory(
        user=stranger, state=listing.district.state, full_name="Stranger Danger"
    )
    AddressFactory(user=buyer, state=listing.district.state)
    client.force_login(buyer)
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})

    review = client.post(
        reverse("orders:checkout"), {"address": theirs.pk, "payment_method": "cod", "review": "1"}
    )
    place_response = client.post(
        reverse("orders:place-order"),
        {
            "address": theirs.pk,
            "payment_method": "cod",
            "idempotency_key": "a" * 32,
            "expected_total": "499.00",
        },
    )

    assert theirs.full_name not in review.content.decode()
    assert "Select a valid choice" in review.content.decode()
    assert place_response.status_code == 302
    assert buyer.orders.count() == 0


def test_invoice_only_for_its_buyer_and_seller(
    client, order, buyer, seller, other_seller, stranger
):
    shipment = order.shipments.get()
    for move in ("accepted", "packed"):
        seller_move(shipment=shipment, to=move, by=seller.user)
    seller_move(
        shipment=shipment, to="dispatched", by=seller.user, courier="c", tracking_number="t"
    )
    invoice = Shipment.objects.get(pk=shipment.pk).invoice

    codes = {}
    for who in (buyer, seller.user, other_seller.user, stranger):
        client.force_login(who)
        codes[who.email] = (
            client.get(reverse("orders:invoice", args=[invoice.pk])).status_code,
            client.get(reverse("orders:invoice-pdf", args=[invoice.pk])).status_code,
        )

    assert list(codes.values()) == [(200, 200), (200, 200), (404, 404), (404, 404)]


def test_other_seller_cannot_see_or_move_a_shipment(client, order, other_seller):
    shipment = order.shipments.get()
    client.force_login(other_seller.user)
    url = reverse("orders:seller-shipment", args=[shipment.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"to": "accepted"}).status_code == 404
    assert Shipment.objects.get(pk=shipment.pk).status == Shipment.Status.PLACED
    assert str(order.number) not in client.get(reverse("orders:seller-orders")).content.decode()


def test_buyer_without_seller_profile_gets_404_on_the_seller_queue(client, buyer):
    client.force_login(buyer)

    assert client.get(reverse("orders:seller-orders")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, order):
    response = client.get(reverse("orders:order-detail", args=[order.pk]))

    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_buyer_removes_own_address_but_not_anothers(client, buyer, stranger, listing):
    mine = AddressFactory(user=buyer, full_name="Mine Only")
    theirs = AddressFactory(user=stranger, full_name="Stranger Danger")
    client.force_login(buyer)

    page = client.get(reverse("orders:address-list")).content.decode()
    refused = client.post(reverse("orders:address-delete", args=[theirs.pk]))
    removed = client.post(reverse("orders:address-delete", args=[mine.pk]))

    assert "Mine Only" in page
    assert "Stranger Danger" not in page
    assert refused.status_code == 404
    assert removed.status_code == 302
    assert list(stranger.addresses.values_list("pk", flat=True)) == [theirs.pk]
    assert buyer.addresses.count() == 0


def test_removing_an_address_leaves_orders_untouched(client, buyer, listing):
    order = place(buyer=buyer, items=[(listing, 1)])
    address = buyer.addresses.get()
    client.force_login(buyer)

    client.post(reverse("orders:address-delete", args=[address.pk]))

    order.refresh_from_db()
    assert (order.ship_name, order.ship_pin_code) == ("Bina Buyer", "226001")


def test_staff_see_orders_in_admin_but_cannot_change_or_delete(admin_client, order):
    listing_page = admin_client.get("/admin/orders/order/")
    change_page = admin_client.get(f"/admin/orders/order/{order.pk}/change/")
    delete_page = admin_client.get(f"/admin/orders/order/{order.pk}/delete/")

    assert listing_page.status_code == 200
    assert order.number in listing_page.content.decode()
    assert change_page.status_code == 200  # view-only
    assert delete_page.status_code == 403
