"""Health of the web process (database, cache, storage) and of the Celery workers.

`/healthz/` is for load balancers and orchestrators: no login, never cached, no session, JSON
saying which check failed, 200 when all pass and 503 otherwise. `manage.py worker_health` asks
the workers over the broker which queues they serve; it fails when a queue has none.
"""

import logging
import uuid

from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    from django.conf import settings

    for alias in settings.CACHES:
        key, value = f"healthz:{uuid.uuid4().hex}", "ok"
        caches[alias].set(key, value, 10)
        if caches[alias].get(key) != value:
            raise RuntimeError(f"cache {alias!r} did not return what was set")
        caches[alias].delete(key)


def _storage() -> None:
    default_storage.exists("healthz")  # a stat on disk, a HEAD on an object store


CHECKS = {"database": _database, "cache": _cache, "storage": _storage}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure is the answer, not a 500
            logger.warning("health check %s failed: %s", name, error)
            results[name] = f"failing: {type(error).__name__}"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results},
        status=200 if healthy else 503,
    )


def queues_served(timeout: float = 3.0) -> dict[str, list[str]]:
    """{queue: [worker names]} for every worker that answered within `timeout` seconds."""
    from odop_bazaar.celery import app

    served: dict[str, list[str]] = {}
    replies = app.control.inspect(timeout=timeout).active_queues() or {}
    for worker, queues in replies.items():
        for queue in queues:
            served.setdefault(queue["name"], []).append(worker)
    return served
