"""One parser for every id, number, date and choice taken from a request.

Path, query string, form and header values are text anyone can send. `str.isdigit()`
accepts "²" and "٣", which `int()` then refuses (ValueError), and a value larger than
the database's integer overflows (OverflowError on SQLite, a DataError on PostgreSQL).
Every view parses such values here instead:

    programme_id = param_int(request.GET, "programme", required=False)
    visit = get_object_or_404_by_param(Visit, request.GET, "visit")

A malformed value raises BadParameter, which BadParameterMiddleware answers with a 400
page that says what was wrong; an id that is well formed but unknown answers 404.
tests/security/test_params.py fails when a view module calls int() on request data.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# PostgreSQL's integer and bigint; a primary key is an AutoField/BigAutoField, never < 1.
INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
# What datetime and the domain can hold: nothing we book or report on is outside this.
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)

_ASCII_INT = re.compile(r"[+-]?[0-9]{1,20}\Z", re.ASCII)
_ASCII_DECIMAL = re.compile(r"[+-]?[0-9]{1,18}(\.[0-9]{1,10})?\Z", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)
_ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?\Z", re.ASCII
)


class BadParameter(ValueError):
    """A request value that is not what the view accepts: answered 400."""

    def __init__(self, name: str, message: str | None = None):
        self.name = name
        self.message = message or _("The value of “%(name)s” is not valid.") % {"name": name}
        super().__init__(self.message)


def _raw(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    return value or None


def is_ascii_int(value: Any) -> bool:
    """True for ASCII decimal digits (optionally signed): what int() surely accepts."""
    return isinstance(value, str) and bool(_ASCII_INT.match(value))


def parse_int(
    value: Any, name: str = "value", *, min_value: int | None = 1, max_value: int = INT_MAX
) -> int:
    """`value` as an int within bounds (default: a positive PostgreSQL integer)."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, int) and not isinstance(text, bool):
        number = text
    elif is_ascii_int(text):
        number = int(text)
    else:
        raise BadParameter(name, _("“%(name)s” must be a whole number.") % {"name": name})
    if (min_value is not None and number < min_value) or number > max_value:
        raise BadParameter(name, _("“%(name)s” is out of range.") % {"name": name})
    return number


def param_int(
    data: Mapping[str, Any],
    name: str,
    *,
    required: bool = True,
    default: int | None = None,
    min_value: int | None = 1,
    max_value: int = INT_MAX,
) -> int | None:
    """The integer `data[name]` (request.GET, request.POST, kwargs, headers)."""
    raw = _raw(data, name)
    if raw is None:
        if required:
            raise BadParameter(name, _("“%(name)s” is missing.") % {"name": name})
        return default
    return parse_int(raw, name, min_value=min_value, max_value=max_value)


def param_id(data: Mapping[str, Any], name: str, *, required: bool = True) -> int | None:
    """A primary key: a positive bigint."""
    return param_int(data, name, required=required, max_value=BIGINT_MAX)


def param_int_or_none(data: Mapping[str, Any], name: str, **bounds) -> int | None:
    """The integer, or None when missing or malformed (for lenient filters and links)."""
    try:
        return param_int(data, name, required=False, **bounds)
    except BadParameter:
        return None


def param_decimal(
    data: Mapping[str, Any],
    name: str,
    *,
    required: bool = True,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
) -> Decimal | None:
    raw = _raw(data, name)
    if raw is None:
        if required:
            raise BadParameter(name, _("“%(name)s” is missing.") % {"name": name})
        return None
    if not _ASCII_DECIMAL.match(raw):
        raise BadParameter(name, _("“%(name)s” must be a number.") % {"name": name})
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise BadParameter(name) from exc
    if (min_value is not None and number < min_value) or (
        max_value is not None and number > max_value
    ):
        raise BadParameter(name, _("“%(name)s” is out of range.") % {"name": name})
    return number


def parse_date(
    value: Any,
    name: str = "date",
    *,
    min_value: datetime.date = DATE_MIN,
    max_value: datetime.date = DATE_MAX,
) -> datetime.date:
    text = value.strip() if isinstance(value, str) else ""
    if not _ISO_DATE.match(text):
        raise BadParameter(name, _("“%(name)s” must be a date (YYYY-MM-DD).") % {"name": name})
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise BadParameter(
            name, _("“%(name)s” must be a date (YYYY-MM-DD).") % {"name": name}
        ) from exc
    if not min_value <= date <= max_value:
        raise BadParameter(name, _("“%(name)s” is out of range.") % {"name": name})
    return date


def param_date(data: Mapping[str, Any], name: str, *, required: bool = True, **bounds):
    raw = _raw(data, name)
    if raw is None:
        if required:
            raise BadParameter(name, _("“%(name)s” is missing.") % {"name": name})
        return None
    return parse_date(raw, name, **bounds)


def param_datetime(data: Mapping[str, Any], name: str, *, required: bool = True):
    """A naive ISO date and time within DATE_MIN..DATE_MAX (safe to make aware)."""
    raw = _raw(data, name)
    if raw is None:
        if required:
            raise BadParameter(name, _("“%(name)s” is missing.") % {"name": name})
        return None
    if not _ISO_DATETIME.match(raw):
        raise BadParameter(name, _("“%(name)s” must be a date and time.") % {"name": name})
    try:
        value = datetime.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise BadParameter(name, _("“%(name)s” must be a date and time.") % {"name": name}) from exc
    if not DATE_MIN <= value.date() <= DATE_MAX:
        raise BadParameter(name, _("“%(name)s” is out of range.") % {"name": name})
    return value


def param_choice(
    data: Mapping[str, Any],
    name: str,
    choices: Iterable[str],
    *,
    required: bool = True,
    default: str | None = None,
) -> str | None:
    raw = _raw(data, name)
    if raw is None:
        if required:
            raise BadParameter(name, _("“%(name)s” is missing.") % {"name": name})
        return default
    allowed = {str(choice) for choice in choices}
    if raw not in allowed:
        raise BadParameter(name, _("“%(name)s” is not one of the choices.") % {"name": name})
    return raw


def get_object_or_404_by_param(model_or_queryset, data: Mapping[str, Any], name: str, **filters):
    """The object whose pk is `data[name]`: 400 when malformed, 404 when unknown."""
    pk = param_id(data, name)
    queryset = (
        model_or_queryset._default_manager.all()
        if hasattr(model_or_queryset, "_default_manager")
        else model_or_queryset
    )
    obj = queryset.filter(pk=pk, **filters).first()
    if obj is None:
        raise Http404
    return obj


def parse_int_or_404(value: Any) -> int:
    """A pk from a URL path: 404 (not found) for anything that is not a valid id."""
    try:
        return parse_int(str(value), "id", max_value=BIGINT_MAX)
    except BadParameter:
        raise Http404 from None


def bad_request_page(request: HttpRequest, error: BadParameter) -> HttpResponse:
    return render(request, "400.html", {"message": error.message}, status=400)


class BadParameterMiddleware:
    """A BadParameter raised by a view becomes a 400 page that says what was wrong."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return bad_request_page(request, exception)
        return None
