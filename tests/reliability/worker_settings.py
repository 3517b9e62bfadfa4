"""Settings of the Celery worker process the fault tests start (tests/reliability/infra.py):
the test settings, with the real Redis broker and a queue of the test's own, and e-mail
through SMTP to the test's server on loopback."""

import os

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["RELIABILITY_BROKER_URL"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["RELIABILITY_QUEUE"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if os.environ.get("RELIABILITY_SMTP_PORT"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": int(os.environ["RELIABILITY_SMTP_PORT"]),
                "timeout": 5,
            },
        }
    }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
if os.environ.get("RELIABILITY_VISIBILITY_TIMEOUT"):
    # How long Redis waits for an ack before handing a task to another worker.
    # kombu looks for such tasks only every interval × throttle seconds (100 by default,
    # longer than the test waits): every second here.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ["RELIABILITY_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
