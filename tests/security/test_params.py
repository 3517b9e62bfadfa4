"""Request data is parsed by core/params.py only (issue 13).

`str.isdigit()` accepts "²", which int() refuses, and int() of request text has no bound:
both were 500s. This walks every view, admin view, filter and wagtail_hooks module of our
apps and fails on int()/Decimal() of request data and on any `.isdigit()` check.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "bookings", "core", "learning_reports", "programmes", "visits"]
REQUEST_ATTRIBUTES = {"GET", "POST", "headers", "COOKIES", "META", "FILES", "body"}


def view_modules() -> list[Path]:
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = path.name
            if (
                name in {"admin_views.py", "filters.py", "wagtail_hooks.py", "views.py"}
                or name.endswith("_views.py")
                or path.parent.name == "views"
            ):
                found.append(path)
    return sorted(found)


def _reads_request(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and child.attr in REQUEST_ATTRIBUTES:
            return True
        if isinstance(child, ast.Attribute) and child.attr == "kwargs":
            return True  # self.kwargs: the URL's captured values
    return False


def offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"int", "Decimal", "float"}:
            if any(_reads_request(arg) for arg in node.args):
                found.append(f"line {node.lineno}: {func.id}() of request data")
        if isinstance(func, ast.Attribute) and func.attr in {"isdigit", "isnumeric", "isdecimal"}:
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


def test_the_check_catches_what_it_is_for():
    assert offences("int(request.GET['x'])")
    assert offences("int(self.request.POST.get('x', ''))")
    assert offences("if value.isdigit(): pass")
    assert not offences("param_int(request.GET, 'x')")


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_parse_request_data_with_core_params(path):
    assert offences(path.read_text()) == [], f"{path.relative_to(ROOT)}: use core.params"
