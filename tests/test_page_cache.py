import pytest
from django.core.cache import cache

from catalog.models import Listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.STOREFRONT_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    page_cache, client, django_assert_num_queries
):
    listing = ListingFactory()
    url = listing.district.get_absolute_url()
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_listing_saved_by_a_curator_shows_at_once(page_cache, client):
    listing = ListingFactory(status=Listing.Status.SUBMITTED)
    url = listing.district.get_absolute_url()
    assert listing.title not in client.get(url).content.decode()

    listing.status = Listing.Status.LIVE
    listing.save()
    response = client.get(url)

    assert response["X-Page-Cache"] == "miss"
    assert listing.title in response.content.decode()


def test_english_and_hindi_pages_are_cached_apart(page_cache, client):
    listing = ListingFactory()
    english = client.get(listing.district.get_absolute_url())

    hindi = client.get(f"/hi{listing.district.get_absolute_url()}")

    assert hindi["X-Page-Cache"] == "miss"
    assert '<html lang="hi">' in hindi.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_search_pages_are_cached_per_query_string(page_cache, client):
    ListingFactory(title="Brass lamp")
    client.get("/search/?q=brass")

    other = client.get("/search/?q=lamp")

    assert other["X-Page-Cache"] == "miss"


def test_logged_in_visitors_always_get_a_fresh_page(page_cache, client, buyer):
    listing = ListingFactory()
    client.force_login(buyer)
    client.get(listing.district.get_absolute_url())

    response = client.get(listing.district.get_absolute_url())

    assert "X-Page-Cache" not in response


def test_a_page_with_a_csrf_form_is_never_cached(page_cache, client):
    # The listing page carries the add-to-cart form: a cached CSRF token would be someone else's.
    listing = ListingFactory(stock=5)
    client.get(listing.get_absolute_url())

    response = client.get(listing.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_home_page_counts_are_shared_until_the_catalogue_changes(
    page_cache, client, buyer, django_assert_num_queries
):
    listing = ListingFactory()
    client.force_login(buyer)  # logged in: the page itself is never cached, its counts are
    client.get("/")

    with django_assert_num_queries(5):  # session, user, states, newest listings and photos
        cached = client.get("/")
    ListingFactory(seller=listing.seller, title="Second brass lamp")
    refreshed = client.get("/")

    # The featured-district tile counts the district's live listings.
    assert ">1 listing<" in cached.content.decode()
    assert ">2 listings<" in refreshed.content.decode()
