"""load_demo names each app's demo explicitly (demo.loading.APP_DEMOS): the order is
the layers', and no app's demo is left out because nobody remembered to add it."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings

import bookings.demo
import delegations.demo
import learning_reports.demo
import visits.demo
from demo.loading import APP_DEMOS


def test_the_apps_demos_run_lowest_layer_first():
    assert APP_DEMOS == (
        bookings.demo.load,
        delegations.demo.load,
        visits.demo.load,
        learning_reports.demo.load,
    )


def test_every_project_app_with_a_demo_load_is_run_by_the_command():
    base = Path(settings.BASE_DIR).resolve()
    loads = []
    for app in apps.get_app_configs():
        if Path(app.path).resolve().parent != base:
            continue  # a third-party app
        name = f"{app.name}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        load = getattr(importlib.import_module(name), "load", None)
        if callable(load):
            loads.append(f"{name}.load")
    assert loads, "no app demo found: the search is broken"
    run = {f"{load.__module__}.{load.__name__}" for load in APP_DEMOS}
    assert [name for name in loads if name not in run] == []
