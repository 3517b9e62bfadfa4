"""PostgreSQL drops the connection between two requests (a restart, a failover, an idle
timeout): the next request gets a new connection instead of an error, because
connections are health-checked (CONN_HEALTH_CHECKS) before they are reused.

Requests go through Django's WSGI handler as gunicorn calls it (the test client switches
off the per-request connection handling this is about)."""

from __future__ import annotations

import io

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _get(path: str) -> int:
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    environ["wsgi.input"] = io.BytesIO(b"")
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers, *a: statuses.append(status))
    b"".join(response)
    response.close()  # request_finished, as the server sends it
    return int(statuses[0].split()[0])


def _terminate(pid: int) -> None:
    db = connection.settings_dict
    with psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


@pytest.fixture
def persistent_connections():
    """As in production: a connection kept between requests (CONN_MAX_AGE)."""
    saved = connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield connection.settings_dict
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"] = saved


def _kill_the_kept_connection() -> None:
    assert _get("/healthz") == 200
    assert connection.connection is not None, "the connection was not kept"
    pid = connection.connection.info.backend_pid
    _terminate(pid)


def test_without_health_checks_the_next_request_fails(persistent_connections):
    """The failure the setting prevents (CONN_HEALTH_CHECKS off)."""
    persistent_connections["CONN_HEALTH_CHECKS"] = False
    _kill_the_kept_connection()
    assert _get("/healthz") in (500, 503)


def test_the_next_request_recovers_after_the_connection_is_killed(persistent_connections):
    persistent_connections["CONN_HEALTH_CHECKS"] = True  # config/settings/base.py
    _kill_the_kept_connection()
    for _ in range(3):
        assert _get("/healthz") == 200
