"""The read API: the same selectors as the pages, one JSON error shape."""

from decimal import Decimal

import pytest

from catalog.models import Listing
from tests.factories import DistrictFactory, ListingFactory, ListingImageFactory, StateFactory


def test_listing_detail_api_shows_what_the_page_shows(client, db):
    listing = ListingFactory(
        title="Rose attar",
        price=Decimal("1250.00"),
        mrp=Decimal("1500.00"),
        stock=4,
        odop_product__is_gi_tagged=True,
        gi_verified=True,
        district=DistrictFactory(slug="kannauj", state__slug="uttar-pradesh"),
    )
    image = ListingImageFactory(listing=listing)

    response = client.get(f"/api/v1/listings/{listing.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Rose attar"
    assert body["url"] == f"/listings/{listing.pk}-rose-attar/"
    assert (body["price"], body["mrp"], body["stock"]) == ("1250.00", "1500.00", 4)
    assert (body["district"], body["state"]) == ("kannauj", "uttar-pradesh")
    assert body["is_in_stock"] is True
    assert body["shows_gi_badge"] is True
    assert body["image"] == image.image.url
    assert body["gst_rate"] == "5.00"


@pytest.mark.parametrize(
    "hidden",
    [{"status": Listing.Status.DRAFT}, {"seller__status": "suspended"}],
    ids=["draft", "suspended-seller"],
)
def test_listing_detail_api_hides_what_buyers_may_not_see(client, db, hidden):
    listing = ListingFactory(**hidden)

    response = client.get(f"/api/v1/listings/{listing.pk}/")

    assert response.status_code == 404
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["message"] == "No Listing matches the given query."


def test_listing_list_api_shows_only_live_listings_of_verified_sellers(client, db):
    ListingFactory(title="Live")
    ListingFactory(title="Paused", status=Listing.Status.PAUSED)
    ListingFactory(title="Unverified", seller__status="submitted")

    response = client.get("/api/v1/listings/")

    assert [row["title"] for row in response.json()["results"]] == ["Live"]


def test_states_api_lists_states_with_district_counts(client, db):
    ladakh = StateFactory(name="Ladakh", name_hi="लद्दाख", slug="ladakh", gst_code="38")
    DistrictFactory.create_batch(2, state=ladakh)

    response = client.get("/api/v1/states/")

    assert response.status_code == 200
    [row] = response.json()
    assert (row["name"], row["name_hi"], row["gst_code"], row["district_count"]) == (
        "Ladakh",
        "लद्दाख",
        "38",
        2,
    )


def test_state_districts_api_counts_live_listings(client, db):
    leh = DistrictFactory(name="Leh", slug="leh", state__slug="ladakh")
    DistrictFactory(name="Kargil", slug="kargil", state=leh.state)
    ListingFactory.create_batch(2, district=leh)
    ListingFactory(district=leh, status=Listing.Status.DRAFT)

    response = client.get("/api/v1/states/ladakh/districts/")

    assert [(row["slug"], row["live_count"]) for row in response.json()] == [
        ("kargil", 0),
        ("leh", 2),
    ]


def test_unknown_state_in_the_api_gives_404_json(client, db):
    response = client.get("/api/v1/states/atlantis/districts/")

    assert response.status_code == 404
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["message"] == "No State matches the given query."
