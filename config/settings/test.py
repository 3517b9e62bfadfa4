"""Tests: PostgreSQL on 127.0.0.1:5432 (DATABASE_URL overrides); SQLite when none answers."""

import os
import sys

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["*"]

_database_url = env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/paamaja")
DATABASES = {"default": env.db_url_config(_database_url)}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
POSTGRES_AVAILABLE = True


def _postgres_answers(config: dict) -> bool:
    import psycopg

    try:
        psycopg.connect(
            host=config.get("HOST") or "127.0.0.1",
            port=config.get("PORT") or 5432,
            user=config.get("USER") or "postgres",
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError:
        return False
    return True


if "postgresql" in DATABASES["default"]["ENGINE"] and not _postgres_answers(DATABASES["default"]):
    POSTGRES_AVAILABLE = False
    if not os.environ.get("PAAMAJA_QUIET_DB_FALLBACK"):
        sys.stderr.write(
            "\n*** PostgreSQL does not answer at "
            f"{DATABASES['default'].get('HOST')}:{DATABASES['default'].get('PORT')}: "
            "running the tests on SQLite. Tests marked 'postgres' (row locks, concurrency, "
            "full-text search) are skipped and listed at the end. ***\n\n"
        )
        os.environ["PAAMAJA_QUIET_DB_FALLBACK"] = "1"
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "test.sqlite3"}
    }
elif "sqlite" in DATABASES["default"]["ENGINE"]:
    POSTGRES_AVAILABLE = False

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests run inside transactions that never commit, so the page cache would never be
# invalidated between them: off, except in tests/programmes/test_page_cache.py.
PAAMAJA_PAGE_CACHE_SECONDS = 0
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STAFF_MFA_REQUIRED = True
# Off for the suite (the locmem cache outlives a test); tests/security turns them on.
RATE_LIMITS_ENABLED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
