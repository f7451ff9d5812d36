"""Seller listings API: own listings only, the page's rules, the same services."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Listing
from tests.factories import ListingFactory, OdopProductFactory, SellerFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("api:seller-listing-list")


def detail(listing):
    return reverse("api:seller-listing-detail", kwargs={"pk": listing.pk})


@pytest.fixture
def seller(client):
    seller = SellerFactory()
    client.force_login(seller.user)
    return seller


def payload(product, **overrides):
    return {
        "title": "Rose attar, 10 ml",
        "odop_product": product.pk,
        "category": product.category_id,
        "price": "450.00",
        "mrp": "500.00",
        "stock": 12,
        "hsn_code": "3303",
        **overrides,
    }


def test_seller_creates_a_draft_and_lists_only_own_listings(client, seller):
    product = OdopProductFactory(district=seller.district)
    ListingFactory(title="Someone else's")

    created = client.post(
        LIST, payload(product, status="live", seller=999), content_type="application/json"
    )
    listed = client.get(LIST)

    assert created.status_code == 201
    listing = Listing.objects.get(pk=created.json()["id"])
    assert (listing.seller, listing.status, listing.price) == (seller, "draft", Decimal("450.00"))
    assert [row["title"] for row in listed.json()["results"]] == ["Rose attar, 10 ml"]


def test_the_pages_rules_apply(client, seller):
    product = OdopProductFactory(district=seller.district)

    response = client.post(
        LIST, payload(product, mrp="400.00", hsn_code="33"), content_type="application/json"
    )

    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert details["mrp"] == ["The MRP must be at least the price."]
    assert details["hsn_code"] == ["An HSN code has 4 to 8 digits."]
    assert Listing.objects.count() == 0


def test_an_hsn_code_without_a_gst_rule_is_refused_by_name(client, seller):
    product = OdopProductFactory(district=seller.district)

    response = client.post(
        LIST, payload(product, hsn_code="12345678"), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["details"]["hsn_code"] == [
        "ODOP Bazaar has no GST rate for HSN code 12345678. Pick a code from the list, or ask "
        "the curators to add it."
    ]
    assert Listing.objects.count() == 0


def test_the_gst_rate_follows_the_hsn_code_and_a_sent_rate_is_ignored(client, seller):
    product = OdopProductFactory(district=seller.district)

    response = client.post(
        LIST,
        payload(product, hsn_code="33030090", gst_rate="5.00"),  # an 8-digit code of 3303
        content_type="application/json",
    )

    assert response.status_code == 201
    assert (response.json()["hsn_code"], response.json()["gst_rate"]) == ("33030090", "18.00")


def test_hsn_codes_are_listed_with_their_rules(client):
    response = client.get("/api/v1/hsn-codes/")

    rows = {row["code"]: row for row in response.json()}
    assert rows["3303"]["rate"] == "18.00"
    assert (rows["6204"]["rate"], rows["6204"]["threshold"], rows["6204"]["rate_above"]) == (
        "5.00",
        "2500.00",
        "18.00",
    )
    assert "61" not in rows  # chapters only back up longer codes


def test_patch_changes_stock_and_keeps_a_live_listing_live(client, seller):
    listing = ListingFactory(seller=seller, stock=20)

    response = client.patch(detail(listing), {"stock": 3}, content_type="application/json")

    assert response.status_code == 200
    listing.refresh_from_db()
    assert (listing.stock, listing.status) == (3, "live")


def test_submit_by_api_needs_a_verified_seller(client):
    seller = SellerFactory(status="submitted")
    listing = ListingFactory(seller=seller, status="draft")
    client.force_login(seller.user)

    response = client.post(
        reverse("api:seller-listing-action", kwargs={"pk": listing.pk, "action": "submit"})
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "seller_not_verified"
    assert Listing.objects.get(pk=listing.pk).status == "draft"


def test_another_sellers_listing_is_404_and_unchanged(client, seller):
    theirs = ListingFactory(stock=20)

    read = client.get(detail(theirs))
    patch = client.patch(detail(theirs), {"stock": 0}, content_type="application/json")
    pause = client.post(
        reverse("api:seller-listing-action", kwargs={"pk": theirs.pk, "action": "pause"})
    )

    assert (read.status_code, patch.status_code, pause.status_code) == (404, 404, 404)
    theirs.refresh_from_db()
    assert (theirs.stock, theirs.status) == (20, "live")


def test_buyers_and_anonymous_visitors_get_no_seller_api(client):
    anonymous = client.get(LIST)
    client.force_login(UserFactory())
    buyer = client.get(LIST)

    assert anonymous.status_code == 403
    assert buyer.status_code == 404
