"""Which database serves which request: storefront reads from the replica, a visitor who just
wrote from the primary, checkout and everything else from the primary.

The "replica" alias here is a test mirror of default (settings.py): the same data through a
second connection, so these tests run on SQLite and PostgreSQL alike and tell the two apart by
the queries each connection ran. tests/test_replica_lag.py does the same against a real
streaming replica that lags.
"""

from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Listing
from odop_bazaar import db_router
from tests.factories import ListingFactory, UserFactory
from tests.test_replica_lag import wait_for_replica

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def replica_reads(settings):
    settings.DATABASE_REPLICA_READS = True
    settings.DATABASE_REPLICA_STICKY_SECONDS = 5


class Queries:
    """The queries each connection ran inside the block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


@pytest.fixture
def listing():
    listing = ListingFactory(price=Decimal("450.00"), stock=20)
    if settings.DATABASE_REPLICA_URL:  # a real streaming replica: let it replay the rows
        wait_for_replica()
    return listing


def test_an_anonymous_storefront_page_is_read_from_the_replica(client, listing):
    with Queries() as queries:
        response = client.get(listing.get_absolute_url())

    assert response.status_code == 200
    assert listing.title in response.content.decode()
    assert len(queries.replica) > 0
    assert len(queries.primary) == 0
    assert db_router.MARKER_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "url",
    [
        lambda listing: reverse("districts:home"),
        lambda listing: listing.district.get_absolute_url(),
        lambda listing: reverse("catalog:search") + "?q=" + listing.title.split()[0],
        lambda listing: reverse("api:listing-list"),
        lambda listing: reverse("api:listing-detail", kwargs={"pk": listing.pk}),
    ],
    ids=["home", "district", "search", "api-listings", "api-listing"],
)
def test_every_storefront_read_goes_to_the_replica(client, listing, url):
    with Queries() as queries:
        response = client.get(url(listing))

    assert response.status_code == 200
    assert len(queries.replica) > 0
    assert len(queries.primary) == 0


def test_after_a_write_the_visitor_reads_the_primary_for_a_few_seconds(client, listing):
    with time_machine.travel("2026-12-03 10:00:00 +0000", tick=False) as clock:
        added = client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})
        assert added.cookies[db_router.MARKER_COOKIE]["max-age"] == 5

        clock.shift(4)
        with Queries() as soon_after:
            page = client.get(listing.get_absolute_url())
        clock.shift(2)
        with Queries() as later:
            client.get(listing.get_absolute_url())

    assert page.status_code == 200
    assert len(soon_after.primary) > 0
    assert len(soon_after.replica) == 0
    assert len(later.replica) > 0
    assert len(later.primary) == 0


def test_a_forged_marker_does_not_move_reads_to_the_primary(client, listing):
    client.cookies[db_router.MARKER_COOKIE] = "1"

    with Queries() as queries:
        client.get(listing.get_absolute_url())

    assert len(queries.primary) == 0


@pytest.mark.parametrize("url_name", ["orders:cart", "orders:checkout", "orders:order-list"])
def test_cart_checkout_and_orders_read_the_primary(client, listing, url_name):
    buyer = UserFactory()
    client.force_login(buyer)
    client.cookies.pop(db_router.MARKER_COOKIE, None)

    with Queries() as queries:
        response = client.get(reverse(url_name))

    assert response.status_code in (200, 302)
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0


def test_reads_inside_a_transaction_see_its_writes_on_the_primary(listing):
    token = db_router._replica_reads.set(True)  # as in an opted-in storefront request
    try:
        assert Listing.objects.db == "replica"
        with transaction.atomic():
            Listing.objects.filter(pk=listing.pk).update(stock=3)
            assert Listing.objects.db == "default"
            assert Listing.objects.get(pk=listing.pk).stock == 3
    finally:
        db_router._replica_reads.reset(token)


def test_without_a_request_everything_reads_the_primary(listing):
    """Celery tasks, commands and the shell never opt in."""
    with Queries() as queries:
        assert Listing.objects.get(pk=listing.pk).stock == 20

    assert len(queries.primary) == 1
    assert len(queries.replica) == 0


def test_with_replica_reads_off_the_storefront_reads_the_primary(client, settings, listing):
    settings.DATABASE_REPLICA_READS = False

    with Queries() as queries:
        client.get(listing.get_absolute_url())

    assert len(queries.replica) == 0


def test_a_page_read_from_the_replica_just_after_a_change_is_not_cached(client, settings, listing):
    """The replica may not have replayed the change yet: such a page would stay stale in the
    cache for every visitor. Built once the sticky time has passed, it is cached."""
    settings.STOREFRONT_CACHE_SECONDS = 60
    cache.clear()
    url = listing.get_absolute_url()
    with time_machine.travel("2026-12-03 10:00:00 +0000", tick=False) as clock:
        listing.price = Decimal("525.00")
        listing.save()  # bumps the listing's pages
        clock.shift(2)
        just_after = client.get(url)
        clock.shift(4)
        later = client.get(url)
        again = client.get(url)
    cache.clear()

    assert "X-Page-Cache" not in just_after
    assert later["X-Page-Cache"] == "miss"
    assert again["X-Page-Cache"] == "hit"
