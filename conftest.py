"""Root fixtures shared by every test package."""

import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run in a thread with a loop unless told that this is intended (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _database_order(item) -> int:
    """pytest-django's order: tests in a rolled-back transaction first, then the
    transactional ones (which flush the database after each), then those without one."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or (
        "transactional_db" in fixtures or "live_server" in fixtures
    ):
        return 1
    if marker or "db" in fixtures:
        return 0
    return 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # pytest-django sorts the transactional tests last, but pytest itself then regroups
    # tests by parametrised session fixtures (Playwright's browser), which pulled browser
    # tests -- transactional, flushing the database -- in between the others, and every
    # test after them lost what the migrations had made (locales, roles, the page root).
    # Sort again, stably, after everyone else.
    items.sort(key=_database_order)
    if getattr(settings, "POSTGRES_AVAILABLE", False):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (row locks / full-text); ran on SQLite")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


# The data migrations that make the roles and their permissions (and the VAT rates).
ROLE_MIGRATIONS = (
    ("programmes.migrations.0002_roles", "create_roles"),
    ("bookings.migrations.0002_manager_permissions", "grant"),
    ("visits.migrations.0002_manager_permissions", "grant"),
    ("learning_reports.migrations.0002_role_permissions", "grant"),
)


@pytest.fixture(autouse=True)
def _roles_after_a_flush(request):
    """A transactional test starts from a database that the one before it may have
    flushed, losing what the data migrations made: make the roles again (idempotent)."""
    if _database_order(request.node) != 1:
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    for module, function in ROLE_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _forget_content_type_ids():
    """A transactional test flushes the database, and the content types come back with
    new ids: the in-process cache must not hand the next test the old ones."""
    yield
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Every test starts in the default language, whatever the one before it activated:
    reverse() and formatting follow the active language, so a leftover "fi" would
    change URLs and amounts in the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """Compile site/locale's .po files when their .mo is missing or older (`make messages`
    does the same), so a plain `pytest` sees the Finnish and Swedish pages as users do."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(settings.BASE_DIR) / "site" / "locale").glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            with mo.open("wb") as target:
                write_mo(target, catalog)
