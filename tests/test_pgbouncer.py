"""Behind PgBouncer in transaction mode (DATABASE_PGBOUNCER=1, .ci/pgbouncer.sh): what the
pool changes still works. Skipped otherwise; .ci/run also runs the router's, search and
checkout tests through the pool."""

import pytest
from django.conf import settings
from django.db import connections, transaction

from catalog.models import Listing
from tests.factories import ListingFactory

pytestmark = [
    pytest.mark.skipif(
        not (settings.IS_POSTGRES and settings.DATABASES["default"]["PORT"] in (6432, "6432")),
        reason="needs PgBouncer in front of PostgreSQL (.ci/pgbouncer.sh)",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.mark.parametrize("alias", ["default", "replica"])
def test_the_pool_sets_the_trigram_threshold_libpq_options_cannot(alias):
    """Search's typo tolerance depends on it (tests/catalog/test_search.py)."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert cursor.fetchone()[0] == "0.55"


def test_iterating_a_large_queryset_outside_a_transaction_works():
    """A server-side cursor would be lost when PgBouncer hands the server connection to
    another client after the statement; settings turn them off behind the pool."""
    ListingFactory.create_batch(3)
    assert settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True

    titles = [listing.title for listing in Listing.objects.iterator(chunk_size=1)]

    assert len(titles) == 3


def test_a_transaction_keeps_one_server_connection_to_the_end():
    """Transaction pooling gives a transaction one server connection: its lock and its
    uncommitted row are there for each of its statements."""
    listing = ListingFactory(stock=5)
    with transaction.atomic():
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        locked = Listing.objects.select_for_update().get(pk=listing.pk)
        Listing.objects.filter(pk=listing.pk).update(stock=locked.stock - 1)
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] == backend
        assert Listing.objects.get(pk=listing.pk).stock == 4
