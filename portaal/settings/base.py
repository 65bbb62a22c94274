"""Settings shared by every environment; safe by default.

The environment is read in one place (``env``); each variable has a default that
suits a local try-out, and production.py refuses the unsafe ones.
"""

import os
from pathlib import Path

import dj_database_url

env = os.environ.copy()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env.get("SECRET_KEY", "")
DEBUG = env.get("DEBUG", "false").lower() in ("1", "true", "yes")
ALLOWED_HOSTS = [
    h.strip() for h in env.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "portaal",
    "portaal.two_factor",
    "voorbeelden",
    "zoeken",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so cached pages get the policy too (portaal/security.py).
    "portaal.security.ContentSecurityPolicyMiddleware",
    # The cache generation read once per request, by everything below (portaal/cache.py).
    "portaal.cache.GenerationPerRequestMiddleware",
    # Before sessions: an anonymous hit costs one cache lookup (portaal/cache.py).
    "portaal.cache.AnonymousPageCacheMiddleware",
    # The site for the host from the cache, before anything asks Wagtail for it.
    "portaal.lookups.SiteLookupMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Editors with a TOTP device pass a code check after the password (portaal/two_factor/).
    "portaal.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portaal.urls"
WSGI_APPLICATION = "portaal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portaal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves pages while editors and imports write: WAL lets readers
    # go on during a write, and NORMAL sync is safe with WAL (a crash loses at most the
    # last commits, never the file).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portaal.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# Dutch for admin strings the packages leave English or word badly (locale/nl/).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers and feed readers ask for at the site's root whatever the head links
# (/favicon.ico), served by WhiteNoise before any view.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # MEDIA_ROOT, except documents in a restricted collection: PRIVATE_MEDIA_ROOT.
    "default": {"BACKEND": "portaal.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bodies other than file uploads (forms, the admin's StreamField JSON).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Per-file limits for uploads through the admin and the member forms.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
# Member uploads (submission attachments) and documents in a restricted collection live
# outside MEDIA_ROOT: the proxy serves MEDIA_ROOT to anyone. Only permission-checked views
# read them (voorbeelden/inzendingen/views.py, Wagtail's /documents/; portaal/storage.py).
PRIVATE_MEDIA_ROOT = Path(env.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))

# Member accounts (portaal/accounts/): the site's own login, not Wagtail's admin login.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "mijn_inzendingen"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Seconds an SMTP connect/read may take: a hung mail server must not hold a worker thread
# (unsent mail stays stored for send_pending_mail).
EMAIL_TIMEOUT = int(env.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "Kennisportaal <noreply@kennisportaal.local>")

# Redis when REDIS_URL is set, memory per process otherwise (portaal/settings/caches.py).
from portaal.settings.caches import cache_settings  # noqa: E402

CACHES = cache_settings(env, BASE_DIR)

# Whole-page cache for anonymous visitors (portaal/cache.py). Off unless asked for;
# production.py turns it on.
PAGE_CACHE_ENABLED = env.get("PAGE_CACHE_ENABLED", "false").lower() in ("1", "true", "yes")
PAGE_CACHE_TIMEOUT = int(env.get("PAGE_CACHE_TIMEOUT", "600"))
PAGE_CACHE_GENERATION_FILE = env.get(
    "PAGE_CACHE_GENERATION_FILE", str(BASE_DIR / ".cache" / "page-cache-generation")
)
PAGE_CACHE_EXCLUDE_PREFIXES = [
    "/zoeken/", "/health/", "/account/", "/documents/", "/static/", "/media/", "/api/",
]

# Login throttling (portaal/security.py) for every login that uses authenticate().
AUTHENTICATION_BACKENDS = [
    "portaal.security.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
WAGTAILADMIN_USER_LOGIN_FORM = "portaal.security.ThrottledAdminLoginForm"
# Failures per address and account, per account from all addresses, per address.
LOGIN_THROTTLE_MAX_PER_USER = int(env.get("LOGIN_THROTTLE_MAX_PER_USER", "5"))
LOGIN_THROTTLE_MAX_PER_ACCOUNT = int(env.get("LOGIN_THROTTLE_MAX_PER_ACCOUNT", "20"))
LOGIN_THROTTLE_MAX_PER_IP = int(env.get("LOGIN_THROTTLE_MAX_PER_IP", "30"))
LOGIN_THROTTLE_WINDOW = int(env.get("LOGIN_THROTTLE_WINDOW", "900"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated);
# empty: REMOTE_ADDR is the client (portaal/client_address.py).
TRUSTED_PROXIES = [p.strip() for p in env.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
# Two-factor authentication for editors (portaal/two_factor/): optional unless required.
WAGTAIL_2FA_REQUIRED = env.get("WAGTAIL_2FA_REQUIRED", "false").lower() in ("1", "true", "yes")
OTP_TOTP_ISSUER = "Kennisportaal sociaal werk & ggz"

# Wagtail
WAGTAIL_SITE_NAME = "Kennisportaal sociaal werk & ggz"
# The address the public uses (https://kennisportaal.example): applied to the default Site by
# `manage.py apply_public_origin` on deploy, for links made outside a request.
PUBLIC_ORIGIN = env.get("PUBLIC_ORIGIN", "").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = env.get("WAGTAILADMIN_BASE_URL", PUBLIC_ORIGIN or "http://127.0.0.1:8000")
# The admin's path is configurable so production can move it off the obvious one.
WAGTAIL_ADMIN_PATH = env.get("WAGTAIL_ADMIN_PATH", "admin/").strip("/") + "/"
WAGTAIL_I18N_ENABLED = False
# No avatars from gravatar.com: a request to a third party for every editor's e-mail hash, and
# blocked by the admin's CSP on plain http anyway. Wagtail shows its own default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_DATE_FORMAT = "%d-%m-%Y"
# Documents always go through Wagtail's serve view (privacy, download headers); the media
# view in portaal/media.py refuses /media/documents/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Media from the app server only when nothing in front does it (production.py, scripts/serve).
SERVE_MEDIA = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "pptx", "txt", "csv"]
WAGTAILSEARCH_HITS_MAX_AGE = 90
# Visitors' searches are counted in memory and written together after this many seconds
# (zoeken/querylog.py): one write per batch instead of five statements per search.
SEARCH_LOG_FLUSH_SECONDS = int(env.get("SEARCH_LOG_FLUSH_SECONDS", "10"))

# Search: the database backend unless an engine URL is given (see zoeken/backends.py).
from portaal.settings.search import search_backends  # noqa: E402

WAGTAILSEARCH_BACKENDS = search_backends(env)
# Wagtail's index updates are django-tasks tasks, run at once as by the immediate backend;
# this one also lets the import defer them to the end of a batch (its module says how).
TASKS = {"default": {"BACKEND": "voorbeelden.importer.indexing.BatchingTaskBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        # Per-task and per-page INFO lines drown the useful ones in every command.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": env.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        "opensearch": {"level": "WARNING"},
    },
}
