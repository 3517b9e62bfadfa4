"""Money and numbers are formatted in one module, core/formatting.py, with one Babel
locale map (issue 12): no other module keeps its own map of languages to Babel locales,
calls Babel's number or date formatting, or re-exports the formatting functions as if it
were the i18n library (bookings' invoice PDF module once was)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "accounts",
    "bookings",
    "config",
    "core",
    "learning_reports",
    "programmes",
    "visits",
    "volume",
)
FORMATTING = ROOT / "core" / "formatting.py"
# A Babel locale written out: "fi_FI", "en_IE", "sv_FI".
BABEL_LOCALE = re.compile(r"^[a-z]{2}_[A-Z]{2}$")


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and path != FORMATTING:
                yield path, ast.parse(path.read_text(), filename=str(path))


def test_no_other_module_maps_languages_to_babel_locales():
    maps = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        and any(
            isinstance(value, ast.Constant)
            and isinstance(value.value, str)
            and BABEL_LOCALE.match(value.value)
            for value in node.values
        )
    ]
    assert maps == [], "a Babel locale map outside core/formatting.py"


def test_no_other_module_formats_with_babel():
    calls = [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module in ("babel.numbers", "babel.dates", "babel.units")
    ]
    assert calls == []


def test_the_formatting_functions_are_imported_from_core_formatting():
    """`from bookings.invoicing.pdf import format_money` and the like: a module that
    takes them from anywhere but core.formatting uses another module as the library."""
    names = {
        node.name
        for node in ast.parse(FORMATTING.read_text()).body
        if isinstance(node, ast.FunctionDef)
    }
    names = {name for name in names if name.startswith("format_")}
    elsewhere = [
        f"{path.relative_to(ROOT)}:{node.lineno} takes {alias.name} from {node.module or '.'}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module != "core.formatting"
        for alias in node.names
        if alias.name in names and not (node.level == 1 and node.module == "formatting")
    ]
    assert elsewhere == []
