"""The names of the environment variables agree everywhere they appear.

Docker cannot run on the project's machines, so these tests are what keeps compose.yaml,
the settings and the README speaking of the same variables: ENV_VARIABLES in
config/settings/base.py is the list, and everything else is compared with it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from config.settings.base import ENV_VARIABLES

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "config" / "settings"
COMPOSE = ROOT / "compose.yaml"
README = ROOT / "README.md"

# Services that run the application image and therefore read the settings.
APP_SERVICES = ("web", "worker", "beat", "migrate")

# Settings variables that compose.yaml leaves out on purpose, with the reason.
OMITTED_FROM_COMPOSE = {
    "DEBUG": "development only (config/settings/dev.py); production always runs with DEBUG off",
}

# Variables a settings module reads that are not configuration but internal signals.
INTERNAL_VARIABLES = {
    "PAAMAJA_QUIET_DB_FALLBACK": "set by config/settings/test.py itself so that the "
    "'no PostgreSQL, running on SQLite' notice is printed once, not once per process",
}

ENV_READERS = {"env", "bool", "str", "int", "float", "list", "tuple", "dict", "json", "url"}
ENV_READERS |= {"db", "db_url", "cache", "cache_url", "email", "email_url", "search_url", "path"}


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _service_environment(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):  # the "NAME=value" form
        environment = dict(
            item.split("=", 1) if "=" in item else (item, "") for item in environment
        )
    return environment


def _names_read_by(path: Path) -> set[str]:
    """Every variable name a settings module reads: env("X"), env.bool("X"), ...,
    os.environ["X"], os.environ.get("X") and os.getenv("X")."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            is_env = isinstance(func, ast.Name) and func.id == "env"
            is_env_method = (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "env"
                and func.attr in ENV_READERS
            )
            is_os_get = isinstance(func, ast.Attribute) and (
                (func.attr == "getenv" and isinstance(func.value, ast.Name))
                or (
                    func.attr in {"get", "setdefault"}
                    and isinstance(func.value, ast.Attribute)
                    and func.value.attr == "environ"
                )
            )
            if (is_env or is_env_method or is_os_get) and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add(first.value)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "environ"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            names.add(node.slice.value)
    return names


def _settings_reads() -> dict[str, set[str]]:
    return {path.name: _names_read_by(path) for path in sorted(SETTINGS_DIR.glob("*.py"))}


def test_the_scanner_finds_what_base_settings_read():
    # A guard for the scanner itself: these are certainly read by base.py.
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "ALLOWED_HOSTS"} <= _names_read_by(
        SETTINGS_DIR / "base.py"
    )


def test_env_variables_has_no_duplicates():
    assert len(ENV_VARIABLES) == len(set(ENV_VARIABLES))


@pytest.mark.parametrize("module", [p.name for p in sorted(SETTINGS_DIR.glob("*.py"))])
def test_every_variable_the_settings_read_is_listed_in_env_variables(module):
    read = _settings_reads()[module] - set(INTERNAL_VARIABLES)
    missing = sorted(read - set(ENV_VARIABLES))
    assert not missing, f"config/settings/{module} reads {missing}, not in ENV_VARIABLES"


def test_compose_app_services_share_one_environment():
    services = _compose()["services"]
    for name in APP_SERVICES:
        assert name in services, f"compose.yaml has no '{name}' service"
    environments = [_service_environment(services[name]) for name in APP_SERVICES]
    assert all(env.keys() == environments[0].keys() for env in environments)


@pytest.mark.parametrize("service", APP_SERVICES)
def test_compose_uses_only_names_the_settings_know(service):
    environment = _service_environment(_compose()["services"][service])
    unknown = sorted(set(environment) - set(ENV_VARIABLES))
    assert not unknown, f"compose.yaml's {service} sets {unknown}, not in ENV_VARIABLES"


def test_every_env_variable_is_in_compose_or_omitted_with_a_reason():
    environment = _service_environment(_compose()["services"]["web"])
    missing = sorted(set(ENV_VARIABLES) - set(environment) - set(OMITTED_FROM_COMPOSE))
    assert not missing, f"ENV_VARIABLES not set in compose.yaml: {missing}"
    stale = sorted(set(OMITTED_FROM_COMPOSE) - set(ENV_VARIABLES))
    assert not stale, f"OMITTED_FROM_COMPOSE names unknown variables: {stale}"


def test_compose_runs_production_settings_and_requires_the_secrets():
    raw = COMPOSE.read_text(encoding="utf-8")
    environment = _service_environment(_compose()["services"]["web"])
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    # ${VAR:?message}: compose refuses to start when a secret is missing, and never
    # falls back to a default written in the file.
    for secret in ("SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_URL"):
        assert re.search(r"\$\{" + secret + r":\?", raw), f"{secret} is not required"
    for name, value in environment.items():
        if "SECRET" in name:
            assert str(value).startswith("${"), f"{name} has a literal value in compose.yaml"


def test_compose_runs_every_process_of_the_application():
    services = _compose()["services"]
    assert "postgres:17" == services["db"]["image"]
    assert services["redis"]["image"].startswith("redis:7")
    assert services["worker"]["command"][:4] == ["celery", "-A", "config.celery_app", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config.celery_app", "beat"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    for name in ("web", "worker", "beat"):
        assert (
            services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        )
    volumes = _compose()["volumes"]
    assert {"db", "media"} <= set(volumes)


def _readme_configuration_rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Configuration\n(.*?)(?=^## )", text, flags=re.M | re.S)
    assert match, "README.md has no '## Configuration' section"
    rows = {}
    for line in match.group(1).splitlines():
        cell = re.match(r"\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", line)
        if cell:
            rows[cell.group(1)] = line
    return rows


def test_readme_configuration_table_lists_every_variable():
    rows = _readme_configuration_rows()
    missing = [name for name in ENV_VARIABLES if name not in rows]
    assert not missing, f"README's configuration table does not list {missing}"
    unknown = sorted(set(rows) - set(ENV_VARIABLES))
    assert not unknown, f"README's configuration table lists unknown variables {unknown}"
