"""Django's Redis cache, failing open: an unreachable Redis is a cache miss, not a 500.

Wagtail (site root paths, page URLs), allauth and our own code read the cache on every
page. With the stock backend a Redis outage turns each read into an exception and the
whole site into error pages (tests/reliability/test_redis_outage.py showed it); here a
read misses, a write is skipped, and one warning is logged per call. Counters (`incr`)
still raise, so that a caller that needs one (accounts.ratelimit) decides for itself.
"""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _fail_open(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                logger.warning("cache unavailable in %s (%s)", method.__name__, type(exc).__name__)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return decorate


def _get_default(key, default=None, version=None):
    return default


class FailOpenRedisCache(RedisCache):
    get = _fail_open(_get_default)(RedisCache.get)
    get_many = _fail_open({})(RedisCache.get_many)
    has_key = _fail_open(False)(RedisCache.has_key)
    set = _fail_open(None)(RedisCache.set)
    add = _fail_open(False)(RedisCache.add)
    touch = _fail_open(False)(RedisCache.touch)
    set_many = _fail_open([])(RedisCache.set_many)
    delete = _fail_open(False)(RedisCache.delete)
    delete_many = _fail_open(None)(RedisCache.delete_many)
    clear = _fail_open(False)(RedisCache.clear)
