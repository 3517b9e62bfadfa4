"""The production cache backend (core/cache.py) against the machine's Redis."""

from __future__ import annotations

import uuid

from core.cache import FailOpenRedisCache


def _cache(location: str) -> FailOpenRedisCache:
    return FailOpenRedisCache(location, {"OPTIONS": {"socket_connect_timeout": 1}})


def test_values_round_trip_over_one_shared_client():
    cache = _cache("redis://127.0.0.1:6379/15")
    key = f"test-{uuid.uuid4().hex}"
    cache.set(key, {"seats_left": 3}, 30)
    assert cache.get(key) == {"seats_left": 3}
    # One redis.Redis per pool, not one per call (each costs its callback table).
    client = cache._cache.get_client(write=False)
    assert cache._cache.get_client(write=True) is client
    cache.delete(key)
    assert cache.get(key, "gone") == "gone"


def test_an_unreachable_redis_is_a_miss_not_an_error():
    cache = _cache("redis://127.0.0.1:1/0")  # nothing listens on port 1
    assert cache.get("anything", "default") == "default"
    assert cache.set("anything", 1) is None
