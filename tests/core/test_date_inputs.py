"""Every date and time input of every form renders an ISO value in every language.

Issue 11 item 4 (and issue 19 item 5): Finnish and Swedish formats were written into
`type=date` inputs, which the browser discards: the arrival and departure showed empty
and were refused as required. This walks every form class in the project (every
module of our apps imported, then every subclass of Django's BaseForm defined in them),
renders each date, time and datetime-local input under fi and sv with an initial value,
and posts the rendered value back through the field.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.utils import translation

OUR_APPS = (
    "core",
    "accounts",
    "programmes",
    "bookings",
    "delegations",
    "visits",
    "learning_reports",
    "volume",
)
ISO = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2})?$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$"),
}
SAMPLE = {
    "date": datetime.date(2026, 12, 24),
    "time": datetime.time(9, 30),
    "datetime-local": datetime.datetime(2026, 12, 24, 9, 30),  # noqa: DTZ001 - as the form shows it
}


def _import_everything() -> None:
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def our_form_classes() -> list[type]:
    _import_everything()
    return sorted(
        {c for c in _subclasses(forms.BaseForm) if c.__module__.split(".")[0] in OUR_APPS},
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def date_like_fields():
    for form_class in our_form_classes():
        for name, field in getattr(form_class, "base_fields", {}).items():
            input_type = getattr(field.widget, "input_type", None)
            if input_type in ISO:
                yield form_class, name, field, input_type


def test_the_walk_finds_the_date_inputs_that_broke():
    found = {(c.__name__, name) for c, name, _f, _t in date_like_fields()}
    assert ("AccommodationForm", "arrival") in found or any(name == "arrival" for _c, name in found)
    assert any(name == "occurred_at" for _c, name in found)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_date_and_time_input_renders_iso_and_validates_back(language):
    problems = []
    with translation.override(language):
        for form_class, name, field, input_type in date_like_fields():
            html = field.widget.render(name, SAMPLE[input_type])
            match = re.search(r'value="([^"]*)"', html)
            value = match.group(1) if match else ""
            label = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
            if not ISO[input_type].match(value):
                problems.append(f"{label}: {input_type} rendered {value!r}")
                continue
            try:
                cleaned = field.clean(value)
            except forms.ValidationError as error:
                problems.append(f"{label}: {value!r} refused: {error.messages}")
                continue
            if cleaned is not None and getattr(cleaned, "tzinfo", None):
                cleaned = cleaned.replace(tzinfo=None)
            if cleaned != SAMPLE[input_type] and not (
                input_type == "datetime-local" and cleaned.replace(second=0) == SAMPLE[input_type]
            ):
                problems.append(f"{label}: {value!r} came back as {cleaned!r}")
    assert problems == []


def test_wagtails_blank_choice_is_translated():
    from wagtail.blocks import ChoiceBlock

    block = ChoiceBlock(choices=[("a", "A")], required=False)
    with translation.override("fi"):
        assert ("", "– Valitse –") in list(block.field.choices)
    with translation.override("sv"):
        assert ("", "– Välj –") in list(block.field.choices)
