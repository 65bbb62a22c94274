"""Fixtures shared by the cache tests of the portal."""

from django.core.cache import caches
from django.test import override_settings

import pytest


@pytest.fixture
def fresh_cache(tmp_path):
    """An empty cache and a generation of this test's own. The page cache stays as the
    test settings have it (off) unless the test turns it on."""
    caches["default"].clear()
    with override_settings(PAGE_CACHE_GENERATION_FILE=str(tmp_path / "generation")):
        yield
    caches["default"].clear()
