from .base import *  # noqa: F403
from .base import env

DEBUG = env.get("DEBUG", "true").lower() in ("1", "true", "yes")
# A throwaway key for local use only; production.py demands a real one.
SECRET_KEY = env.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ["*"]
# Serve static files from the app folders without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "portaal.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

try:
    from .local import *  # noqa: F403
except ImportError:
    pass
