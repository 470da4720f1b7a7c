"""The one settings module of Zona, driven by environment variables.

Every variable is listed, with its default, in the README table. Nothing here reads a
file of secrets: production passes them in the environment.
"""

import os
import secrets
import warnings
from datetime import timedelta
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


def demo_secret_key() -> str:
    """The key `zona demo` made for its instance, for commands run against that instance: the
    default SQLite file and the key file both in the var folder, and no DATABASE_URL."""
    key_file, database = VAR_DIR / "demo-secret-key", VAR_DIR / "zona.sqlite3"
    if "DATABASE_URL" in os.environ or not (key_file.is_file() and database.is_file()):
        return ""
    return key_file.read_text().strip()


def debug_secret_key() -> str:
    """With ZONA_DEBUG and no key: this instance's own, made once in the var folder (readable by
    its owner only) and kept, so that sessions and signed links survive a restart and no two
    instances share a key."""
    key_file = VAR_DIR / "debug-secret-key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as written:
        written.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("ZONA_SECRET_KEY", "") or demo_secret_key()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ZONA_SECRET_KEY must be set when ZONA_DEBUG is off (see README, Configuration)."
        )
    SECRET_KEY = debug_secret_key()

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
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "zona.audit",
    "zona.organizations",
    "zona.accounts",
    "zona.instruments",
    "zona.cycles",
    "zona.employees",
    "zona.files",
    "zona.teams",
    "zona.assessments",
    "zona.surveys",
    "zona.compliance",
    "zona.notifications",
    "zona.pencanangan",
    "zona.proposals",
    "zona.demo",
    "zona.backup",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "zona.core.middleware.PermissionsPolicyMiddleware",
    "zona.core.middleware.RequestSizeLimitMiddleware",  # before anything reads the body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zona.accounts.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zona.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
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
        conn_health_checks=True,  # a reused connection is checked before a request's first query
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
elif os.environ.get("ZONA_TEST_DB_NAME"):
    # Lets several test runs share one PostgreSQL server without clashing.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["ZONA_TEST_DB_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or address
    "zona.accounts.backends.NipOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in protection (zona.accounts.security): after LOGIN_FAILURE_LIMIT failures an account,
# and separately an address, is locked out for LOGIN_LOCKOUT_MINUTES (each further failure
# starts the wait again); the staff site and the admin alike.
AXES_FAILURE_LIMIT = int(os.environ.get("ZONA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ZONA_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_USERNAME_CALLABLE = "zona.accounts.security.account_key"
AXES_CLIENT_IP_CALLABLE = "zona.accounts.security.request_ip"
AXES_LOCKOUT_CALLABLE = "zona.accounts.security.locked_out_page"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Reset e-mails within an hour, per account (e-mail asked for) and per address.
RESET_LIMIT_PER_ACCOUNT = int(os.environ.get("ZONA_RESET_LIMIT_PER_ACCOUNT", "3"))
RESET_LIMIT_PER_ADDRESS = int(os.environ.get("ZONA_RESET_LIMIT_PER_ADDRESS", "10"))
PASSWORD_RESET_TIMEOUT = min(int(os.environ.get("ZONA_RESET_LINK_HOURS", "24")), 24) * 3600
# Roles whose holders must confirm each log-in with a TOTP code (empty: nobody is made to;
# anyone may turn it on for themselves on the account's security page).
OTP_REQUIRED_ROLES = env_list("ZONA_OTP_REQUIRED_ROLES", "")
OTP_TOTP_ISSUER = "Zona"

SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("ZONA_SESSION_BROWSER_CLOSE", False)
SESSION_COOKIE_SECURE = env_bool("ZONA_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a TLS proxy: HSTS, the redirect of plain HTTP, and the header the proxy sets.
SECURE_HSTS_SECONDS = int(os.environ.get("ZONA_HSTS_SECONDS", "0"))
SECURE_SSL_REDIRECT = env_bool("ZONA_SSL_REDIRECT", False)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ZONA_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("ZONA_HSTS_PRELOAD", False)
if env_bool("ZONA_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# What the pages may load and run: only Zona's own files (docs/security.md). Pico's icons are
# data: URIs in its stylesheet; nothing else is inline, so no 'unsafe-inline' anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of Zona uses, turned off for every page and anything it embeds.
PERMISSIONS_POLICY = os.environ.get(
    "ZONA_PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("ZONA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
FORMAT_MODULE_PATH = ["zona.formats"]  # dd/mm/yyyy in both languages
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
# The largest request accepted: one upload at the limit (a follow-up's files together) and the
# form around it; a bigger Content-Length is refused with 413 before the body is read.
# Imports of tables (zona/core/tabular.py, 5 MB) fit well within it.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
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
# The address absolute links start with (QR codes, posters, e-mails). Empty: pages take the
# address they were requested at, the background worker zona.core.http.DEFAULT_SITE_URL.
SITE_URL = os.environ.get("ZONA_SITE_URL", "").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("ZONA_DEFAULT_FROM_EMAIL", "zona@localhost")
EMAIL_HOST = os.environ.get("ZONA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ZONA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ZONA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ZONA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ZONA_EMAIL_USE_TLS", False)

# Reverse proxies whose X-Forwarded-For is believed (zona.core.http.client_ip): the public
# survey's per-address limits and flags, the address recorded with a signed integrity pact.
TRUSTED_PROXIES = env_list("ZONA_TRUSTED_PROXIES", "")

# The audit trail's anchors (docs/security.md): the key that signs the chain head, which the
# database does not hold and which is not SECRET_KEY; empty, `zona audit-anchor` refuses. The
# addresses `zona audit-anchor --email` sends each signed head to.
AUDIT_KEY = os.environ.get("ZONA_AUDIT_KEY", "")
AUDIT_ANCHOR_RECIPIENTS = env_list("ZONA_AUDIT_ANCHOR_RECIPIENTS", "")

IMPORT_MAX_ROWS = int(os.environ.get("ZONA_IMPORT_MAX_ROWS", "20000"))
UNITS_PER_PAGE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZONA_LOG_LEVEL", "INFO")},
    # PDFs (posters, berita acara, the demo's documents): WeasyPrint logs every rendering step
    # and repeats its notices for every font, fontTools every table of every font it subsets.
    # zona.security says what happened at log-in once; django-axes would say it again.
    "filters": {"first_time_only": {"()": "zona.core.pdf.FirstTimeOnly"}},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"filters": ["first_time_only"]},
        "weasyprint.progress": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# The public pages (/publik/): how long a browser or proxy may keep a page, and where the
# public complains (Bab IV C): "name|address" entries separated by ";" (an address is a web
# address, a telephone or SMS number, or an e-mail address of the channel itself).
PUBLIC_MAX_AGE = int(os.environ.get("ZONA_PUBLIC_MAX_AGE", "300"))
COMPLAINT_CHANNELS = [
    tuple(part.strip() for part in entry.split("|", 1))
    for entry in os.environ.get(
        "ZONA_COMPLAINT_CHANNELS",
        "SP4N-LAPOR! (Layanan Aspirasi dan Pengaduan Online Rakyat)|https://www.lapor.go.id;"
        "Ombudsman Republik Indonesia|https://ombudsman.go.id",
    ).split(";")
    if "|" in entry
]
