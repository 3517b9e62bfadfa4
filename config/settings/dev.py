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
