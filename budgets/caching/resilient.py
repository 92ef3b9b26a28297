"""A Redis cache that degrades instead of failing.

With Redis stopped every public page and the log-in answered 500; with Redis hung, 500
after 5.7 s. Here each Redis call has a short socket timeout (OPTIONS ``timeout_seconds``,
0.1 s); a call that fails marks Redis down for ``retry_seconds`` (5) and is answered by a
cache in this process's memory instead, as is every call until Redis is tried again. So
log-in throttling keeps counting (per process) and a page costs at most one timeout more
than usual, once per retry period. Pages are not cached while Redis is down
(``middleware`` asks ``is_down``), and the first call that reaches Redis again runs
``on_recovery`` first (``version`` sets it to move the data version): a document published
during the outage moved the version in one process's memory only, so every page cached
in Redis before it is dropped.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: The cache API calls that reach Redis.
GUARDED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class ResilientRedisCache(RedisCache):
    #: Called with the cache on the first call that reaches Redis after it was down.
    on_recovery = None

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.pop("OPTIONS", {}))
        self.timeout_seconds = float(options.pop("timeout_seconds", 0.1))
        self.retry_seconds = float(options.pop("retry_seconds", 5))
        options.setdefault("socket_connect_timeout", self.timeout_seconds)
        options.setdefault("socket_timeout", self.timeout_seconds)
        super().__init__(server, {**params, "OPTIONS": options})
        self.fallback = LocMemCache(f"fallback-{id(self)}", {**params, "OPTIONS": {}})
        self.down_until = 0.0
        self.was_down = False

    def is_down(self):
        return time.monotonic() < self.down_until

    def went_down(self, error):
        if not self.is_down():
            logger.warning(
                "redis unavailable, using the process's memory cache",
                extra={"event": "cache_down", "error": str(error), "seconds": self.retry_seconds},
            )
        self.down_until = time.monotonic() + self.retry_seconds
        self.was_down = True
        # A Redis that restarts cuts every pooled connection: drop them all now, or each
        # would fail once in turn and keep the site degraded for a period each time.
        for pool in self._cache._pools.values():
            pool.disconnect()

    def came_back(self):
        self.was_down = False
        logger.warning("redis available again", extra={"event": "cache_up"})
        if self.on_recovery is not None:
            self.on_recovery()


def guarded(name):
    """``name`` of RedisCache, answered by the fallback while Redis is down."""
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if not self.is_down():
            try:
                if self.was_down:
                    self.came_back()  # before this call answers from Redis's old state
                return redis_method(self, *args, **kwargs)
            except RedisError as error:
                self.went_down(error)
        return getattr(self.fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


for _name in GUARDED:
    setattr(ResilientRedisCache, _name, guarded(_name))
