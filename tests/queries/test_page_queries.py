"""Every storefront page and API list runs a fixed number of queries, whatever the catalogue size.

Each page is measured on a small catalogue, then again after adding 30 listings with photos,
more districts, ODOP products (GI-tagged), categories and states. The count must not move.
"""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Category, Listing, OdopProduct
from districts.models import District, State
from tests.factories import DistrictFactory, ListingFactory, OdopProductFactory


@dataclass
class Catalogue:
    state: State
    district: District
    product: OdopProduct
    category: Category
    listing: Listing

    def grow(self) -> None:
        """30 more listings with photos: 20 in the district, 10 in new districts of its state."""
        for _ in range(20):
            ListingFactory(odop_product=self.product, photos=2, gi_verified=True)
        for _ in range(10):
            district = DistrictFactory(state=self.state, is_featured=True)
            product = OdopProductFactory(district=district, is_gi_tagged=True)
            OdopProductFactory(district=district, category=self.category)
            ListingFactory(odop_product=product, photos=1)
        for _ in range(3):
            ListingFactory(photos=1)  # in other states and categories


@pytest.fixture
def catalogue(db):
    district = DistrictFactory(is_featured=True, story="A story.")
    product = OdopProductFactory(district=district, is_gi_tagged=True)
    listing = ListingFactory(odop_product=product, photos=2, gi_verified=True)
    ListingFactory(odop_product=product, photos=1)
    return Catalogue(
        state=district.state,
        district=district,
        product=product,
        category=product.category,
        listing=listing,
    )


# page: (URL, queries on every catalogue size)
def pages(c: Catalogue) -> dict[str, tuple[str, int]]:
    # A keyword with a word of 5+ letters first checks for exact matches, and only looks for
    # typos when there are none (catalog.search), on both databases.
    exact_match_check = 1
    return {
        "home": ("/", 6),
        "home-hi": ("/hi/", 6),
        "state": (c.state.get_absolute_url(), 3),
        "state-hi": (f"/hi{c.state.get_absolute_url()}", 3),
        # + the district's published producer stories (issue 9)
        "district": (c.district.get_absolute_url(), 6),
        "district-page-2": (f"{c.district.get_absolute_url()}?page=2", 6),
        "product": (c.product.get_absolute_url(), 4),
        "category": (c.category.get_absolute_url(), 4),
        "listing": (c.listing.get_absolute_url(), 4),
        "listing-hi": (f"/hi{c.listing.get_absolute_url()}", 4),
        "search": ("/search/", 5),
        "search-keyword": ("/search/?q=test+listing&sort=relevance", 5 + exact_match_check),
        # + the chosen state and category, looked up by the FilterSet
        "search-filtered": (
            f"/search/?state={c.state.slug}&category={c.category.slug}&gi=true"
            "&in_stock=true&min_price=10&max_price=100000&sort=-price",
            8,
        ),
        "search-bad-input": ("/search/?min_price=abc&sort=bogus&state=nope&page=abc", 6),
        "api-listings": ("/api/v1/listings/", 3),
        "api-listings-filtered": (f"/api/v1/listings/?state={c.state.slug}&q=test", 4),
        "api-listing": (f"/api/v1/listings/{c.listing.pk}/", 2),
        "api-states": ("/api/v1/states/", 1),
        "api-state-districts": (f"/api/v1/states/{c.state.slug}/districts/", 3),
    }


def query_counts(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def test_page_queries_do_not_grow_with_the_catalogue(client, catalogue):
    # URLs are built once, before any request: a /hi/ request leaves Hindi active.
    expected = pages(catalogue)
    urls = {name: url for name, (url, _queries) in expected.items()}
    queries = {name: count for name, (_url, count) in expected.items()}

    small = query_counts(client, urls)
    catalogue.grow()
    large = query_counts(client, urls)

    assert small == queries
    assert large == queries
    assert max(queries.values()) <= 12


def test_grown_catalogue_really_is_bigger(catalogue):
    catalogue.grow()

    assert Listing.objects.live().filter(district=catalogue.district).count() == 22
    assert catalogue.state.districts.count() == 11
    assert Listing.objects.live().count() == 35
