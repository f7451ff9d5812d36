"""Sessions and the storefront cache when there is more than one web process.

With REDIS_URL set, sessions live in Redis (the cache engine, its own alias): no database row,
and a signed-in visitor's page views write nothing at all. In the embedded default they are
database rows, and beat (or `make run`) clears the expired ones. A storefront page cached by one
web process is served by another.
"""

import importlib
import subprocess
import sys
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from odop_bazaar.tasks import clear_expired_sessions
from tests.factories import PASSWORD, ListingFactory
from tests.workers import worker_env

pytestmark = pytest.mark.django_db


def session_store():
    return importlib.import_module(settings.SESSION_ENGINE).SessionStore


def test_sessions_live_in_redis_when_redis_is_configured(client, buyer):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")

    client.post(reverse("accounts:login"), {"username": buyer.email, "password": PASSWORD})
    page = client.get(reverse("orders:cart"))

    assert page.context["user"] == buyer
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    assert not Session.objects.exists()  # nothing in the database
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert session_store()(key).get("_auth_user_id") == str(buyer.pk)


def test_a_signed_in_visitor_browsing_the_storefront_writes_no_session(client, buyer):
    listing = ListingFactory()
    client.post(reverse("accounts:login"), {"username": buyer.email, "password": PASSWORD})
    client.post(reverse("orders:cart-add"), {"listing": listing.pk, "quantity": 1})
    pages = [
        reverse("districts:home"),
        listing.district.get_absolute_url(),
        listing.get_absolute_url(),
        f"{reverse('catalog:search')}?q=attar",
        reverse("orders:cart"),
        f"/hi{listing.get_absolute_url()}",
    ]
    store = session_store()

    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(store, "save", autospec=True, side_effect=store.save) as saved,
    ):
        responses = [client.get(url) for url in pages]

    assert [r.status_code for r in responses] == [200] * len(pages)
    assert all(r.context["user"] == buyer for r in responses)
    assert saved.call_count == 0
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_expired_database_sessions_are_cleared_by_the_periodic_task():
    now = timezone.now()
    Session.objects.create(session_key="old" * 8, session_data="x", expire_date=now - timedelta(1))
    Session.objects.create(session_key="new" * 8, session_data="x", expire_date=now + timedelta(1))

    clear_expired_sessions.delay()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" * 8]
    assert settings.CELERY_BEAT_SCHEDULE["clear-expired-sessions"]["task"] == (
        clear_expired_sessions.name
    )


# --- the storefront cache across web processes ----------------------------------------------

OTHER_PROCESS = """
import django, sys
django.setup()
from django.test import Client
response = Client().get(sys.argv[1])
print(response.status_code, response.get("X-Page-Cache", "none"))
"""


def served_by_another_process(url: str, **env: str) -> str:
    """`status X-Page-Cache` of `url` asked of a fresh Django process on the same Redis."""
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, url],
        cwd=settings.BASE_DIR,
        env=worker_env(
            DJANGO_SETTINGS_MODULE="odop_bazaar.settings", STOREFRONT_CACHE_SECONDS="60", **env
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.django_db(transaction=True)  # the other process reads committed rows
def test_a_page_cached_by_one_web_process_is_served_by_another(client, settings):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL: web processes share Redis")
    settings.STOREFRONT_CACHE_SECONDS = 60
    cache.clear()
    url = ListingFactory().district.get_absolute_url()

    first = client.get(url)

    assert first["X-Page-Cache"] == "miss"
    assert served_by_another_process(url) == "200 hit"
    # Another deployment on the same Redis (another key prefix) never reads these pages.
    assert served_by_another_process(url, CACHE_KEY_PREFIX="staging") == "200 miss"
    cache.clear()
