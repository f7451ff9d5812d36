"""/healthz/ for load balancers: database, caches and storage, 200 or 503, no login, no cache."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

pytestmark = pytest.mark.django_db


def test_a_healthy_site_answers_200_with_each_check(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_an_unreachable_cache_answers_503_and_names_it(client, settings):
    # A Redis nobody listens on (port 1), whatever the suite runs on.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "failing: ConnectionError",
        "storage": "ok",
    }


def test_an_unreachable_store_answers_503(client):
    with mock.patch.object(default_storage, "exists", side_effect=OSError("no route to host")):
        response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "failing: OSError"
    assert response.json()["status"] == "failing"


def test_health_is_not_behind_a_language_prefix_or_a_login(client):
    assert client.get("/hi/healthz/").status_code == 404
    assert client.get("/healthz/").status_code == 200
