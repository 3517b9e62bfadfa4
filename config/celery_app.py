"""The Celery application. Named celery_app so that it never shadows the library."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("paamaja")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
