"""The demo and local development: SQLite by default, Celery eager, console e-mail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
CELERY_TASK_ALWAYS_EAGER = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# The demo users print their passwords; asking them to set up TOTP first would stop a
# new user at the door. Production and the tests require it (STAFF_MFA_REQUIRED).
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)
ACCOUNT_EMAIL_VERIFICATION = "mandatory"

# SQLite takes one writer at a time. With the default rollback journal and deferred
# transactions, a request writing while a webhook is applied answered 500 "database is
# locked". WAL lets readers go on beside the writer, IMMEDIATE takes the write lock at
# BEGIN (so a transaction waits for it instead of failing on upgrade), and the busy
# timeout makes the second writer wait rather than fail.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)  # noqa: F405
    # A long-lived SQLite connection holds its WAL snapshot; one per request is enough.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
