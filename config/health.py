"""Health endpoints for a load balancer, answered before any other middleware.

- /healthz: the process answers. Touches nothing, not even the database.
- /readyz: the database answers, every migration is applied, and Redis
  answers or is knowingly absent: not configured, or unreachable while the
  database cache stands in (config/caches.py). Failing readiness for that
  would take every server out of the load balancer at once, for an outage
  Mend rides through.

Both answer JSON, one word per check, never cached. They sit first in
MIDDLEWARE, so no session, user, cache, CSRF or host check is involved (a
load balancer asks by address, over plain HTTP) and nothing personal can
appear in them.
"""

import json
import logging

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from .caches import RedisCacheWithFallback

logger = logging.getLogger("mend.health")


def _answer(status: int, checks: dict[str, str]) -> HttpResponse:
    response = HttpResponse(
        json.dumps(checks), status=status, content_type="application/json"
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


def _migrations_applied() -> bool:
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def _redis() -> str:
    cache = caches["default"]
    if not isinstance(cache, RedisCacheWithFallback):
        return "not configured"
    return "ok" if cache.answers() else "unreachable, the database cache stands in"


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Once this process has seen every migration applied, it stays so: its
        # code, and so its migrations, cannot change under it.
        self.migrated = False

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path == "/healthz":
                return _answer(200, {"process": "ok"})
            if request.path == "/readyz":
                return self.ready()
        return self.get_response(request)

    def ready(self) -> HttpResponse:
        checks, ready = {}, True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            checks["database"] = "ok"
            self.migrated = self.migrated or _migrations_applied()
            checks["migrations"] = "ok" if self.migrated else "not applied"
            ready = self.migrated
        except DatabaseError as error:
            logger.warning("Not ready: the database is unreachable (%s).", error)
            checks["database"], ready = "unreachable", False
        checks["redis"] = _redis()
        return _answer(200 if ready else 503, checks)
