"""Whole-page cache for what anonymous visitors read on the storefront.

A storefront page costs 25-40 ms of CPU to build (queries and 24 listing cards) but the same
page is served to every anonymous visitor, so it is kept in the cache for a short time.

Only safe responses are kept: GET, no session cookie (so no cart, no login, no messages), a
200 that sets no cookie. A CSRF token in a form is swapped for a placeholder before caching and
each visitor served from the cache gets a fresh token of their own (and its cookie). Any save of a listing, seller, photo, ODOP product, category, district or state bumps a
version number that is part of every key, so a curator's approval shows at once. Stock moved
by orders (a conditional UPDATE, no save) can show on cards up to STOREFRONT_CACHE_SECONDS
late; checkout checks stock and price on the server anyway.
"""

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

VERSION_KEY = "storefront:version"
CSRF_PLACEHOLDER = b"__csrf_token_of_this_visitor__"
CSRF_INPUT_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
T = TypeVar("T")


def bump_storefront_version(**_signal_kwargs: Any) -> None:
    """Forget every cached storefront page (they are keyed by this version)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 1, timeout=None)


def _is_cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.STOREFRONT_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
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
    if len(tokens) != 1:
        return None  # a token somewhere we can't see: never share it
    return content.replace(tokens.pop(), CSRF_PLACEHOLDER)


def _key(request: HttpRequest) -> str:
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"storefront:page:{version}:{get_language()}:{path}"


def storefront_cached(name: str, build: Callable[[], T]) -> T:
    """`build()` kept in the cache until the next catalogue save (or 5 x the page lifetime).

    For reads that every visitor shares and that cost the same whoever asks, such as the home
    page's counts over the whole catalogue. Off, like the page cache, when the lifetime is 0.
    """
    seconds = settings.STOREFRONT_CACHE_SECONDS
    if seconds <= 0:
        return build()
    key = f"storefront:data:{cache.get_or_set(VERSION_KEY, 1, timeout=None)}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds * 5)
    return value


def cache_storefront_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous GETs of this view from the cache for STOREFRONT_CACHE_SECONDS."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _is_cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            if CSRF_PLACEHOLDER in content:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _is_cacheable_response(request, response):
            shareable = _without_csrf_token(request, response.content)
            if shareable is not None:
                entry = (shareable, response["Content-Type"])
                cache.set(key, entry, settings.STOREFRONT_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
        return response

    return wrapper
