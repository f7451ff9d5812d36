import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import translation

from catalog.gst_rules import load_rate_rules
from odop_bazaar.celery import app as celery_app
from tests.factories import SellerFactory, UserFactory

# Tests that start a real Celery worker against Redis; every other test runs tasks inline.
REAL_WORKER_FIXTURES = {"real_worker", "celery_worker_process", "worker_processes", "queue_workers"}


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Tasks run inline (inside django_capture_on_commit_callbacks), even with REDIS_URL set,
    except in tests that use a real worker and the broker."""
    if REAL_WORKER_FIXTURES & set(request.fixturenames):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Fast password hashing, a throwaway media folder and English for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Raw photo uploads wait under PRIVATE_MEDIA_ROOT/uploads for the worker.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # Pages are built afresh in every test; tests/test_page_cache.py turns the cache on.
    settings.STOREFRONT_CACHE_SECONDS = 0
    settings.STOREFRONT_CACHE_CLOCK_SKEW_MS = 0  # one process, one clock
    # A /hi/ request leaves Hindi active in this thread; reverse() in the next test would
    # then build /hi/ URLs. Every test starts (and ends) in English.
    translation.activate("en")
    yield
    translation.activate("en")


def with_database(request) -> bool:
    """True (and the test database set up) when the test uses the database; for autouse
    fixtures that restore migration data that transactional tests flush away."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if uses_db:
        request.getfixturevalue("_django_db_helper")
    return bool(uses_db)


@pytest.fixture(autouse=True)
def _gst_rate_rules(request):
    """The GST rate rules from fixtures/ (a data migration loads them); a reused test database
    keeps a flushed state. One query when they are there already."""
    if with_database(request):
        load_rate_rules()


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def buyer(db):
    """A signed-up buyer with no seller profile."""
    return UserFactory(full_name="Bina Buyer")


@pytest.fixture
def seller(db):
    """A verified seller in its own district."""
    return SellerFactory(display_name="Sita Seller Crafts")


@pytest.fixture
def other_seller(db):
    """A second verified seller, in another district: the stranger in ownership tests."""
    return SellerFactory(display_name="Omar Other Crafts")


@pytest.fixture
def curator(db):
    """Staff in the Curators group: verifies sellers, moderates listings, curates storefronts."""
    user = UserFactory(full_name="Chitra Curator", is_staff=True)
    group, _created = Group.objects.get_or_create(name="Curators")
    user.groups.add(group)
    return user


@pytest.fixture
def staff_outsider(db):
    """Staff, but not in the Curators group."""
    return UserFactory(full_name="Sam Staff", is_staff=True)
