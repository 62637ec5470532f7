"""Redis as an accelerator: while it cannot be reached, another cache stands in.

Django's RedisCache raises on every call while Redis is down, which would
turn a Redis outage into an outage of every page. This backend sends each
call to the cache named by FALLBACK (the database cache, shared by every
process, so rate limits still hold) from the first failure until Redis
answers again, trying Redis at most once every RETRY_SECONDS, and says so
in the log once a minute rather than on every call.

What changed in the fallback while Redis was away would be stale in Redis
when it returns (a session signed out meanwhile would come back), so those
keys are deleted from Redis then, and the fallback is emptied so that the
next outage starts from nothing old.

Written here rather than taken from a package: the ones on PyPI either
log and retry Redis on every call, or swallow errors so that a rate limit
reads as empty.
"""

import logging
import threading
import time
from collections import defaultdict
from urllib.parse import urlsplit

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("mend.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# While Redis is down, one call in this many seconds tries it again.
RETRY_SECONDS = 2.0
# While Redis is down, the log says so once in this many seconds.
LOG_EVERY_SECONDS = 60.0
# Beyond this many keys changed during an outage, Redis is emptied instead.
MOST_REMEMBERED_KEYS = 10_000


class Outage:
    """What this process knows of one Redis server being away (its threads share it)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.since: float | None = None
        self.retry_at = 0.0
        self.logged_at = 0.0
        self.changed: set[tuple[str, int | None]] = set()
        self.too_many_changed = False

    @property
    def ongoing(self) -> bool:
        return self.since is not None


# One per Redis address, per process: Django makes a cache object per thread.
_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def _where(servers) -> str:
    """host:port of the first server, never the password a URL may carry."""
    address = urlsplit(servers[0])
    return f"{address.hostname}:{address.port or 6379}"


class OneClientRedisCacheClient(RedisCacheClient):
    """Django's, with one redis-py client per connection pool rather than a new
    one for every call (making one costs more than the call itself)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if (client := self._clients.get(id(pool))) is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCacheWithFallback(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientRedisCacheClient
        self._fallback_alias = params["FALLBACK"]
        with _outages_lock:
            self._outage = _outages.setdefault(",".join(self._servers), Outage())

    # ---------- the calls, each to Redis or, while it is away, the fallback ----------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version, changes=[key])

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version, changes=[key])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version, changes=[key])

    def delete(self, key, version=None):
        return self._call("delete", key, version=version, changes=[key])

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version, changes=[key])

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version=version, changes=data)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version, changes=keys)

    def clear(self):
        return self._call("clear", changes=None)

    def answers(self) -> bool:
        """Whether Redis itself answers now (for the readiness check)."""
        try:
            return self._cache.get_client(write=True).ping()
        except UNREACHABLE:
            return False

    # ---------- the outage ----------

    def _call(self, name, *args, changes=(), **kwargs):
        outage = self._outage
        if not outage.ongoing or time.monotonic() >= outage.retry_at:
            try:
                if outage.ongoing:
                    self._came_back()
                return getattr(RedisCache, name)(self, *args, **kwargs)
            except UNREACHABLE as error:
                self._went_away(error)
        self._remember_changes(changes, kwargs.get("version"))
        return getattr(caches[self._fallback_alias], name)(*args, **kwargs)

    def _went_away(self, error) -> None:
        outage, now = self._outage, time.monotonic()
        with outage.lock:
            first = not outage.ongoing
            if first:
                outage.since = now
            outage.retry_at = now + RETRY_SECONDS
            say = first or now - outage.logged_at >= LOG_EVERY_SECONDS
            if say:
                outage.logged_at = now
        if say:
            logger.warning(
                "Redis at %s is unreachable (%s) for %d s; the %r cache stands in "
                "until it answers.",
                _where(self._servers),
                error,
                now - outage.since,
                self._fallback_alias,
            )

    def _remember_changes(self, keys, version) -> None:
        outage = self._outage
        with outage.lock:
            if keys is None or len(outage.changed) >= MOST_REMEMBERED_KEYS:
                outage.too_many_changed = True
            else:
                outage.changed.update((key, version) for key in keys)

    def _came_back(self) -> None:
        """Forget the outage once Redis answers (raises while it still does not)."""
        outage = self._outage
        self._cache.get_client(write=True).ping()
        with outage.lock:
            changed, too_many = set(outage.changed), outage.too_many_changed
        # Redis may still hold what was true before the outage: clean that up
        # before it answers a call.
        if too_many:
            RedisCache.clear(self)
        else:
            by_version = defaultdict(list)
            for key, version in changed:
                by_version[version].append(key)
            for version, keys in by_version.items():
                RedisCache.delete_many(self, keys, version=version)
        caches[self._fallback_alias].clear()
        with outage.lock:
            if not outage.ongoing:
                return
            away = time.monotonic() - outage.since
            outage.since, outage.changed, outage.too_many_changed = None, set(), False
        logger.warning(
            "Redis at %s answers again after %d s; it is the cache again.",
            _where(self._servers),
            away,
        )
