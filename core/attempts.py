"""Limits on guessing a secret: a pairing code, a therapist's code, a link's token.

Each wrong try counts against the account and against the address it came
from, in the shared cache (Redis, or the database while Redis is away), so
every server process sees the same count. Once either count reaches the
limit, every try of that kind waits, the right secret included: a guesser
learns nothing from the answer until the wait is over.

Sign-in, password reset and two-factor codes are limited by allauth
(`ACCOUNT_RATE_LIMITS` in settings), in the same shared cache.
"""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int
    seconds: int


PAIRING_CODE = Limit("pairing-code", attempts=5, seconds=15 * 60)
THERAPIST_CODE = Limit("therapist-code", attempts=5, seconds=15 * 60)
LINK_TOKEN = Limit("link-token", attempts=10, seconds=15 * 60)


class TooManyAttempts(Exception):
    """Raised with the seconds to wait; its message is shown to the person."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        minutes = max(1, math.ceil(seconds / 60))
        super().__init__(
            ngettext(
                "That was tried too many times. For your safety, please wait "
                "%(minutes)d minute and try again.",
                "That was tried too many times. For your safety, please wait "
                "%(minutes)d minutes and try again.",
                minutes,
            )
            % {"minutes": minutes}
        )


def _keys(request, limit: Limit) -> list[str]:
    keys = [f"attempts:{limit.scope}:ip:{request.META.get('REMOTE_ADDR', '')}"]
    if request.user.is_authenticated:
        keys.append(f"attempts:{limit.scope}:user:{request.user.pk}")
    return keys


def check(request, limit: Limit) -> None:
    """Raise TooManyAttempts while this account or address must wait."""
    now = time.time()
    for key in _keys(request, limit):
        count, until = cache.get(key, (0, 0))
        if count >= limit.attempts and until > now:
            raise TooManyAttempts(int(until - now) + 1)


def record_failure(request, limit: Limit) -> None:
    """Count one wrong try against this account and this address."""
    now = time.time()
    for key in _keys(request, limit):
        count, until = cache.get(key, (0, 0))
        if until <= now:
            count, until = 0, now + limit.seconds
        cache.set(key, (count + 1, until), timeout=int(until - now) + 1)
