from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
if not env.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
