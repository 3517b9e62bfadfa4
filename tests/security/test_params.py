"""Request data is parsed by core/params.py only (issue 13).

`str.isdigit()` accepts "²", which int() refuses, and int() of request text has no bound:
both were 500s. This walks every module of our apps and fails on int()/Decimal() of
request data; in the modules that take a request's text (views, admin views, filters,
wagtail_hooks, forms, selectors, template tags, middleware) also on any `.isdigit()` check
and on int()/Decimal() of a function's `str` parameter or of what was computed from it: a
selector such as programme_search_pages receives the visitor's filter text from a view.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "accounts",
    "api",
    "bookings",
    "core",
    "delegations",
    "learning_reports",
    "programmes",
    "visits",
]
REQUEST_ATTRIBUTES = {"GET", "POST", "headers", "COOKIES", "META", "FILES", "body", "query_params"}


SIGNED = {"unsign", "unsign_object", "loads"}  # django.core.signing
REQUEST_FACING = {
    "admin_views.py",
    "filters.py",
    "forms.py",
    "middleware.py",
    "selectors.py",
    "views.py",
    "wagtail_hooks.py",
}


def app_modules() -> list[Path]:
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found.append(path)
    return sorted(found)


def is_request_facing(path: Path) -> bool:
    if path == ROOT / "core" / "params.py":
        return False  # the parser itself
    return (
        path.name in REQUEST_FACING
        or path.name.endswith(("_views.py", "_tags.py"))
        or path.parent.name in {"views", "templatetags"}
    )


def view_modules() -> list[Path]:
    return [path for path in app_modules() if is_request_facing(path)]


def _reads_request(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and child.attr in REQUEST_ATTRIBUTES:
            return True
        if isinstance(child, ast.Attribute) and child.attr == "kwargs":
            return True  # self.kwargs: the URL's captured values
    return False


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _text_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Parameters annotated `str` (or `str | None`) and every name assigned from them."""
    arguments = function.args
    tainted = {
        a.arg
        for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
        if a.annotation is not None and "str" in ast.unparse(a.annotation).split(" | ")
    }
    if not tainted:
        return tainted
    # What a signature was verified on is ours, not the visitor's text.
    assignments = [
        n
        for n in ast.walk(function)
        if isinstance(n, ast.Assign)
        and not (
            isinstance(n.value, ast.Call)
            and isinstance(n.value.func, ast.Attribute)
            and n.value.func.attr in SIGNED
        )
    ]
    while True:
        grown = set(tainted)
        for assign in assignments:
            if _names(assign.value) & tainted:
                for target in assign.targets:
                    grown |= _names(target)
        if grown == tainted:
            return tainted
        tainted = grown


def text_parameter_offences(source: str) -> list[str]:
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        tainted = _text_parameters(function)
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"int", "Decimal", "float"}
                and any(_names(arg) & tainted for arg in node.args)
            ):
                found.append(
                    f"line {node.lineno}:{node.col_offset}: {node.func.id}() of text parameter"
                    f" in {function.name}"
                )
    return sorted(set(found))


def offences(source: str, *, request_facing: bool = True) -> list[str]:
    found = text_parameter_offences(source) if request_facing else []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"int", "Decimal", "float"}:
            if any(_reads_request(arg) for arg in node.args):
                found.append(f"line {node.lineno}: {func.id}() of request data")
        if (
            request_facing
            and isinstance(func, ast.Attribute)
            and func.attr in {"isdigit", "isnumeric", "isdecimal"}
        ):
            found.append(f"line {node.lineno}: .{func.attr}() (accepts '²'; use core.params)")
        if isinstance(func, ast.Attribute) and func.attr == "fromisoformat":
            if any(_reads_request(arg) for arg in node.args):
                found.append(f"line {node.lineno}: fromisoformat() of request data")
    return found


def test_the_walk_finds_the_view_modules():
    names = {str(p.relative_to(ROOT)) for p in view_modules()}
    assert "bookings/filters.py" in names
    assert "visits/admin_views.py" in names
    assert "bookings/views/account.py" in names
    assert "programmes/selectors.py" in names
    assert "programmes/templatetags/paamaja_tags.py" in names
    assert len(app_modules()) > len(names)


def test_the_check_catches_what_it_is_for():
    assert offences("int(request.GET['x'])")
    assert offences("int(self.request.POST.get('x', ''))")
    assert offences("if value.isdigit(): pass")
    assert not offences("param_int(request.GET, 'x')")
    # A selector given the visitor's text (programme_search_pages's duration filter).
    selector = (
        "def search(*, duration: str = ''):\n"
        "    low, _, high = duration.partition('-')\n"
        "    return int(low), int(high)\n"
    )
    assert len(offences(selector)) == 2
    assert not offences(selector.replace("int(", "parse_int("))
    assert not offences("def f(*, n: int):\n    return int(n)\n")
    # Outside the request-facing modules only request data itself counts.
    assert not offences(selector, request_facing=False)
    assert offences("int(request.GET['x'])", request_facing=False)


@pytest.mark.parametrize("path", app_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_parse_request_data_with_core_params(path):
    found = offences(path.read_text(), request_facing=is_request_facing(path))
    assert found == [], f"{path.relative_to(ROOT)}: use core.params"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters",
    [{"duration": "²-3"}, {"duration": "99999999999999999999+"}, {"departure_within": "٣"}],
)
def test_programme_search_refuses_filter_text_it_cannot_read(filters):
    """The selector parses its text filters with core.params: a 400, never a ValueError."""
    from core.params import BadParameter
    from programmes.models import ProgrammeIndexPage
    from programmes.selectors import programme_search_pages
    from tests.programmes.factories import build_catalogue

    build_catalogue()
    index = ProgrammeIndexPage.objects.filter(locale__language_code="en").first()
    assert len(programme_search_pages(index=index, duration="1-3")) >= 0
    with pytest.raises(BadParameter):
        programme_search_pages(index=index, **filters)
