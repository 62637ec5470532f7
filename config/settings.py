"""Mend's settings: one file, every environment difference from an env var.

Read top to bottom. Anything that must be set in production fails loudly at
start-up with a hint, rather than at the first request.
"""

import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off.")


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_required(name: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set. {hint}")
    return value


DEBUG = env_bool("DEBUG", default=False)
# HTTPS hardening (HSTS, secure __Host- cookies, redirect) is on unless told
# otherwise, so a production deployment cannot forget it.
HTTPS = env_bool("HTTPS", default=not DEBUG)

if DEBUG:
    SECRET_KEY = (
        os.environ.get("SECRET_KEY") or "django-insecure-local-development-only"
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
else:
    SECRET_KEY = env_required(
        "SECRET_KEY",
        "Generate one with `python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or env_required(
        "ALLOWED_HOSTS", "Set it to the host names Mend is served on, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Where Mend is served, for links in emails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Keys for personal free text (core.encryption). The first encrypts; every
# key listed decrypts, so a new key can be rolled in before old ones go.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
if not FIELD_ENCRYPTION_KEYS and not DEBUG:
    env_required(
        "FIELD_ENCRYPTION_KEYS",
        "Generate a key with `python manage.py generate_encryption_key`.",
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "core",
    "couples",
    "content",
    "recovery",
]

MIDDLEWARE = [
    # /healthz and /readyz, before anything that checks hosts or reads sessions.
    "config.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.PersonLanguageMiddleware",
    "config.middleware.PersianDigitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "config.middleware.IdleTimeoutMiddleware",
    "config.middleware.MethodNotAllowedPageMiddleware",
    "config.middleware.PrivacyHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "config.context_processors.news",
            ],
            # Our `date` filter: Django's, or the Solar Hijri calendar in Persian.
            "builtins": ["core.l10n"],
        },
    },
]

FORM_RENDERER = "config.forms.FormRenderer"

# Where Quick exit sends a person: a neutral page that looks like everyday browsing.
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.bbc.com/weather")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'mend.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The load benchmark (bench/) adds a bare view to compare every page with.
BENCHMARK_VIEWS = env_bool("MEND_BENCHMARK", False)

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# The database cache is shared by every process, so sign-in lockouts and rate
# limits hold across workers without Redis. Its table comes from a migration
# (couples 0010). Room for many entries: culling would forget rate limits.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "mend_cache",
    "KEY_PREFIX": "mend",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
if REDIS_URL:
    # Redis is an accelerator: while it is unreachable, the database cache
    # stands in (config/caches.py) and sessions are read from PostgreSQL.
    CACHES = {
        "default": {
            "BACKEND": "config.caches.RedisCacheWithFallback",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mend",
            "FALLBACK": "database",
            # An unreachable Redis costs one request a second at most, and
            # is tried again only every few seconds.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {"default": DATABASE_CACHE}
CACHES["database"] = DATABASE_CACHE

# Library pages are cached until an editor changes the library. A per-process
# cache cannot hear about changes made in another process, so there cached
# library pages live for a minute only.
LIBRARY_CACHE_SECONDS = (
    60 if CACHES["default"]["BACKEND"].endswith(".LocMemCache") else 60 * 60
)

# Each process also keeps the public pages it served lately
# (content/page_cache.py), so a hit costs no round trip to Redis: the least
# recently used go first, beyond 128 pages of about 40 KB.
CACHES["recent-pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "recent-pages",
    "TIMEOUT": LIBRARY_CACHE_SECONDS,
    "OPTIONS": {"MAX_ENTRIES": 128},
}

# Background work (email, reminders). Production runs `manage.py db_worker`;
# local development runs tasks at once so emails print in the server's log.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database")
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend]}}

# Authentication: email is the login, passwords hashed with Argon2.
AUTH_USER_MODEL = "couples.User"
AUTHENTICATION_BACKENDS = [
    "couples.backends.ModelBackend",
    "couples.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "recovery:home"

ACCOUNT_ADAPTER = "couples.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "couples.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional" if DEBUG else "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_ADAPTER = "couples.adapters.MFAAdapter"
MFA_FORMS = {
    "authenticate": "couples.forms.CodeAuthenticateForm",
    "reauthenticate": "couples.forms.CodeReauthenticateForm",
    "activate_totp": "couples.forms.CodeActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mend"
# Tracking activity would write to the database on every request; the list
# shows each session's device, address and start time instead.
USERSESSIONS_TRACK_ACTIVITY = False

SITE_NAME = "Mend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mend <hello@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The sender shown to people in discreet mode: the same address, a neutral name.
DISCREET_FROM_EMAIL = os.environ.get(
    "DISCREET_FROM_EMAIL", f"Notifications <{parseaddr(DEFAULT_FROM_EMAIL)[1]}>"
)
# Web Push from the installed app (couples/notify.py). The keys are a VAPID
# pair (`manage.py generate_vapid_keys`); without them push is off and
# `check --deploy` says so. The subject tells push services whom to contact.
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "").strip()
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "").strip()
VAPID_SUBJECT = os.environ.get(
    "VAPID_SUBJECT", f"mailto:{parseaddr(DEFAULT_FROM_EMAIL)[1]}"
)
# Push services use HTTPS; plain HTTP endpoints only for local receivers (tests).
PUSH_HTTP_ENDPOINTS = DEBUG
# The browsers' push services a subscription may point at (a host, or a
# domain whose subdomains count): the worker never posts anywhere else.
PUSH_SERVICE_HOSTS = env_list(
    "PUSH_SERVICE_HOSTS",
    "fcm.googleapis.com,updates.push.services.mozilla.com,push.apple.com,"
    "notify.windows.com",
)
if bool(VAPID_PUBLIC_KEY) != bool(VAPID_PRIVATE_KEY):
    raise ImproperlyConfigured(
        "Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither "
        "(`python manage.py generate_vapid_keys` makes a pair)."
    )

_email_host = os.environ.get("EMAIL_HOST", "").strip()
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
else:
    # Printed to the console (the worker's, as email goes through a task);
    # `check --deploy` warns when production has no EMAIL_HOST.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Sessions and cookies. Behind TLS every cookie is Secure, and the session
# and CSRF cookies take the __Host- prefix so no subdomain can set them.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"

# Security headers.
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# English and Persian (right to left). A visitor gets their browser's
# preference; a person's own choice is kept on their account.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fa", _("Persian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Every line goes to the root's console handler, once. Django's own defaults
# give the "django" logger a console handler too (in DEBUG), so its lines
# (the autoreloader's, tasks', request warnings) printed twice; here it has
# none and passes its lines up. The development server keeps its dated lines.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
