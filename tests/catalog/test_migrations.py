"""Moving the listing history from sellers to catalog keeps every row and who may read it."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from catalog.models import ListingStatusChange
from tests.factories import ListingFactory, UserFactory

BEFORE = [("catalog", "0007_gst_rate_rule_data"), ("sellers", "0005_mobile_ten_digits")]
AFTER = [
    ("catalog", "0008_listing_status_change_from_sellers"),
    ("sellers", "0006_listing_status_change_to_catalog"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    """Going back to BEFORE unapplies every later migration of other apps too: end the test on
    the latest schema, or the tests after it find columns missing."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_the_history_moves_to_catalog_with_its_rows_and_the_curators_permission():
    listing = ListingFactory(status="submitted")
    old = migrate(BEFORE)
    # As on a database made before the move: the content type and permission are the sellers'.
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldContentType.objects.filter(model="listingstatuschange").delete()
    content_type = OldContentType.objects.create(app_label="sellers", model="listingstatuschange")
    permission = old.get_model("auth", "Permission").objects.create(
        content_type=content_type, codename="view_listingstatuschange", name="Can view"
    )
    old.get_model("auth", "Group").objects.get_or_create(name="Curators")[0].permissions.add(
        permission
    )
    row = old.get_model("sellers", "ListingStatusChange").objects.create(
        listing_id=listing.pk, from_status="draft", to_status="submitted", reason="First try."
    )

    migrate(AFTER)
    ContentType.objects.clear_cache()
    curator = UserFactory(is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))

    moved = ListingStatusChange.objects.get()
    assert (moved.pk, moved.listing, moved.reason) == (row.pk, listing, "First try.")
    assert ContentType.objects.get_for_model(ListingStatusChange).pk == content_type.pk
    assert not ContentType.objects.filter(app_label="sellers", model="listingstatuschange")
    assert curator.has_perm("catalog.view_listingstatuschange")
    assert ListingStatusChange._meta.db_table == "catalog_listingstatuschange"


def test_curators_read_the_listing_history_in_the_admin(client, db):
    curator = UserFactory(is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    ListingStatusChange.objects.create(
        listing=ListingFactory(title="Rose attar"), from_status="submitted", to_status="live"
    )
    client.force_login(curator)

    response = client.get(reverse("admin:catalog_listingstatuschange_changelist"))

    assert response.status_code == 200
    assert "Rose attar" in response.text
