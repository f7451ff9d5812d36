import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from catalog.models import Listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


def test_a_cached_page_with_a_form_gives_each_visitor_a_working_csrf_token(page_cache):
    listing = ListingFactory(stock=5)
    first_visitor, second_visitor = (
        Client(enforce_csrf_checks=True),
        Client(enforce_csrf_checks=True),
    )
    first = first_visitor.get(listing.get_absolute_url())

    second = second_visitor.get(listing.get_absolute_url())
    token = CSRF_INPUT.search(second.content.decode()).group(1)
    added = second_visitor.post(
        reverse("orders:cart-add"),
        {"listing": listing.pk, "quantity": 1, "csrfmiddlewaretoken": token},
    )

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert token != CSRF_INPUT.search(first.content.decode()).group(1)
    assert "csrftoken" in second.cookies
    assert added.status_code == 302  # a stale or foreign token would be a 403


def test_home_page_counts_are_shared_until_the_catalogue_changes(
    page_cache, settings, client, buyer, django_assert_num_queries
):
    listing = ListingFactory()
    client.force_login(buyer)  # logged in: the page itself is never cached, its counts are
    client.get("/")

    # user, states, newest listings and their photos; plus the session where it lives in the
    # database (with Redis, cached_db sessions are read from the cache).
    session_queries = 1 if settings.SESSION_ENGINE.endswith(".db") else 0
    with django_assert_num_queries(4 + session_queries):
        cached = client.get("/")
    ListingFactory(seller=listing.seller, title="Second brass lamp")
    refreshed = client.get("/")

    # The featured-district tile counts the district's live listings.
    assert ">1 listing<" in cached.content.decode()
    assert ">2 listings<" in refreshed.content.decode()
