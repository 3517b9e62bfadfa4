"""The apps import one way: core ← accounts ← programmes ← bookings ← visits ←
learning_reports. A lower app that imports a higher one (at module level or inside a
function) fails here, and so does reaching into another app's private names -- bookings
offers a function for what the others need (for example a participant's private link:
visits calls bookings.participants.participant_of_link, it does not unsign the token)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEVELS = {"core": 0, "accounts": 1, "programmes": 2, "bookings": 3, "visits": 4}
LEVELS["learning_reports"] = 5
LEVELS["api"] = 6  # the partner API calls the apps' services; nothing imports it
LEVELS["demo"] = 7  # load_demo runs every app's demo module; nothing imports it


def _imports(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, node.lineno, alias.name, []
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, node.lineno, node.module, [a.name for a in node.names]


def test_no_app_imports_an_app_above_it():
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for app, level in LEVELS.items()
        for path, line, module, _names in _imports(app)
        if LEVELS.get(module.split(".")[0], -1) > level
    ]
    assert upward == []


def test_no_app_takes_another_apps_private_or_token_names():
    reaching = [
        f"{path.relative_to(ROOT)}:{line} takes {module}.{name}"
        for app in LEVELS
        for path, line, module, names in _imports(app)
        for name in names
        if module.split(".")[0] in LEVELS
        and module.split(".")[0] != app
        and (name.startswith("_") or name.endswith("_SALT"))
    ]
    assert reaching == []
