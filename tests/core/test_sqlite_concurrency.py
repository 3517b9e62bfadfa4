"""The demo's SQLite database takes two writers at once (issue 11 item 10).

Two threads write in overlapping transactions to a file SQLite database configured with
config.settings.dev's SQLITE_OPTIONS, through Django's own SQLite backend; neither may
get "database is locked". Without the options (deferred transactions, rollback journal,
no busy wait) the same test fails with OperationalError.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from config.settings.dev import SQLITE_OPTIONS


def _connection(path, options):
    settings = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(options),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    return DatabaseWrapper(settings, alias=f"sqlite-{threading.get_ident()}")


def _two_writers(path, options) -> list[BaseException]:
    setup = _connection(path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
    setup.close()
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def writer(name):
        connection = _connection(path, options)
        try:
            for i in range(5):
                barrier.wait(timeout=10)
                connection.set_autocommit(False)
                with connection.cursor() as cursor:
                    # Read first, then write: the pattern of a view (and of a webhook).
                    cursor.execute("SELECT count(*) FROM t")
                    time.sleep(0.05)
                    cursor.execute("INSERT INTO t (v) VALUES (%s)", [f"{name}-{i}"])
                    time.sleep(0.05)
                connection.commit()
                connection.set_autocommit(True)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("request", "webhook")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.fixture
def file_databases(django_db_blocker):
    # Our own file databases, not the test database: pytest-django only has to let us in.
    with django_db_blocker.unblock():
        yield


def test_the_demo_sqlite_settings_let_two_writers_commit(tmp_path, file_databases):
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    errors = _two_writers(tmp_path / "demo.sqlite3", SQLITE_OPTIONS)
    assert errors == []
    check = _connection(tmp_path / "demo.sqlite3", SQLITE_OPTIONS)
    with check.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone()[0] == 10
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    check.close()


def test_without_them_the_second_writer_is_refused(tmp_path, file_databases):

    # The control: Django's defaults (deferred BEGIN, no wait) do hit the lock here.
    errors = _two_writers(tmp_path / "plain.sqlite3", {"timeout": 0})
    assert any("locked" in str(error) for error in errors)
