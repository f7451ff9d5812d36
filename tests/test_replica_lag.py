"""Against a real streaming replica that lags: what each visitor sees while the replica has not
replayed a write yet.

Runs when DATABASE_REPLICA_URL points at a hot standby of the test database's server (.ci/run
starts one with .ci/replica.sh). The replica alias is a test mirror: the same test database
name, on the replica's server, which receives it by streaming. Replay is paused on the replica
(pg_wal_replay_pause) to make the lag as long as the test needs, and resumed afterwards.
"""

import time
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Listing
from odop_bazaar import db_router
from tests.factories import ListingFactory, UserFactory
from tests.sellers.test_stock_edits import edit_url, form_data

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASE_REPLICA_URL, reason="needs a streaming replica (.ci/replica.sh)"
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


def _scalar(alias, sql):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_for_replica(timeout=10.0):
    """Until the replica has replayed everything the primary has written so far."""
    target = _scalar("default", "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while not _scalar("replica", f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


@contextmanager
def replay_paused():
    _scalar("replica", "SELECT pg_wal_replay_pause()")
    try:
        while _scalar("replica", "SELECT pg_get_wal_replay_pause_state()") != "paused":
            time.sleep(0.01)
        yield
    finally:
        _scalar("replica", "SELECT pg_wal_replay_resume()")


@pytest.fixture(autouse=True)
def replica_reads(settings):
    settings.DATABASE_REPLICA_READS = True
    settings.DATABASE_REPLICA_STICKY_SECONDS = 30  # longer than the test's own pause


def test_the_replica_is_a_streaming_hot_standby():
    assert _scalar("replica", "SELECT pg_is_in_recovery()") is True
    assert _scalar("default", "SELECT pg_is_in_recovery()") is False


def test_while_the_replica_lags_the_writer_sees_their_write_and_visitors_the_replica(
    client, seller
):
    client.force_login(seller.user)
    listing = ListingFactory(seller=seller, stock=20, price=Decimal("450.00"), status="live")
    visitor = Client()  # anonymous, no recent write
    wait_for_replica()
    assert "₹450.00" in visitor.get(listing.get_absolute_url()).content.decode()

    with replay_paused():
        edited = client.post(edit_url(listing), form_data(listing, price="525.00"))
        assert edited.status_code == 302
        assert edited.cookies[db_router.MARKER_COOKIE].value
        # The write is on the primary and not yet on the replica.
        assert Listing.objects.using("default").get(pk=listing.pk).price == Decimal("525.00")
        assert Listing.objects.using("replica").get(pk=listing.pk).price == Decimal("450.00")

        anonymous_page = visitor.get(listing.get_absolute_url()).content.decode()
        sellers_page = client.get(listing.get_absolute_url()).content.decode()

    assert "₹450.00" in anonymous_page
    assert "₹525.00" not in anonymous_page
    assert "₹525.00" in sellers_page
    wait_for_replica()
    assert "₹525.00" in visitor.get(listing.get_absolute_url()).content.decode()


def test_cart_and_checkout_read_the_primary_while_the_replica_lags(client, seller):
    listing = ListingFactory(seller=seller, stock=20, price=Decimal("450.00"), status="live")
    buyer = UserFactory()
    client.force_login(buyer)
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})
    wait_for_replica()

    with replay_paused():
        Listing.objects.filter(pk=listing.pk).update(price=Decimal("525.00"), stock=0)
        client.cookies.pop(db_router.MARKER_COOKIE)  # no recent write of the buyer's own
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            cart = client.get(reverse("orders:cart")).content.decode()
            checkout = client.get(reverse("orders:checkout"))
        storefront = client.get(listing.get_absolute_url()).content.decode()

    assert "₹525.00" in cart
    assert "₹450.00" not in cart
    assert checkout.status_code == 200
    assert len(on_replica) == 0
    assert "₹450.00" in storefront  # the same buyer's storefront page does come from the replica
