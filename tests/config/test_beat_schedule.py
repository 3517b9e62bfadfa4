"""Celery beat runs every periodic task the apps define, and only tasks that exist.

A periodic task is one that takes no arguments (the sweeps, reminders and expiries);
one that is written but never scheduled silently never runs in production -- the payment
reconciliation and the booking reminders once were exactly that.
"""

from __future__ import annotations

import inspect
import subprocess
import sys

from django.conf import settings

from config.celery_app import app

APPS = ("core", "accounts", "programmes", "bookings", "visits", "learning_reports", "api")


def _our_tasks() -> dict:
    # What a worker registers: each app's `tasks` module, found by autodiscovery, and
    # what those import. (This once imported the card payment tasks' module itself and so hid
    # that a worker never registered the card payment tasks.)
    app.loader.import_default_modules()
    app.autodiscover_tasks(force=True)
    return {name: task for name, task in app.tasks.items() if name.split(".", 1)[0] in APPS}


def _takes_no_arguments(task) -> bool:
    parameters = inspect.signature(task.run).parameters.values()
    return all(p.default is not p.empty or p.kind in (p.VAR_KEYWORD,) for p in parameters)


def test_every_scheduled_task_exists():
    tasks = _our_tasks()
    missing = [
        entry["task"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] not in tasks
    ]
    assert not missing, missing


def test_every_periodic_task_is_scheduled():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    periodic = {name for name, task in _our_tasks().items() if _takes_no_arguments(task)}
    assert "bookings.payment_tasks.reconcile_payments" in periodic  # the check sees them
    assert periodic - scheduled == set(), sorted(periodic - scheduled)


def test_a_fresh_worker_registers_every_scheduled_task():
    """In a process of its own (this one may have imported the modules already), as a
    worker starts: Django set up, then Celery's autodiscovery of each app's tasks."""
    script = (
        "import django; django.setup()\n"
        "from config.celery_app import app\n"
        "app.loader.import_default_modules()\n"
        "print('\\n'.join(app.tasks))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    registered = set(result.stdout.split())
    missing = [
        entry["task"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] not in registered
    ]
    assert not missing, missing
    assert "bookings.payment_tasks.process_stripe_event" in registered
