"""The library is the same for every reader, so what its pages show is cached.

Every key carries the library's version. Any change to an article, a topic, a
glossary term or a crisis line (in the admin, the loader or a shell) moves the
version on, so nobody reads a page an editor has since changed.
"""

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "library:version"


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def library_changed(**signal_arguments) -> None:
    """Retire every cached library page (connected to the content models' signals).

    Once now, and again when the change commits: a page cached in between,
    from data read before the commit, is retired too.
    """
    _new_version()
    transaction.on_commit(_new_version)


def cached[T](name: str, *parts, build: Callable[[], T]) -> T:
    """Return what `build` returns, from the cache when this version has it."""
    # Parts may be what a reader typed: hashed, any text makes a valid key.
    digest = hashlib.blake2b("\0".join(map(str, parts)).encode(), digest_size=16)
    key = f"library:{_version()}:{get_language()}:{name}:{digest.hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.LIBRARY_CACHE_SECONDS)
    return value
