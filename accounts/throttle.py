"""Small counters in the shared cache (Redis in production) that brake repeated attempts."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, for brakes keyed per client.

    Without a trusted proxy: REMOTE_ADDR. Behind load balancers (TRUSTED_PROXY_COUNT > 0),
    REMOTE_ADDR is the last proxy, and X-Forwarded-For ends with the addresses our proxies
    appended: the client is the entry TRUSTED_PROXY_COUNT from the right. Entries further left
    are the client's to forge and are never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    header = request.META.get(settings.TRUSTED_PROXY_HEADER, "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote  # the request did not come through all our proxies
    return hops[-proxies]


def is_over(key: str, limit: int) -> bool:
    return (cache.get(key) or 0) >= limit


def count(key: str, window_seconds: int) -> None:
    """One more attempt; the count expires `window_seconds` after the first one."""
    cache.add(key, 0, window_seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
