"""The national page, state pages and district storefronts, in English and Hindi."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Listing
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ListingFactory,
    OdopProductFactory,
    StateFactory,
)


def titles_in(response) -> list[str]:
    return [listing.title for listing in response.context["page"].object_list]


# --- / ------------------------------------------------------------------------------------


def test_home_lists_states_categories_featured_districts_gi_products_and_newest(client, db):
    state = StateFactory(name="Uttar Pradesh", name_hi="उत्तर प्रदेश")
    district = DistrictFactory(state=state, name="Kannauj", is_featured=True)
    attar = OdopProductFactory(
        district=district, name="Kannauj Perfume", is_gi_tagged=True, category__name="Perfumes"
    )
    ListingFactory(odop_product=attar, title="Rose attar, 10 ml")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/states/uttar-pradesh/">Uttar Pradesh</a>' in html
    assert "उत्तर प्रदेश" not in html
    assert [d.name for d in response.context["featured_districts"]] == ["Kannauj"]
    assert [(c.name, c.live_count) for c in response.context["categories"]] == [("Perfumes", 1)]
    assert [p.name for p in response.context["gi_products"]] == ["Kannauj Perfume"]
    assert [listing.title for listing in response.context["newest"]] == ["Rose attar, 10 ml"]
    assert 'action="/search/"' in html


def test_home_counts_only_live_listings_of_verified_sellers(client, db):
    category = CategoryFactory(name="Handloom")
    ListingFactory(category=category, odop_product__category=category)
    ListingFactory(odop_product__category=category, status=Listing.Status.DRAFT)
    ListingFactory(odop_product__category=category, seller__status="suspended")

    response = client.get("/")

    assert [(c.name, c.live_count) for c in response.context["categories"]] == [("Handloom", 1)]
    assert len(response.context["newest"]) == 1


def test_hindi_home_shows_hindi_state_names(client, db):
    StateFactory(name="Uttar Pradesh", name_hi="उत्तर प्रदेश")
    StateFactory(name="Ladakh", name_hi="लद्दाख")

    response = client.get("/hi/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="hi">' in html
    assert '<a href="/hi/states/uttar-pradesh/">उत्तर प्रदेश</a>' in html
    assert '<a href="/hi/states/ladakh/">लद्दाख</a>' in html
    assert 'href="/" lang="en"' in html


# --- /states/<slug>/ ----------------------------------------------------------------------


def test_state_page_lists_districts_with_odop_products_and_live_counts(client, db):
    state = StateFactory(name="Uttar Pradesh")
    kannauj = DistrictFactory(state=state, name="Kannauj")
    agra = DistrictFactory(state=state, name="Agra")
    OdopProductFactory(district=kannauj, name="Kannauj Perfume", is_gi_tagged=True)
    ListingFactory.create_batch(2, district=kannauj)
    ListingFactory(district=kannauj, status=Listing.Status.PAUSED)
    ListingFactory(district=kannauj, seller__status="submitted")
    OdopProductFactory(district=agra, name="Leather Products")
    DistrictFactory(name="Patna")  # another state

    response = client.get("/states/uttar-pradesh/")

    assert response.status_code == 200
    districts = list(response.context["districts"])
    assert [(d.name, d.live_count) for d in districts] == [("Agra", 0), ("Kannauj", 2)]
    html = response.content.decode()
    assert 'Kannauj Perfume</a> <span class="badge badge-gi">GI</span>' in html
    assert "Leather Products</a></li>" in html
    assert "2 live listings" in html
    assert "0 live listings" in html
    assert "Patna" not in html


def test_hindi_state_page_shows_the_hindi_name(client, db):
    StateFactory(name="Ladakh", name_hi="लद्दाख")

    response = client.get("/hi/states/ladakh/")

    assert response.status_code == 200
    assert "<h1>लद्दाख</h1>" in response.content.decode()


def test_english_state_page_shows_the_hindi_name_beside_the_english_one(client, db):
    StateFactory(name="Ladakh", name_hi="लद्दाख")

    response = client.get("/states/ladakh/")

    assert '<h1>Ladakh <span lang="hi" class="alt-name">लद्दाख</span></h1>' in (
        response.content.decode()
    )


# --- /districts/<slug>/ -------------------------------------------------------------------


@pytest.fixture
def kannauj(db):
    return DistrictFactory(name="Kannauj", state__name="Uttar Pradesh")


def test_district_storefront_shows_odop_products_with_gi_status(client, kannauj):
    OdopProductFactory(
        district=kannauj, name="Kannauj Perfume", is_gi_tagged=True, category__name="Perfumes"
    )
    OdopProductFactory(
        district=kannauj, name="Potato", is_gi_tagged=False, rank="secondary", category__name="Food"
    )

    response = client.get("/districts/kannauj/")

    assert response.status_code == 200
    html = response.content.decode()
    assert [p.name for p in response.context["odop_products"]] == ["Kannauj Perfume", "Potato"]
    assert (
        "<strong>Kannauj Perfume</strong><span>Perfumes · Primary</span>"
        '<span class="badge badge-gi">GI-tagged</span></a>'
    ) in html
    assert html.count('<span class="badge badge-gi">GI-tagged</span>') == 1
    assert "<strong>Potato</strong><span>Food · Secondary</span></a>" in html


def test_district_storefront_shows_only_live_listings_of_verified_sellers(client, kannauj):
    ListingFactory(district=kannauj, title="Live attar")
    ListingFactory(district=kannauj, title="Draft attar", status=Listing.Status.DRAFT)
    ListingFactory(district=kannauj, title="Paused attar", status=Listing.Status.PAUSED)
    ListingFactory(district=kannauj, title="Submitted attar", status=Listing.Status.SUBMITTED)
    ListingFactory(district=kannauj, title="Unverified seller attar", seller__status="submitted")
    ListingFactory(district=kannauj, title="Suspended seller attar", seller__status="suspended")
    ListingFactory(title="Other district attar")

    response = client.get("/districts/kannauj/")

    assert titles_in(response) == ["Live attar"]
    html = response.content.decode()
    assert "Live attar" in html
    for hidden in (
        "Draft",
        "Paused",
        "Submitted",
        "Unverified seller",
        "Suspended seller",
        "Other",
    ):
        assert f"{hidden} attar" not in html


def test_district_storefront_shows_featured_listings_first(client, kannauj):
    now = timezone.now()
    for title, featured, position, age in [
        ("Newest plain", False, 0, 1),
        ("Older plain", False, 0, 5),
        ("Featured second", True, 2, 9),
        ("Featured first", True, 1, 8),
    ]:
        listing = ListingFactory(
            district=kannauj, title=title, is_featured=featured, featured_position=position
        )
        Listing.objects.filter(pk=listing.pk).update(created_at=now - timedelta(days=age))

    response = client.get("/districts/kannauj/")

    assert titles_in(response) == [
        "Featured first",
        "Featured second",
        "Newest plain",
        "Older plain",
    ]
    html = response.content.decode()
    assert html.index("Featured first") < html.index("Featured second") < html.index("Newest plain")


def test_district_storefront_shows_the_curator_story(client, kannauj):
    kannauj.story = "Kannauj has distilled attar for four centuries.\n\nRose, vetiver, mitti."
    kannauj.save()

    response = client.get("/districts/kannauj/")

    assert (
        '<h2 id="story-heading">About Kannauj</h2>\n  <div class="story-text"><p>Kannauj has '
        "distilled attar for four centuries.</p>\n\n<p>Rose, vetiver, mitti.</p></div>"
    ) in response.content.decode()


def test_district_storefront_without_story_or_listings_says_so(client, kannauj):
    response = client.get("/districts/kannauj/")

    html = response.content.decode()
    assert 'class="story-card"' not in html
    assert "No verified seller of this district has a live listing yet." in html


def test_district_storefront_is_paginated(client, kannauj):
    ListingFactory.create_batch(30, district=kannauj)

    first = client.get("/districts/kannauj/")
    second = client.get("/districts/kannauj/?page=2")

    assert len(first.context["page"].object_list) == 24
    assert len(second.context["page"].object_list) == 6
    assert "Page 2 of 2" in second.content.decode()
    assert set(titles_in(first)).isdisjoint(titles_in(second))


def test_hindi_district_storefront_shows_hindi_district_and_state_names(client, db):
    DistrictFactory(
        name="Kannauj", name_hi="कन्नौज", state__name="Uttar Pradesh", state__name_hi="उत्तर प्रदेश"
    )

    response = client.get("/hi/districts/kannauj/")

    assert response.status_code == 200
    assert '<h1>कन्नौज <span class="alt-name">उत्तर प्रदेश</span></h1>' in response.content.decode()


# --- Unknown slugs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/states/atlantis/",
        "/districts/atlantis/",
        "/products/atlantis/",
        "/categories/atlantis/",
        "/listings/999999-atlantis/",
    ],
)
def test_unknown_slug_gives_the_friendly_404_page(client, db, url):
    response = client.get(url)

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>We could not find that page</h1>" in html
    assert '<form action="/search/" method="get" role="search">' in html
    assert '<a class="button" href="/">' in html


def test_unknown_slug_on_a_hindi_page_gives_the_friendly_404_page_in_hindi(client, db):
    response = client.get("/hi/districts/atlantis/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="hi">' in html
    assert '<section class="notice">' in html
    assert '<form action="/hi/search/" method="get" role="search">' in html


def test_home_features_districts_with_most_live_listings_when_curators_chose_none(client, db):
    busy = DistrictFactory(name="Moradabad")
    quiet = DistrictFactory(name="Kannauj")
    DistrictFactory(name="Empty")
    ListingFactory.create_batch(3, district=busy)
    ListingFactory(district=quiet)

    response = client.get("/")

    featured = [(d.name, d.live_count) for d in response.context["featured_districts"]]
    assert featured == [("Moradabad", 3), ("Kannauj", 1)]
    assert "3 listings" in response.content.decode()


def test_home_puts_curator_featured_districts_first(client, db):
    busy = DistrictFactory(name="Moradabad")
    ListingFactory.create_batch(3, district=busy)
    DistrictFactory(name="Kannauj", is_featured=True)

    response = client.get("/")

    assert [d.name for d in response.context["featured_districts"]] == ["Kannauj", "Moradabad"]


def test_hindi_search_page_offers_hindi_state_names(client, db):
    StateFactory(name="Ladakh", name_hi="लद्दाख", slug="ladakh")

    response = client.get("/hi/search/", {"state": "ladakh"})

    assert response.status_code == 200
    assert '<option value="ladakh" selected>लद्दाख</option>' in response.content.decode()


def test_storefront_cards_show_gi_badge_only_for_verified_claims(client, kannauj):
    product = OdopProductFactory(district=kannauj, is_gi_tagged=True)
    ListingFactory(odop_product=product, title="Verified attar", gi_verified=True)
    ListingFactory(odop_product=product, title="Unverified attar")

    response = client.get("/districts/kannauj/")

    badges = {listing.title: listing.shows_gi_badge for listing in response.context["page"]}
    assert badges == {"Verified attar": True, "Unverified attar": False}
    html = response.content.decode()
    assert html.count('<span class="badge badge-gi" title="Geographical indication') == 1
