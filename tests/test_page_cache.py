import re
import time
from decimal import Decimal

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


def test_signed_in_and_anonymous_visitors_share_one_page_each_with_their_own_header(
    page_cache, client, buyer
):
    listing = ListingFactory()
    url = listing.district.get_absolute_url()
    client.force_login(buyer)
    signed_in_first = client.get(url)

    signed_in_again = client.get(url)
    anonymous = Client().get(url)

    assert (signed_in_first["X-Page-Cache"], signed_in_again["X-Page-Cache"]) == ("miss", "hit")
    assert anonymous["X-Page-Cache"] == "hit"
    for response in (signed_in_first, signed_in_again):
        html = response.content.decode()
        assert "My orders" in html
        assert "Log out" in html
        assert "Log in" not in html
    html = anonymous.content.decode()
    assert "Log in" in html
    assert "Log out" not in html
    assert "My orders" not in html


def test_a_signed_in_visitor_served_from_the_cache_can_log_out(page_cache, buyer):
    listing = ListingFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(buyer)
    browser.get(listing.district.get_absolute_url())
    page = browser.get(listing.district.get_absolute_url())
    token = CSRF_INPUT.search(page.content.decode()).group(1)

    logged_out = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})

    assert page["X-Page-Cache"] == "hit"
    assert logged_out.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_a_message_waiting_for_the_visitor_is_shown_not_a_cached_page(page_cache, client, buyer):
    listing = ListingFactory()
    url = listing.district.get_absolute_url()
    client.force_login(buyer)
    client.get(url)
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})

    response = client.get(url)

    assert "X-Page-Cache" not in response
    assert "message-success" in response.content.decode()


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
    client.force_login(buyer)
    client.get("/")

    # Only the header's own: the user, and the session where it lives in the database (with
    # Redis, cached_db sessions are read from the cache).
    session_queries = 1 if settings.SESSION_ENGINE.endswith(".db") else 0
    with django_assert_num_queries(1 + session_queries):
        cached = client.get("/")
    ListingFactory(seller=listing.seller, title="Second brass lamp")
    refreshed = client.get("/")

    # The featured-district tile counts the district's live listings.
    assert ">1 listing<" in cached.content.decode()
    assert ">2 listings<" in refreshed.content.decode()


# --- Scoped invalidation: a change refreshes the pages that show it, and only those ------------


def _urls_of(listing):
    return {
        "listing": listing.get_absolute_url(),
        "district": listing.district.get_absolute_url(),
        "state": listing.district.state.get_absolute_url(),
        "category": listing.category.get_absolute_url(),
        "product": listing.odop_product.get_absolute_url(),
        "home": "/",
        "search": "/search/",
    }


def test_a_listing_edit_refreshes_its_own_pages_and_leaves_other_districts_cached(
    page_cache, client
):
    edited = ListingFactory(title="Rose attar", price=Decimal("499.00"))
    elsewhere = ListingFactory(title="Brass lamp")  # another district, state and category
    for url in [*_urls_of(edited).values(), *_urls_of(elsewhere).values()]:
        client.get(url)

    edited.price = Decimal("549.00")
    edited.save()

    refreshed = {name: client.get(url) for name, url in _urls_of(edited).items()}
    untouched = {
        name: client.get(url)
        for name, url in _urls_of(elsewhere).items()
        if name not in ("home", "search")
    }
    assert {name: r["X-Page-Cache"] for name, r in refreshed.items()} == dict.fromkeys(
        refreshed, "miss"
    )
    shows_new_price = {name for name, r in refreshed.items() if "549" in r.content.decode()}
    assert shows_new_price == set(refreshed) - {"state"}  # a state page lists districts
    assert {name: r["X-Page-Cache"] for name, r in untouched.items()} == dict.fromkeys(
        untouched, "hit"
    )


def test_stock_sold_by_an_order_refreshes_the_cards_that_show_it(
    page_cache, client, django_capture_on_commit_callbacks
):
    from orders.services.stock import reserve_stock

    listing = ListingFactory(stock=20)
    elsewhere = ListingFactory()
    district_url, other_url = (
        listing.district.get_absolute_url(),
        elsewhere.district.get_absolute_url(),
    )
    client.get(district_url)
    client.get(other_url)

    with django_capture_on_commit_callbacks(execute=True):
        reserve_stock(quantities={listing.pk: 16}, titles={})

    district_page = client.get(district_url)
    assert district_page["X-Page-Cache"] == "miss"
    assert "Only 4 left" in district_page.content.decode()
    assert client.get(other_url)["X-Page-Cache"] == "hit"


