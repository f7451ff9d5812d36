"""Storefront reads from the read replica, everything else from the primary.

With `DATABASE_REPLICA_URL` set, the "replica" alias is a streaming replica of "default".
Reads go to it only when all of these hold:

- the request is a GET or HEAD of a storefront page (districts, catalogue) or of the listing
  API: `ReplicaReadsMiddleware` opts those views in, one by one. Checkout, cart, orders,
  payments, stock, the seller's dashboard, admin and Celery workers never opt in, so they read
  the primary whatever the replica's lag;
- the visitor has not written anything in the last DATABASE_REPLICA_STICKY_SECONDS: any
  POST/PUT/PATCH/DELETE, or any request that wrote to the database, gets a signed cookie
  (`odop_primary_until`) that sends their next requests to the primary, so a seller sees the
  stock they just changed and a buyer the review they just wrote (read-your-writes);
- no transaction is open on the primary (reads inside `transaction.atomic` see its writes).

A replica that lags further than the sticky time serves anonymous visitors pages that are
older still; the page cache allows for it (page_cache._bumped_since) and the lag is watched
(docs/scaling.md).
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
MARKER_COOKIE = "odop_primary_until"
_MARKER_SALT = "odop_bazaar.db_router.primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# Whether this request (thread or task) may read from the replica, and whether it wrote.
_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
_wrote: ContextVar[list[bool] | None] = ContextVar("wrote", default=None)

# The views whose GETs may read the replica: the storefront's pages and the listing API.
REPLICA_VIEWS = {
    "districts:home",
    "districts:state-detail",
    "districts:district-detail",
    "catalog:listing-detail",
    "catalog:product-detail",
    "catalog:category-detail",
    "catalog:search",
    "api:listing-list",
    "api:listing-detail",
}


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and settings.DATABASE_REPLICA_READS


def reading_replica() -> bool:
    """True while this request's reads go to the replica (for the page cache's lag allowance)."""
    return _replica_reads.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block


class PrimaryReplicaRouter:
    """DATABASE_ROUTERS entry: writes and migrations on the primary, opted-in reads on the
    replica. Both aliases hold the same data, so relations between them are allowed."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return REPLICA if reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        wrote = _wrote.get()
        if wrote is not None:
            wrote.append(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def wrote_recently(request: HttpRequest) -> bool:
    return (
        request.get_signed_cookie(
            MARKER_COOKIE,
            default=None,
            salt=_MARKER_SALT,
            max_age=settings.DATABASE_REPLICA_STICKY_SECONDS,
        )
        is not None
    )


class ReplicaReadsMiddleware:
    """Sends the storefront's reads to the replica (see the module's docstring) and marks the
    visitors who just wrote, so that they read the primary for a few seconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        wrote: list[bool] = []
        wrote_token = _wrote.set(wrote)
        request._replica_token = None
        try:
            response = self.get_response(request)
        finally:
            _wrote.reset(wrote_token)
            if request._replica_token is not None:
                _replica_reads.reset(request._replica_token)
        if wrote or request.method not in SAFE_METHODS:
            response.set_signed_cookie(
                MARKER_COOKIE,
                "1",
                salt=_MARKER_SALT,
                max_age=settings.DATABASE_REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and request.resolver_match.view_name in REPLICA_VIEWS
            and not wrote_recently(request)
        ):
            request._replica_token = _replica_reads.set(True)
