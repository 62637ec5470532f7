"""Deploy checks for what `check --deploy` would otherwise miss."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_production_services(app_configs, **kwargs):
    warnings = []
    if not settings.SECURE_CSP:
        warnings.append(
            checks.Warning("No Content-Security-Policy is configured.", id="mend.W001")
        )
    if settings.MAILERS["default"]["BACKEND"].endswith("console.EmailBackend"):
        warnings.append(
            checks.Warning(
                "EMAIL_HOST is not set: emails (verification, password reset) "
                "would only be printed to the console.",
                hint="Set EMAIL_HOST and its EMAIL_* companions.",
                id="mend.W002",
            )
        )
    if not settings.FIELD_ENCRYPTION_KEYS:
        warnings.append(
            checks.Warning("FIELD_ENCRYPTION_KEYS is not set.", id="mend.W003")
        )
    if not (settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY):
        warnings.append(
            checks.Warning(
                "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are not set: the installed "
                "app cannot offer push notifications.",
                hint="Make a pair with `python manage.py generate_vapid_keys` and "
                "set both.",
                id="mend.W005",
            )
        )
    if _kept_per_process("default"):
        warnings.append(
            checks.Warning(
                "The cache is kept in each process: sign-in lockouts and rate "
                "limits would be counted per worker, not shared.",
                hint="Set REDIS_URL, or use the database cache (the default "
                "outside DEBUG).",
                id="mend.W004",
            )
        )
    return warnings


def _kept_per_process(alias: str) -> bool:
    cache = settings.CACHES[alias]
    if cache["BACKEND"].endswith((".LocMemCache", ".DummyCache")):
        return True
    return "FALLBACK" in cache and _kept_per_process(cache["FALLBACK"])
