"""Whole-page cache for what anonymous visitors read on the storefront, invalidated by scope.

A storefront page costs 25-40 ms of CPU to build (queries and 24 listing cards) but the same
page is served to every anonymous visitor, so it is kept in the cache for a short time.

Only safe responses are kept: a GET with no message waiting for the visitor, a 200 that sets no
cookie and leaves the session alone. One page serves every visitor, signed in or not: what is
the visitor's own (the account and cart links of the header, marked `<!--visitor:NAME-->` in
base.html) is cut out before caching and rendered for each visitor served from the cache, from
its small template (once per language for visitors with no session: no database, no session).
A CSRF token in a form is swapped for a placeholder before caching and each visitor served from
the cache gets a fresh token of their own (and its cookie).

Invalidation is scoped: a page records the scopes it was built from ("district:12",
"listing:345", "home", "catalogue", ...) with each scope's version at the time, and is served
only while every one of those versions is unchanged (one extra cache read). A save bumps the
versions of what it touches only, so a seller editing a listing in Kannauj refreshes that
listing, its district, state, category, ODOP product, the home page and search, and leaves the
other 772 districts' pages cached. Stock moved by an order bumps only the listings' own scope,
which every page showing their cards depends on.

Versions are time-stamped tokens: a page whose build started before one of its scopes was
bumped is not stored, since it may have read the data from before that change (the bump runs
after the commit, the build may have read just before it). Processes are assumed to agree on
the time within STOREFRONT_CACHE_CLOCK_SKEW_MS.
"""

import hashlib
import re
import secrets
import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

from odop_bazaar.db_router import reading_replica

CATALOGUE = "catalogue"  # names shown on every page: states, districts, categories, products
HOME = "home"
SEARCH = "search"
VERSION_PREFIX = "storefront:v:"
UNBUMPED = "0-"  # a version made by a reader for a scope nobody has bumped (or evicted)
CSRF_PLACEHOLDER = b"__csrf_token_of_this_visitor__"
ACCEPTS_GZIP_RE = re.compile(r"\bgzip\b")
CSRF_INPUT_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
VISITOR_PART_RE = re.compile(rb"<!--visitor:(\w+)-->.*?<!--/visitor-->", re.S)
VISITOR_PARTS = {"account_nav": "_account_nav.html", "shop_nav": "_shop_nav.html"}
T = TypeVar("T")


def bump(*scopes: str) -> None:
    """Every cached page or value built from one of these scopes is stale from now on."""
    if scopes:
        now = time.time_ns()
        tokens = {VERSION_PREFIX + scope: f"{now}-{secrets.token_hex(4)}" for scope in scopes}
        cache.set_many(tokens, timeout=None)


def bump_on_commit(*scopes: str) -> None:
    """`bump` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: bump(*scopes))


def bump_storefront_version(**_signal_kwargs: Any) -> None:
    """Forget every cached storefront page: for what every page shows (a state's, district's,
    category's or ODOP product's name), which changes rarely."""
    bump(CATALOGUE)


def depends_on(request: HttpRequest, *scopes: str) -> None:
    """Record that the page being built shows data of these scopes (no-op outside the cache)."""
    recorded = getattr(request, "storefront_scopes", None)
    if recorded is not None:
        recorded.update(scopes)


def _versions(scopes: Iterable[str]) -> dict[str, str]:
    """The current version of each scope, giving a first one to scopes that have none."""
    keys = [VERSION_PREFIX + scope for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            token = UNBUMPED + secrets.token_hex(4)
            found[key] = token if cache.add(key, token, timeout=None) else cache.get(key, token)
    return found


def _bumped_since(versions: dict[str, str], started_ns: int) -> bool:
    # Read from the replica, the build saw the data of up to its lag ago: a change committed
    # within the sticky time before the build may be missing from it, so it is not kept.
    lag_ms = settings.DATABASE_REPLICA_STICKY_SECONDS * 1000 if reading_replica() else 0
    return any(
        not token.startswith(UNBUMPED)
        and int(token.split("-", 1)[0])
        > started_ns - (settings.STOREFRONT_CACHE_CLOCK_SKEW_MS + lag_ms) * 1_000_000
        for token in versions.values()
    )


def _still_valid(versions: dict[str, str]) -> bool:
    return cache.get_many(list(versions)) == versions


def _has_session(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _is_cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.STOREFRONT_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        # A message waiting to be shown (cookie or session storage) is this visitor's own.
        and not request.COOKIES.get("messages")
        and not (_has_session(request) and "_messages" in request.session)
    )


def _shared_page(content: bytes) -> bytes:
    """The page with the visitor's own parts emptied, leaving their markers."""
    return VISITOR_PART_RE.sub(rb"<!--visitor:\1--><!--/visitor-->", content)


def _render_visitor_parts(request: HttpRequest) -> dict[bytes, bytes]:
    return {
        name.encode(): render_to_string(template, request=request).encode()
        for name, template in VISITOR_PARTS.items()
    }


def _anonymous_parts_key() -> str:
    return f"storefront:visitor-parts:{get_language()}"


def _visitor_parts(request: HttpRequest, kept: dict[bytes, bytes] | None) -> dict[bytes, bytes]:
    """This visitor's header parts; the same for every visitor with no session, so cached
    (`kept`: read with the page, in the same round trip)."""
    if _has_session(request):
        return _render_visitor_parts(request)
    key = _anonymous_parts_key()
    parts = kept
    if parts is None:
        parts = _render_visitor_parts(request)
        if not any(CSRF_INPUT_RE.search(part) for part in parts.values()):
            cache.set(key, parts, settings.STOREFRONT_CACHE_SECONDS)
    return parts


