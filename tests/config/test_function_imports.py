"""Imports sit at module level. One inside a function says why on its line or the line
above (for a run of imports, above the first): an import cycle it breaks, apps.py's
ready(), a heavy or dev-only library, or a late lookup a test swaps. An import moved into
a function without a reason fails here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "accounts", "programmes", "bookings", "delegations", "visits")
APPS += ("learning_reports", "api", "demo")


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            yield path


def _import_runs(tree: ast.AST):
    """Runs of consecutive import statements inside functions (with the function)."""
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for owner in ast.walk(func):
            for field in ("body", "orelse", "finalbody"):
                statements = getattr(owner, field, None)
                if not isinstance(statements, list):
                    continue
                run: list[ast.stmt] = []
                for statement in [*statements, None]:
                    if isinstance(statement, ast.Import | ast.ImportFrom):
                        run.append(statement)
                    elif run:
                        yield func, run
                        run = []


def _unexplained(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    found = []
    for func, run in _import_runs(ast.parse("\n".join(lines), filename=str(path))):
        above = lines[run[0].lineno - 2].strip() if run[0].lineno > 1 else ""
        for node in run:
            if not (above.startswith("#") or "#" in lines[node.lineno - 1]):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.append(f"{where} ({func.name}): {lines[node.lineno - 1].strip()}")
    return sorted(set(found))


def test_every_function_level_import_says_why():
    unexplained = [line for path in _sources() for line in _unexplained(path)]
    assert unexplained == []


def test_the_scan_finds_an_unexplained_import(tmp_path):
    """The check itself: a bare import in a function is caught, a commented one is not."""
    source = tmp_path / "sample.py"
    source.write_text(
        "def f():\n"
        "    from os import path\n"
        "    return path\n\n\n"
        "def g():\n"
        "    # function-level: import cycle a <-> b\n"
        "    from os import sep\n"
        "    from os import curdir\n"
        "    return sep, curdir\n"
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert _unexplained(source) == ["sample.py:2 (f): from os import path"]
    finally:
        ROOT = saved