def test_a_page_built_while_its_listing_changed_is_served_but_not_kept(
    page_cache, client, monkeypatch
):
    """The edit commits after the page read the listing and before it was stored: keeping
    the page would show the old price until it expires."""
    from catalog import selectors
    from catalog.page_scopes import listing_scope
    from odop_bazaar.page_cache import bump

    listing = ListingFactory(price=Decimal("499.00"))
    read_more = selectors.more_from_district

    def edit_meanwhile(*, listing):
        listings = read_more(listing=listing)
        Listing.objects.filter(pk=listing.pk).update(price="549.00")
        bump(listing_scope(listing.pk))  # as the other request does once it commits
        return listings

    monkeypatch.setattr(selectors, "more_from_district", edit_meanwhile)
    first = client.get(listing.get_absolute_url())
    monkeypatch.setattr(selectors, "more_from_district", read_more)
    second = client.get(listing.get_absolute_url())

    assert "499" in first.content.decode()
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "miss"
    assert "549" in second.content.decode()


def test_a_change_from_a_machine_whose_clock_is_slightly_behind_still_stops_the_page(
    page_cache, settings, client
):
    from catalog.page_scopes import listing_scope
    from odop_bazaar.page_cache import VERSION_PREFIX

    settings.STOREFRONT_CACHE_CLOCK_SKEW_MS = 100
    listing = ListingFactory()
    # A worker 50 ms behind us bumped the listing just now.
    behind = time.time_ns() - 50_000_000
    cache.set(VERSION_PREFIX + listing_scope(listing.pk), f"{behind}-feed", timeout=None)

    assert "X-Page-Cache" not in client.get(listing.get_absolute_url())
    time.sleep(0.11)
    assert client.get(listing.get_absolute_url())["X-Page-Cache"] == "miss"


def test_an_evicted_version_rebuilds_the_pages_that_depended_on_it(page_cache, client):
    from catalog.page_scopes import district_scope
    from odop_bazaar.page_cache import VERSION_PREFIX

    listing = ListingFactory()
    url = listing.district.get_absolute_url()
    client.get(url)

    cache.delete(VERSION_PREFIX + district_scope(listing.district_id))

    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_the_page_kept_for_a_signed_in_buyer_is_the_one_kept_for_anybody(page_cache, buyer):
    """Nothing of the buyer's own may reach the shared page, on any storefront page kind."""
    from django.test import RequestFactory

    from odop_bazaar.page_cache import _key

    listing = ListingFactory(stock=5)
    signed_in = Client()
    signed_in.force_login(buyer)
    signed_in.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 2})
    signed_in.get("/")  # shows (and so clears) the "added" message
    for url in _urls_of(listing).values():
        cache.clear()
        assert Client().get(url)["X-Page-Cache"] == "miss", url
        kept_for_anybody = cache.get(_key(RequestFactory().get(url)))[0]
        cache.clear()
        assert signed_in.get(url)["X-Page-Cache"] == "miss", url
        kept_for_the_buyer = cache.get(_key(RequestFactory().get(url)))[0]

        assert kept_for_the_buyer == kept_for_anybody, url


def _cards_rendered(response) -> int:
    return sum(t.name == "catalog/_listing_card.html" for t in response.templates)


def test_a_listing_card_is_rendered_once_for_every_page_that_shows_it(page_cache, client):
    listing = ListingFactory(stock=20)

    on_its_district = client.get(listing.district.get_absolute_url())
    on_its_category = client.get(listing.category.get_absolute_url())
    on_search = client.get("/search/")
    listing.stock = 3
    listing.save()
    after_the_edit = client.get(listing.odop_product.get_absolute_url())

    assert _cards_rendered(on_its_district) == 1
    assert (_cards_rendered(on_its_category), _cards_rendered(on_search)) == (0, 0)
    assert on_its_category["X-Page-Cache"] == "miss"  # a new page, made of the kept card
    assert _cards_rendered(after_the_edit) == 1
    assert "Only 3 left" in after_the_edit.content.decode()


def test_anonymous_visitors_get_the_kept_page_gzipped_once_and_still_fresh(page_cache, client):
    import gzip

    listing = ListingFactory(price=Decimal("499.00"))
    url = listing.district.get_absolute_url()
    plain = client.get(url)  # kept
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")  # gzipped and kept
    second = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    listing.price = Decimal("549.00")
    listing.save()
    client.get(url)
    after_the_edit = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert (first["Content-Encoding"], second["Content-Encoding"]) == ("gzip", "gzip")
    assert "Accept-Encoding" in second["Vary"]
    assert gzip.decompress(second.content) == gzip.decompress(first.content)
    assert gzip.decompress(second.content).decode() == plain.content.decode()
    assert "549" in gzip.decompress(after_the_edit.content).decode()


def test_a_page_with_a_form_is_never_gzipped_for_everybody(page_cache):
    import gzip

    listing = ListingFactory(stock=5)
    first, second = Client(), Client()
    first.get(listing.get_absolute_url())
    tokens = [
        CSRF_INPUT.search(
            gzip.decompress(response.content).decode()
            if response.get("Content-Encoding") == "gzip"
            else response.content.decode()
        ).group(1)
        for response in (
            visitor.get(listing.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
            for visitor in (first, second)
        )
    ]

    assert tokens[0] != tokens[1]
