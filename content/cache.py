"""The library is the same for every reader, so what its pages show is cached.

Every key carries the library's version. Any change to an article, a topic, a
glossary term or a crisis line (in the admin, the loader or a shell) moves the
version on: the process that made the change serves the new page at once, and
every other app server within VERSION_MEMORY_SECONDS.
"""

import functools
import hashlib
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "library:version"
RELEASE_FOLDERS = (
    "config",
    "content",
    "couples",
    "recovery",
    "templates",
    "static",
    "locale",
)
RELEASE_SUFFIXES = {".py", ".html", ".po", ".css", ".js", ".toml", ".md", ".txt"}


# How long a process trusts the version it last read before asking the shared
# cache again: a cached page then costs no round trip to Redis at all.
VERSION_MEMORY_SECONDS = 1.0


# (version, monotonic time until which it is trusted), replaced whole.
_remembered: tuple[int | None, float] = (None, 0.0)


def _version() -> int:
    global _remembered
    now = time.monotonic()
    version, until = _remembered
    if version is not None and now < until:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    _remembered = (version, now + VERSION_MEMORY_SECONDS)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    forget_version()


def forget_version() -> None:
    """Ask the shared cache next time (after a change, or when it was emptied)."""
    global _remembered
    _remembered = (None, 0.0)


def library_changed(**signal_arguments) -> None:
    """Retire every cached library page (connected to the content models' signals).

    Once now, and again when the change commits: a page cached in between,
    from data read before the commit, is retired too.
    """
    _new_version()
    transaction.on_commit(_new_version)


@functools.cache
def code_release() -> str:
    """What this deploy's code, templates and translations add up to.

    Part of every key, so a deploy or a changed setting never serves pages
    rendered before it (with old static file names, say) from a cache that
    outlived it.
    """
    if release := os.environ.get("MEND_RELEASE"):
        return release
    digest = hashlib.blake2b(digest_size=8)
    # Settings pages show, which a restart can change without a code change.
    digest.update(repr((settings.QUICK_EXIT_URL, settings.STATIC_URL)).encode())
    for folder in RELEASE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES:
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def key_for(name: str, *parts) -> str:
    """The cache key of `name` and `parts` in this release, library version and language."""
    # Parts may be what a reader typed: hashed, any text makes a valid key.
    digest = hashlib.blake2b("\0".join(map(str, parts)).encode(), digest_size=16)
    return (
        f"library:{code_release()}:{_version()}:{get_language()}:{name}:"
        f"{digest.hexdigest()}"
    )


def cached[T](name: str, *parts, build: Callable[[], T]) -> T:
    """Return what `build` returns, from the cache when this version has it."""
    key = key_for(name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.LIBRARY_CACHE_SECONDS)
    return value
