"""Celery beat runs every periodic task the apps define, and only tasks that exist.

A periodic task is one that takes no arguments (the sweeps, reminders and expiries);
one that is written but never scheduled silently never runs in production -- the payment
reconciliation and the booking reminders once were exactly that.
"""

from __future__ import annotations

import importlib
import inspect

from django.conf import settings

from config.celery_app import app

APPS = ("core", "accounts", "programmes", "bookings", "visits", "learning_reports")


def _our_tasks() -> dict:
    app.loader.import_default_modules()
    for module in ("bookings.payment_tasks",):
        importlib.import_module(module)
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
