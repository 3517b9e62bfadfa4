"""api/openapi.yaml is the contract partners code against: it must be what the code
serves, every operation with every status code it answers."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command

from .test_access_matrix import MATRIX

COMMITTED = Path(settings.BASE_DIR) / "api" / "openapi.yaml"
REGENERATE = "DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py spectacular --validate --file api/openapi.yaml"


def test_the_committed_schema_is_the_served_one(tmp_path):
    fresh = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(fresh))
    assert fresh.read_text() == COMMITTED.read_text(), (
        "api/openapi.yaml differs from the schema the code generates. Regenerate it with\n"
        f"    {REGENERATE}\nand commit it (review the diff: partners code against it)."
    )


def test_every_operation_documents_its_answers():
    schema = yaml.safe_load(COMMITTED.read_text())
    operations = [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "delete")
    ]
    # The same operations the access matrix walks (tests/api/test_access_matrix.py).
    assert len(operations) == sum(len(ops) for ops in MATRIX.values())
    for path, method, op in operations:
        codes = set(op["responses"])
        assert {"400", "401", "403", "404", "429"} <= codes, (path, method, codes)
        assert any(c.startswith("2") for c in codes), (path, method)
        for code in codes - {"304"}:
            if code.startswith(("4", "5")):
                assert "application/problem+json" in op["responses"][code]["content"]
        if method == "get":
            assert "304" in codes
        if method == "post":
            assert "Idempotency-Key" in {p["name"] for p in op.get("parameters", [])}
