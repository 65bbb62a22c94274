"""The CACHES setting: Redis when REDIS_URL is set, memory per process otherwise.

A function, so the tests run the page cache on exactly what production gets
(tests/portaal/test_cache_redis.py).
"""

from pathlib import Path


def cache_settings(env, base_dir: Path) -> dict:
    """Redis is shared by all workers and hosts; without it each process caches in its own
    memory, and the page-cache generation lives in a file on this machine so every worker
    agrees (portaal/cache.py). Throttle counters are not here: a cache may evict them
    (portaal/ratelimit.py keeps them in the database)."""
    if env.get("REDIS_URL"):
        redis = {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env["REDIS_URL"],
            "KEY_PREFIX": env.get("CACHE_KEY_PREFIX", "kennisportaal"),
            # A Redis outage degrades to uncached pages instead of errors.
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1,
                        "SOCKET_TIMEOUT": 1},
        }
        return {"default": redis}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kennisportaal",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