def _with_visitor_parts(
    request: HttpRequest, content: bytes, kept: dict[bytes, bytes] | None
) -> bytes:
    parts = _visitor_parts(request, kept)
    return VISITOR_PART_RE.sub(
        lambda match: b"<!--visitor:%s-->%s<!--/visitor-->" % (match[1], parts.get(match[1], b"")),
        content,
    )


def _is_cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    # The session cookie is only added after the view returns, by its middleware, so look at
    # what the view did rather than at response.cookies alone.
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
    )


def _without_csrf_token(request: HttpRequest, content: bytes) -> bytes | None:
    """The page with its CSRF token swapped for a placeholder; None if it can't be cached.

    A page with a form (add to cart) can still be shared: each visitor served from the cache
    gets a token of their own in place of the placeholder, and the cookie that goes with it.
    """
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return content  # the page used no token
    tokens = set(CSRF_INPUT_RE.findall(content))
    if not tokens and b"csrfmiddlewaretoken" not in content:
        return content  # only the visitor's own parts (cut out) used one
    if len(tokens) != 1:
        return None  # a token somewhere we can't see: never share it
    return content.replace(tokens.pop(), CSRF_PLACEHOLDER)


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"storefront:page:{get_language()}:{path}"


def storefront_cached(name: str, build: Callable[[], T], *, scopes: Iterable[str]) -> T:
    """`build()` kept in the cache until one of `scopes` changes (or 5 x the page lifetime).

    For reads that every visitor shares and that cost the same whoever asks, such as the home
    page's counts over the whole catalogue. Off, like the page cache, when the lifetime is 0.
    """
    seconds = settings.STOREFRONT_CACHE_SECONDS
    if seconds <= 0:
        return build()
    key = f"storefront:data:{name}"
    cached = cache.get(key)
    if cached is not None and _still_valid(cached[1]):
        return cached[0]
    started = time.time_ns()
    value = build()
    versions = _versions({CATALOGUE, *scopes})
    if not _bumped_since(versions, started):
        cache.set(key, (value, versions), seconds * 5)
    return value


def _gzipped_response(content: bytes, content_type: str) -> HttpResponse:
    """A kept page as gzip (GZipMiddleware leaves a response with Content-Encoding alone; the
    page holds no secret, so its random padding against BREACH is not needed)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    response["X-Page-Cache"] = "hit"
    return response


def cache_storefront_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve GETs of this view from the cache for STOREFRONT_CACHE_SECONDS, to every visitor.

    The view says what its page shows with `depends_on(request, scope, ...)`; every page
    depends on CATALOGUE.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _is_cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        anonymous = not _has_session(request)
        gzip_key = (
            f"{key}:gzip"
            if anonymous and ACCEPTS_GZIP_RE.search(request.headers.get("Accept-Encoding", ""))
            else None
        )
        wanted = [key, _anonymous_parts_key(), gzip_key] if anonymous else [key]
        found = cache.get_many([k for k in wanted if k])
        gzipped = found.get(gzip_key) if gzip_key else None
        if gzipped is not None and _still_valid(gzipped[2]):
            return _gzipped_response(*gzipped[:2])
        cached = found.get(key)
        if cached is not None and _still_valid(cached[2]):
            content, content_type, versions = cached
            parts = found.get(_anonymous_parts_key()) if anonymous else None
            content = _with_visitor_parts(request, content, parts)
            if CSRF_PLACEHOLDER in content:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            elif gzip_key and not CSRF_INPUT_RE.search(content):
                # What every anonymous visitor gets, byte for byte: gzipped once, not per request.
                gzipped = (compress_string(content), content_type, versions)
                cache.set(gzip_key, gzipped, settings.STOREFRONT_CACHE_SECONDS)
                return _gzipped_response(*gzipped[:2])
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        started = time.time_ns()
        request.storefront_scopes = {CATALOGUE}
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _is_cacheable_response(request, response):
            shareable = _without_csrf_token(request, _shared_page(response.content))
            versions = _versions(request.storefront_scopes)
            if shareable is not None and not _bumped_since(versions, started):
                entry = (shareable, response["Content-Type"], versions)
                cache.set(key, entry, settings.STOREFRONT_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def storefront_fragments(
    items: list[tuple[str, Iterable[str]]], render: Callable[[int], str]
) -> list[str]:
    """Pieces of a page shared by every page that shows them (a listing's card): item i is
    (its name, the scopes it shows), rendered by `render(i)` only when it is not kept or one
    of its scopes changed since. Two cache reads for all of them, one write for the missing.
    """
    if settings.STOREFRONT_CACHE_SECONDS <= 0 or not items:
        return [render(i) for i in range(len(items))]
    keys = [f"storefront:fragment:{get_language()}:{name}" for name, _scopes in items]
    kept = cache.get_many(keys)
    current = cache.get_many({key for _html, versions in kept.values() for key in versions})
    fragments: list[str | None] = [None] * len(items)
    for i, key in enumerate(keys):
        entry = kept.get(key)
        if entry is not None and all(current.get(k) == v for k, v in entry[1].items()):
            fragments[i] = entry[0]
    missing = [i for i, fragment in enumerate(fragments) if fragment is None]
    if missing:
        started = time.time_ns()
        for i in missing:
            fragments[i] = render(i)
        scopes = {i: {CATALOGUE, *items[i][1]} for i in missing}
        versions = _versions(set().union(*scopes.values()))
        fresh = {
            keys[i]: (
                fragments[i],
                {VERSION_PREFIX + s: versions[VERSION_PREFIX + s] for s in scopes[i]},
            )
            for i in missing
        }
        if not _bumped_since({k: v for _h, vs in fresh.values() for k, v in vs.items()}, started):
            cache.set_many(fresh, settings.STOREFRONT_CACHE_SECONDS * 5)
    return [fragment or "" for fragment in fragments]
