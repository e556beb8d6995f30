"""The shared cache of several app servers: CACHE_URL selects Django's Redis cache.

These tests talk to the real Redis server (127.0.0.1:6379, database 15, a key prefix of their
own, so a developer's or another run's keys are never touched); CI starts it (``.ci/run``) and
fails rather than skip when it does not answer.
"""

import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from balatkop import freshness
from balatkop.ratelimit import rate_limit_exceeded
from participants.models import Nomination
from participants.tests.matrix_selection import make_nominee, make_program

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
NOMINATIONS = reverse("participants:nomination_list")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _server() -> redis.Redis:
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        server.ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis tidak menjawab di {REDIS_URL}: {error}")
        pytest.skip(f"Redis tidak menjawab di {REDIS_URL}")
    return server


@pytest.fixture
def redis_cache(settings):
    server = _server()
    prefix = f"balatkop-uji-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def _settings_caches(env: dict) -> str:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'balatkop.settings');"
        "from django.conf import settings;"
        "c = settings.CACHES['default']; print(c['BACKEND'], c.get('LOCATION'), c.get('KEY_PREFIX'))"
    )
    environment = {
        k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "CACHE_KEY_PREFIX"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_cache_url_selects_redis_and_the_default_stays_per_process():
    assert _settings_caches({}).startswith("django.core.cache.backends.locmem.LocMemCache")
    assert _settings_caches({"CACHE_URL": "redis://10.0.0.5:6379/2"}) == (
        "django.core.cache.backends.redis.RedisCache redis://10.0.0.5:6379/2 balatkop"
    )
    assert "CACHE_URL harus berupa" in _settings_caches({"CACHE_URL": "memcached://x"})


def test_a_page_built_once_is_stored_in_redis_and_never_stale_after_a_write(
    redis_cache, staf, django_assert_max_num_queries
):
    server, prefix = redis_cache
    nominee = make_nominee(make_program(), "52.71")
    first = Client()
    first.force_login(staf, backend="balatkop.auth.ModelBackendWithBalai")
    assert nominee.participant.name in first.get(NOMINATIONS).content.decode()
    assert any(b"fragment:nomination_list" in key for key in server.scan_iter(f"{prefix}:*"))

    # Another server's worker: its own client and its own connection to the same Redis.
    cache.close()
    other = Client()
    other.force_login(staf, backend="balatkop.auth.ModelBackendWithBalai")
    with django_assert_max_num_queries(3):  # session, user, data version: the page from Redis
        assert nominee.participant.name in other.get(NOMINATIONS).content.decode()

    with freshness.writes_for(staf.balai_id):
        Nomination.objects.filter(pk=nominee.pk).update(status="ditolak")
    assert "Ditolak" in other.get(NOMINATIONS).content.decode()
    assert "Ditolak" in first.get(NOMINATIONS).content.decode()


def test_rate_limits_count_in_the_shared_cache(redis_cache):
    hits = [
        rate_limit_exceeded(scope="uji", key="10.0.0.1", limit=2, window_seconds=60)
        for _ in range(3)
    ]
    assert hits == [False, False, True]


def test_a_cache_that_is_down_slows_the_page_and_does_not_break_it(settings, staf):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    nominee = make_nominee(make_program(), "52.71")
    client = Client()
    client.force_login(staf, backend="balatkop.auth.ModelBackendWithBalai")
    assert nominee.participant.name in client.get(NOMINATIONS).content.decode()
