"""The Redis cache of production (core.cache): Django's, with its redis-py client reused."""

import os

import pytest
import redis

from core.cache import RedisCache
from tests.conftest import skip_or_fail


@pytest.fixture
def redis_cache():
    url = os.environ.get("REDIS_URL")
    if not url:
        skip_or_fail("REDIS_URL is not set")
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        skip_or_fail(f"no Redis at {url}")
    cache = RedisCache(url, {"KEY_PREFIX": "test-portal-cache"})
    yield cache
    cache.delete_many(["a", "b", "n"])


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    redis_cache.set("a", {"đồng": 1_000_000})
    redis_cache.set_many({"b": [1, 2]})
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"đồng": 1_000_000}, "b": [1, 2]}
    assert redis_cache.add("n", 1) and not redis_cache.add("n", 5)
    assert redis_cache.incr("n") == 2
    assert redis_cache._cache.get_client() is client


def test_the_settings_use_it_when_redis_is_configured(settings):
    if not os.environ.get("REDIS_URL"):
        skip_or_fail("REDIS_URL is not set")
    assert settings.CACHES["default"]["BACKEND"] == "core.cache.RedisCache"
