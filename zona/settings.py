"""The one settings module of Zona, driven by environment variables.

Every variable is listed, with its default, in the README table. Nothing here reads a
file of secrets: production passes them in the environment.
"""

import os
import warnings
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


VAR_DIR = Path(os.environ.get("ZONA_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = env_bool("ZONA_DEBUG", False)
SECRET_KEY = os.environ.get("ZONA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ZONA_SECRET_KEY must be set when ZONA_DEBUG is off (see README, Configuration)."
        )
    SECRET_KEY = "zona-insecure-development-key-never-in-production"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ZONA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("ZONA_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "zona.audit",
    "zona.organizations",
    "zona.accounts",
    "zona.instruments",
    "zona.cycles",
    "zona.files",
    "zona.assessments",
    "zona.surveys",
    "zona.compliance",
    "zona.notifications",
    "zona.pencanangan",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zona.accounts.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
# The public pages (zona.core.handlers.PUBLIC_PREFIXES) use no session, user, CSRF cookie,
# messages or language choice: served by zona.wsgi, they run behind this list alone.
PUBLIC_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zona.urls"
WSGI_APPLICATION = "zona.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zona.accounts.context_processors.navigation",
            ],
        },
    },
]

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'zona.sqlite3'}"
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL),
        conn_max_age=int(os.environ.get("ZONA_CONN_MAX_AGE", "600")),
        # Django cursors check a reused connection once per request (one round trip); the
        # public survey's statements skip it and retry once on a dropped connection instead.
        conn_health_checks=env_bool("ZONA_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections buy nothing on a local file; WAL lets readers run beside one
    # writer, and the busy timeout makes a second writer wait instead of failing at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # The public survey's hot statements (zona.surveys.intake) run with server-side binding,
    # so psycopg prepares each after five runs on a connection and PostgreSQL stops planning
    # it on every request. Django's own queries use client-side binding and are not affected.
    # ZONA_PG_PREPARE=0 turns it off behind a pooler that cannot keep prepared statements.
    if os.environ.get("ZONA_PG_PREPARE", "1") != "0":
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
    if os.environ.get("ZONA_TEST_DB_NAME"):
        # Lets several test runs share one PostgreSQL server without clashing.
        DATABASES["default"]["TEST"] = {"NAME": os.environ["ZONA_TEST_DB_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["zona.accounts.backends.NipOrEmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ZONA_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a TLS proxy: HSTS, the redirect of plain HTTP, and the header the proxy sets.
SECURE_HSTS_SECONDS = int(os.environ.get("ZONA_HSTS_SECONDS", "0"))
SECURE_SSL_REDIRECT = env_bool("ZONA_SSL_REDIRECT", False)
if env_bool("ZONA_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("ZONA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("ZONA_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("ZONA_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"  # never served directly: evidence goes through scoped views
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served by the app server itself (WhiteNoise), straight from the apps'
# folders: no collectstatic step between a checkout and a running system.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")  # STATIC_ROOT before collectstatic
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded evidence and documents: private, served only through scoped views.
MAX_UPLOAD_BYTES = int(os.environ.get("ZONA_MAX_UPLOAD_MB", "20")) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # larger uploads stream to a temporary file
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
PRIVATE_MEDIA_ROOT = Path(os.environ.get("ZONA_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
if os.environ.get("ZONA_S3_BUCKET"):
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["ZONA_S3_BUCKET"],
            "endpoint_url": os.environ.get("ZONA_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("ZONA_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("ZONA_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("ZONA_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": ""},
    }

# Background work through Django's tasks API; the database backend needs no extra server
# (run `zona manage db_worker` beside the web server).
TASKS = {
    "default": {"BACKEND": os.environ.get("ZONA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}

EMAIL_BACKEND = os.environ.get(
    "ZONA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
SITE_URL = os.environ.get("ZONA_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("ZONA_DEFAULT_FROM_EMAIL", "zona@localhost")
EMAIL_HOST = os.environ.get("ZONA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ZONA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ZONA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ZONA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ZONA_EMAIL_USE_TLS", False)

# Reverse proxies whose X-Forwarded-For is believed (zona.core.http.client_ip): the public
# survey's per-address limits and flags, the address recorded with a signed integrity pact.
TRUSTED_PROXIES = env_list("ZONA_TRUSTED_PROXIES", "")

IMPORT_MAX_ROWS = int(os.environ.get("ZONA_IMPORT_MAX_ROWS", "20000"))
UNITS_PER_PAGE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZONA_LOG_LEVEL", "INFO")},
}
