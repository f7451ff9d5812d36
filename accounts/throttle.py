"""Small counters in the shared cache (Redis in production) that brake repeated attempts."""

from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is the client's to forge unless a proxy we trust sets it.
    return request.META.get("REMOTE_ADDR", "")


def is_over(key: str, limit: int) -> bool:
    return (cache.get(key) or 0) >= limit


def count(key: str, window_seconds: int) -> None:
    """One more attempt; the count expires `window_seconds` after the first one."""
    cache.add(key, 0, window_seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
