"""Every number and date field of our forms has bounds the database and datetime hold.

Walks every Form/ModelForm class defined in our apps (issue 13): an IntegerField needs a
minimum and a maximum within PostgreSQL's integer, a DecimalField max_digits or bounds,
a DateField a minimum and maximum within 1900..2100 (core.forms.DATE_BOUNDS), and a
DateTimeField (whose validators cannot compare naive and aware values) a clean_<name>
method, which bounds the year (e.g. visits.forms.IncidentForm).
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from core.params import DATE_MAX, DATE_MIN, INT_MAX

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "bookings", "core", "delegations", "learning_reports", "programmes", "visits"]


def form_classes() -> list[type[forms.BaseForm]]:
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "management" in parts:
                continue
            module = importlib.import_module(".".join(parts))
            for obj in vars(module).values():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, forms.BaseForm)
                    and obj.__module__ == module.__name__
                ):
                    found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


def _limits(field):
    low = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    high = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    return low, high


def unbounded(cls) -> list[str]:
    problems = []
    for name, field in cls.base_fields.items():
        low, high = _limits(field)
        if isinstance(field, forms.DecimalField):
            if not field.max_digits and not (low and high):
                problems.append(f"{name}: DecimalField without max_digits or bounds")
        elif isinstance(field, forms.IntegerField):
            if not (low and high) or max(high) > INT_MAX or min(low) < -INT_MAX:
                problems.append(f"{name}: IntegerField needs min_value and max_value")
        elif isinstance(field, forms.DateTimeField):
            if not hasattr(cls, f"clean_{name}"):
                problems.append(f"{name}: DateTimeField needs clean_{name} bounding the year")
        elif isinstance(field, forms.DateField):
            if not (low and high) or min(low) < DATE_MIN or max(high) > DATE_MAX:
                problems.append(f"{name}: DateField needs validators=DATE_BOUNDS")
    return problems


def test_the_walk_finds_our_forms():
    names = {f"{c.__module__}.{c.__name__}" for c in form_classes()}
    assert "visits.forms.AvailabilityForm" in names
    assert "bookings.backoffice.allotment_views.BulkAllotmentForm" in names


@pytest.mark.parametrize("cls", form_classes(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_number_and_date_fields_are_bounded(cls):
    assert unbounded(cls) == []
