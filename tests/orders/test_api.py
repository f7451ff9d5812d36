import pytest
from rest_framework.test import APIClient

from catalog.models import Listing
from orders.models import Order, Shipment

from .factories import AddressFactory, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(buyer):
    client = APIClient()
    client.force_authenticate(buyer)
    return client


def test_cart_put_and_get(api, listing):
    api.put("/api/v1/cart/", {"listing": listing.pk, "quantity": 3}, format="json")

    body = api.get("/api/v1/cart/").json()

    assert body["count"] == 3
    assert body["total"] == "1497.00"
    assert body["items"][0]["title"] == "Kannauj Attar 10 ml"


def test_cart_refuses_more_than_stock_with_a_json_error(api, listing):
    response = api.put("/api/v1/cart/", {"listing": listing.pk, "quantity": 21}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "out_of_stock"


def test_checkout_with_idempotency_key_makes_one_order(api, buyer, listing):
    address = AddressFactory(user=buyer, state=listing.district.state)
    api.put("/api/v1/cart/", {"listing": listing.pk, "quantity": 2}, format="json")
    payload = {"address": address.pk, "payment_method": "cod", "total": "1.00"}

    first = api.post(
        "/api/v1/orders/", payload, format="json", headers={"Idempotency-Key": "k-123456789"}
    )
    second = api.post(
        "/api/v1/orders/", payload, format="json", headers={"Idempotency-Key": "k-123456789"}
    )

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["total"] == "998.00"
    assert first.json()["shipments"][0]["lines"][0]["taxable_value"] == "998.00"  # no GSTIN: no GST
    assert Order.objects.count() == 1
    assert Listing.objects.get(pk=listing.pk).stock == 18


def test_checkout_without_idempotency_key_is_a_400(api, buyer, listing):
    address = AddressFactory(user=buyer, state=listing.district.state)
    api.put("/api/v1/cart/", {"listing": listing.pk, "quantity": 1}, format="json")

    response = api.post(
        "/api/v1/orders/", {"address": address.pk, "payment_method": "cod"}, format="json"
    )

    assert response.status_code == 400
    assert Order.objects.count() == 0


def test_checkout_with_someone_elses_address_is_a_404(api, listing):
    theirs = AddressFactory(state=listing.district.state)
    api.put("/api/v1/cart/", {"listing": listing.pk, "quantity": 1}, format="json")

    response = api.post(
        "/api/v1/orders/",
        {"address": theirs.pk, "payment_method": "cod"},
        format="json",
        headers={"Idempotency-Key": "k-abcdefgh"},
    )

    assert response.status_code == 404
    assert Order.objects.count() == 0


def test_orders_are_scoped_to_the_buyer(api, buyer, listing, other_seller):
    mine = place(buyer=buyer, items=[(listing, 1)])
    theirs = place(buyer=other_seller.user, items=[(listing, 1)])

    listed = [o["id"] for o in api.get("/api/v1/orders/").json()["results"]]

    assert listed == [mine.pk]
    assert api.get(f"/api/v1/orders/{theirs.pk}/").status_code == 404


def test_seller_moves_own_shipment_and_not_others(buyer, seller, other_seller, listing):
    shipment = place(buyer=buyer, items=[(listing, 1)]).shipments.get()
    owner, stranger = APIClient(), APIClient()
    owner.force_authenticate(seller.user)
    stranger.force_authenticate(other_seller.user)

    refused = stranger.post(
        f"/api/v1/seller/shipments/{shipment.pk}/move/", {"to": "accepted"}, format="json"
    )
    accepted = owner.post(
        f"/api/v1/seller/shipments/{shipment.pk}/move/", {"to": "accepted"}, format="json"
    )
    bad = owner.post(
        f"/api/v1/seller/shipments/{shipment.pk}/move/", {"to": "delivered"}, format="json"
    )

    assert refused.status_code == 404
    assert accepted.json()["status"] == "accepted"
    assert bad.status_code == 409
    assert bad.json()["error"]["code"] == "transition_not_allowed"
    assert Shipment.objects.get(pk=shipment.pk).status == "accepted"
    assert [s["id"] for s in owner.get("/api/v1/seller/shipments/").json()["results"]] == [
        shipment.pk
    ]
    assert stranger.get("/api/v1/seller/shipments/").json()["results"] == []


def test_buyer_cancels_through_the_api(api, buyer, listing):
    shipment = place(buyer=buyer, items=[(listing, 2)]).shipments.get()

    response = api.post(
        f"/api/v1/shipments/{shipment.pk}/cancel/", {"reason": "changed my mind"}, format="json"
    )

    assert response.json()["status"] == "cancelled"
    assert Listing.objects.get(pk=listing.pk).stock == 20


def test_anonymous_gets_403(client):
    assert client.get("/api/v1/orders/").status_code == 403
