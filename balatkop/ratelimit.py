"""A fixed-window rate limit on the default cache: public pages and NIK look-ups."""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or what the outermost trusted proxy saw.

    Each proxy appends the address it saw to X-Forwarded-For, so with TRUSTED_PROXY_COUNT = n
    the n-th entry from the right is the client; entries further left are the client's own
    claim and never trusted (a guesser could give every request a new address).
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for (scope, key) in the current window; True once more than `limit` hits."""
    window = int(timezone.now().timestamp()) // window_seconds
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=window_seconds + 1):
        return False
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds + 1)
        return False
    return hits > limit
