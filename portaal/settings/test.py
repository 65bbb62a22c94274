from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the app folders without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "portaal.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# pytest gives each session (each xdist worker) folders of its own for these three
# (tests/conftest.py); these paths serve anything else that runs with the test settings.
MEDIA_ROOT = BASE_DIR / ".cache" / "test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".cache" / "test-private-media"  # noqa: F405
# Tests use the database backend unless a test asks for the engine explicitly
# (tests/zoeken/conftest.py builds that backend from OPENSEARCH_URL/ELASTICSEARCH_URL).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "zoeken.database"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Other tests assume fresh pages: the page cache is off (tests/portaal/test_cache*.py turn it
# on with override_settings).
PAGE_CACHE_ENABLED = False
# A search's counts are written when its response ends, so no test sees another's searches
# (tests/zoeken/test_search_log.py tests the batches with production's interval).
SEARCH_LOG_FLUSH_SECONDS = 0
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
PAGE_CACHE_GENERATION_FILE = str(BASE_DIR / ".cache" / "test-page-cache-generation")  # noqa: F405
