"""/search/: keywords, filters, sorting, pagination and bad input; the API shares the FilterSet."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Listing
from catalog.search import query_terms
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ListingFactory,
    OdopProductFactory,
    StateFactory,
)


def titles_in(response) -> list[str]:
    return [listing.title for listing in response.context["page"].object_list]


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


# --- Filters ------------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    """Six live listings over two states, three districts and two categories."""
    up = StateFactory(name="Uttar Pradesh", slug="uttar-pradesh")
    ladakh = StateFactory(name="Ladakh", slug="ladakh")
    kannauj = DistrictFactory(state=up, name="Kannauj", slug="kannauj")
    varanasi = DistrictFactory(state=up, name="Varanasi", slug="varanasi")
    leh = DistrictFactory(state=ladakh, name="Leh", slug="leh")
    perfume = CategoryFactory(name="Perfumes", slug="perfumes")
    textile = CategoryFactory(name="Textiles", slug="textiles")
    attar = OdopProductFactory(district=kannauj, category=perfume, is_gi_tagged=True)
    saree = OdopProductFactory(district=varanasi, category=textile, is_gi_tagged=True)
    pashmina = OdopProductFactory(district=leh, category=textile, is_gi_tagged=False)
    now = timezone.now()
    rows = [
        ("Rose attar", attar, "450.00", 10, True, 6),
        ("Vetiver attar", attar, "1200.00", 0, False, 5),
        ("Banarasi silk saree", saree, "18500.00", 3, True, 4),
        ("Cotton saree", saree, "999.00", 7, False, 3),
        ("Pashmina stole", pashmina, "6500.00", 2, True, 2),
        ("Pashmina shawl", pashmina, "24000.00", 5, False, 1),
    ]
    for title, product, price, stock, gi_verified, age in rows:
        listing = ListingFactory(
            odop_product=product,
            title=title,
            price=Decimal(price),
            stock=stock,
            gi_verified=gi_verified,
        )
        Listing.objects.filter(pk=listing.pk).update(created_at=now - timedelta(days=age))


NEWEST_FIRST = [
    "Pashmina shawl",
    "Pashmina stole",
    "Cotton saree",
    "Banarasi silk saree",
    "Vetiver attar",
    "Rose attar",
]


def test_search_without_filters_shows_every_live_listing_newest_first(client, catalogue):
    ListingFactory(title="Draft", status=Listing.Status.DRAFT)
    ListingFactory(title="Suspended", seller__status="suspended")

    response = search(client)

    assert titles_in(response) == NEWEST_FIRST
    assert "6 results" in response.content.decode()


def test_filter_by_state(client, catalogue):
    response = search(client, state="ladakh")

    assert titles_in(response) == ["Pashmina shawl", "Pashmina stole"]


def test_state_filter_offers_that_states_districts(client, catalogue):
    response = search(client, state="uttar-pradesh")

    assert [d.name for d in response.context["districts"]] == ["Kannauj", "Varanasi"]
    assert '<option value="kannauj">Kannauj</option>' in response.content.decode()


def test_filter_by_district(client, catalogue):
    response = search(client, district="kannauj")

    assert titles_in(response) == ["Vetiver attar", "Rose attar"]


def test_filter_by_category(client, catalogue):
    response = search(client, category="perfumes")

    assert titles_in(response) == ["Vetiver attar", "Rose attar"]


def test_gi_filter_keeps_gi_products_with_verified_claims(client, catalogue):
    response = search(client, gi="true")

    # Pashmina stole has a verified claim, but its ODOP product is not GI-tagged here.
    assert titles_in(response) == ["Banarasi silk saree", "Rose attar"]


def test_filter_by_price_range_is_inclusive(client, catalogue):
    response = search(client, min_price="999", max_price="6500")

    assert titles_in(response) == ["Pashmina stole", "Cotton saree", "Vetiver attar"]


def test_in_stock_filter_hides_sold_out_listings(client, catalogue):
    response = search(client, in_stock="true", category="perfumes")

    assert titles_in(response) == ["Rose attar"]


def test_filters_combine(client, catalogue):
    response = search(client, state="uttar-pradesh", category="textiles", max_price="5000")

    assert titles_in(response) == ["Cotton saree"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "price",
            [
                "Rose attar",
                "Cotton saree",
                "Vetiver attar",
                "Pashmina stole",
                "Banarasi silk saree",
                "Pashmina shawl",
            ],
        ),
        (
            "-price",
            [
                "Pashmina shawl",
                "Banarasi silk saree",
                "Pashmina stole",
                "Vetiver attar",
                "Cotton saree",
                "Rose attar",
            ],
        ),
        ("newest", NEWEST_FIRST),
        ("relevance", NEWEST_FIRST),  # without keywords, relevance falls back to newest
    ],
)
def test_sorting(client, catalogue, sort, expected):
    response = search(client, sort=sort)

    assert titles_in(response) == expected
    assert f'<option value="{sort}" selected>' in response.content.decode()


def test_results_are_paginated(client, db):
    district = DistrictFactory()
    ListingFactory.create_batch(30, district=district)

    first = search(client)
    second = search(client, page="2")

    assert len(titles_in(first)) == 24
    assert len(titles_in(second)) == 6
    assert set(titles_in(first)).isdisjoint(titles_in(second))
    assert "Page 1 of 2" in first.content.decode()
    assert "30 results" in first.content.decode()


def test_pagination_links_keep_the_filters(client, db):
    district = DistrictFactory(slug="kannauj")
    ListingFactory.create_batch(30, district=district)

    response = search(client, district="kannauj", sort="price")

    assert (
        'rel="next" href="?district=kannauj&amp;sort=price&amp;page=2"' in response.content.decode()
    )


# --- Bad input: the page with a message, never a 500 --------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"min_price": "abc"}, "Min price (₹): Enter a number."),
        ({"max_price": "-5"}, "Max price (₹): Ensure this value is greater than or equal to 0."),
        (
            {"sort": "bogus"},
            "Sort by: Select a valid choice. bogus is not one of the available choices.",
        ),
        (
            {"state": "nope"},
            "State: Select a valid choice. That choice is not one of the available choices.",
        ),
        (
            {"district": "nope"},
            "District: Select a valid choice. That choice is not one of the available choices.",
        ),
        (
            {"category": "nope"},
            "Category: Select a valid choice. That choice is not one of the available choices.",
        ),
        ({"q": "x" * 101}, "Search: Ensure this value has at most 100 characters (it has 101)."),
    ],
    ids=["min_price", "max_price", "sort", "state", "district", "category", "q"],
)
def test_bad_filter_value_is_reported_and_ignored(client, catalogue, params, message):
    response = search(client, **params)

    html = response.content.decode()
    assert "Some filters were ignored because their values were not valid:" in html
    assert f"<li>{message}</li>" in html
    assert response.context["page"].paginator.count == 6


def test_bad_value_does_not_drop_the_good_filters(client, catalogue):
    response = search(client, min_price="abc", state="ladakh")

    assert titles_in(response) == ["Pashmina shawl", "Pashmina stole"]
    assert "<li>Min price (₹): Enter a number.</li>" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999"])
def test_bad_page_number_shows_a_valid_page(client, catalogue, page):
    response = search(client, page=page)

    assert response.context["page"].number == 1
    assert len(titles_in(response)) == 6


def test_good_filters_show_no_error_message(client, catalogue):
    response = search(client, state="ladakh", min_price="10", sort="price", gi="true")

    assert "Some filters were ignored" not in response.content.decode()


# --- Keywords -----------------------------------------------------------------------------


def test_keyword_matches_title(client, catalogue):
    response = search(client, q="attar")

    assert titles_in(response) == ["Vetiver attar", "Rose attar"]
    assert "<h1>Results for “attar”</h1>" in response.content.decode()


def test_keyword_matches_district_and_state_names(client, catalogue):
    by_district = search(client, q="kannauj")
    by_state = search(client, q="ladakh")

    assert titles_in(by_district) == ["Vetiver attar", "Rose attar"]
    assert titles_in(by_state) == ["Pashmina shawl", "Pashmina stole"]


def test_every_keyword_must_match(client, catalogue):
    response = search(client, q="rose attar")

    assert titles_in(response) == ["Rose attar"]


def test_keyword_with_no_match_says_so(client, catalogue):
    response = search(client, q="tractor")

    assert titles_in(response) == []
    assert "Nothing matched. Try fewer words or fewer filters." in response.content.decode()


def test_keywords_and_filters_combine(client, catalogue):
    response = search(client, q="saree", max_price="1000")

    assert titles_in(response) == ["Cotton saree"]


def test_title_match_ranks_above_description_only_match(client, db):
    older_title_match = ListingFactory(title="Brass lamp", description="A lamp.")
    ListingFactory(title="Temple bell", description="Cast in brass by hand.")
    Listing.objects.filter(pk=older_title_match.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )

    response = search(client, q="brass", sort="relevance")

    assert titles_in(response) == ["Brass lamp", "Temple bell"]


@pytest.mark.parametrize(
    ("query", "found"),
    [("pashmeena", "Pashmina stole"), ("itar", "Rose attar"), ("ittar", "Vetiver attar")],
)
def test_spelling_variants_find_the_listing(client, catalogue, query, found):
    response = search(client, q=query)

    assert found in titles_in(response)


def test_spelling_variant_of_a_product_name_finds_listings_without_it_in_the_title(client, db):
    product = OdopProductFactory(name="Kannauj Perfume")
    ListingFactory(odop_product=product, title="Rose oil, 10 ml")

    response = search(client, q="itar")

    assert titles_in(response) == ["Rose oil, 10 ml"]


# --- PostgreSQL: full-text relevance and typo tolerance -----------------------------------


def test_postgres_full_text_ranks_title_above_description(client, db, on_postgres):
    ListingFactory(title="Wall hanging", description="Pashmina wool, woven in Leh.")
    ListingFactory(title="Pashmina shawl", description="Warm.")
    ListingFactory(title="Wooden toy", description="Painted.")

    response = search(client, q="pashmina")

    assert titles_in(response) == ["Pashmina shawl", "Wall hanging"]
    ranks = [listing.rank for listing in response.context["page"].object_list]
    assert ranks[0] > ranks[1]


def test_postgres_stems_words(client, db, on_postgres):
    ListingFactory(title="Hand-woven shawls")

    response = search(client, q="shawl")

    assert titles_in(response) == ["Hand-woven shawls"]


@pytest.mark.parametrize(
    ("query", "found"),
    [("kanauj", "Rose attar"), ("pashmeena", "Pashmina shawl"), ("itar", "Rose attar")],
)
def test_postgres_tolerates_typos(client, catalogue, on_postgres, query, found):
    response = search(client, q=query)

    assert found in titles_in(response)


def test_postgres_typo_does_not_match_unrelated_listings(client, catalogue, on_postgres):
    response = search(client, q="kanauj")

    assert titles_in(response) == ["Vetiver attar", "Rose attar"]


# --- The API uses the same FilterSet -------------------------------------------------------


def test_api_filters_like_the_search_page(client, catalogue):
    response = client.get("/api/v1/listings/", {"state": "ladakh", "sort": "price"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["title"] for row in body["results"]] == ["Pashmina stole", "Pashmina shawl"]
    assert body["results"][0]["state"] == "ladakh"
    assert body["results"][0]["price"] == "6500.00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_price": "abc"}, "min_price"),
        ({"sort": "bogus"}, "sort"),
        ({"state": "nope"}, "state"),
    ],
)
def test_api_bad_filter_value_gives_400_json_error(client, catalogue, params, field):
    response = client.get("/api/v1/listings/", params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "invalid"
    assert list(body["error"]["details"]) == [field]


def test_postgres_typo_tolerance_does_not_turn_attar_into_uttar_pradesh(client, db, on_postgres):
    up = DistrictFactory(name="Varanasi", state__name="Uttar Pradesh")
    ListingFactory(district=up, title="Banarasi silk saree")
    ListingFactory(title="Rose attar")

    response = search(client, q="attar")

    assert titles_in(response) == ["Rose attar"]


def test_hindi_place_name_finds_the_listing(client, db):
    ListingFactory(
        title="Rose attar",
        district=DistrictFactory(name="Kannauj", name_hi="कन्नौज", state__name_hi="उत्तर प्रदेश"),
    )
    ListingFactory(title="Pashmina shawl")

    response = client.get("/hi/search/", {"q": "कन्नौज"})

    assert titles_in(response) == ["Rose attar"]


def test_hindi_words_are_kept_whole():
    district, perfume = query_terms("कन्नौज इत्र")
    assert district == ("कन्नौज",)
    assert "इत्र" in perfume
    assert "attar" in perfume  # the Hindi word finds what the English one does


def test_postgres_looks_for_typos_only_when_nothing_matches_exactly(client, db, on_postgres):
    ListingFactory(title="Chanderi saree")
    ListingFactory(title="Chandori brass lamp")  # 0.67 word-similar to "chanderi"

    exact = search(client, q="chanderi")
    typo = search(client, q="chandori")
    misspelt = search(client, q="chanderii")

    assert titles_in(exact) == ["Chanderi saree"]
    assert titles_in(typo) == ["Chandori brass lamp"]
    assert titles_in(misspelt) == ["Chanderi saree"]


# --- the embedded default (SQLite) and "Did you mean" on both databases --------------------


def test_a_variant_matches_whole_words_only(client, db):
    ListingFactory(title="Bengal Patachitra scroll")
    ListingFactory(title="Rose attar, 10 ml")

    assert titles_in(search(client, q="attar")) == ["Rose attar, 10 ml"]
    assert titles_in(search(client, q="itra")) == ["Rose attar, 10 ml"]


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("turmric", "Lakadong turmeric powder"),
        ("pashmna", "Pashmina shawl, natural"),
        ("इत्र", "Rose attar, 10 ml"),
    ],
)
def test_misspellings_and_hindi_find_the_listing(client, db, typed, title):
    for other in ("Lakadong turmeric powder", "Pashmina shawl, natural", "Rose attar, 10 ml"):
        ListingFactory(title=other, odop_product=OdopProductFactory(name=other.split(",")[0]))

    assert titles_in(search(client, q=typed)) == [title]


def test_a_misspelt_district_finds_its_listings(client, db):
    from districts.models import District

    listing = ListingFactory(title="Jasmine attar")
    District.objects.filter(pk=listing.district_id).update(name="Kannauj")
    listing.refresh_from_db()
    from catalog import services

    services.refresh_search_index(listing_ids=[listing.pk])

    assert titles_in(search(client, q="kanauj")) == ["Jasmine attar"]


def test_no_results_offer_the_query_as_the_catalogue_spells_it(client, db):
    ListingFactory(title="Brass lamp", odop_product=OdopProductFactory(name="Brassware"))

    page = client.get("/search/", {"q": "brasware zzzzqqq"}).content.decode()

    assert "Did you mean" in page
    assert 'href="/search/?q=brassware%20zzzzqqq"' in page


def test_a_query_that_finds_something_offers_no_suggestion(client, db):
    ListingFactory(title="Brass lamp")
    assert "Did you mean" not in client.get("/search/", {"q": "brass"}).content.decode()


def test_postgres_looks_for_no_typo_in_a_word_of_the_catalogues_own(client, db, on_postgres):
    """"Mansa" is a district with nothing on sale: a trigram scan of the whole catalogue for
    words like it would be slow and find only look-alikes ("Mensa")."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DistrictFactory(name="Mansa")
    ListingFactory(title="Mensa brass lamp")

    with CaptureQueriesContext(connection) as queries:
        response = search(client, q="mansa")

    assert titles_in(response) == []
    assert not any("%>" in q["sql"] for q in queries.captured_queries)
