"""The image's command and health check, run here without Docker.

Docker has no engine on the project's machines, so this test takes the gunicorn command
(CMD) and the health-check script straight out of the Dockerfile and runs them against
the production settings, PostgreSQL and Redis on loopback.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .test_deploy import ROOT, production_env

DOCKERFILE = ROOT / "Dockerfile"
VENV_BIN = Path(sys.executable).parent


def dockerfile_cmd() -> list[str]:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(r"^CMD\s+(\[.*\])\s*$", text, flags=re.M)
    assert match, "Dockerfile has no CMD in exec form"
    return json.loads(match.group(1))


def dockerfile_healthcheck_script() -> str:
    text = DOCKERFILE.read_text(encoding="utf-8")
    match = re.search(
        r"^COPY [^\n]*<<'EOF' /usr/local/bin/paamaja-healthcheck\n(.*?)^EOF$",
        text,
        flags=re.M | re.S,
    )
    assert match, "Dockerfile does not write /usr/local/bin/paamaja-healthcheck"
    return match.group(1)


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dockerfile_cmd_runs_gunicorn_on_config_wsgi():
    cmd = dockerfile_cmd()
    assert cmd[:2] == ["gunicorn", "config.wsgi"]
    assert cmd[cmd.index("--bind") + 1] == "0.0.0.0:8000"
    assert "--no-control-socket" in cmd
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(
        r"^FROM python:3\.13-slim|^ARG PYTHON_IMAGE=python:3\.13-slim", dockerfile, re.M
    )
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M), "the image must not run as root"
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "collectstatic" in dockerfile
    assert re.search(r"^HEALTHCHECK ", dockerfile, re.M)


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    if not _answers(6379):
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    port = _free_port()
    cmd = dockerfile_cmd()
    cmd[cmd.index("--bind") + 1] = f"127.0.0.1:{port}"
    cmd[0] = str(VENV_BIN / "gunicorn")
    env = production_env(
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    env["WEB_CONCURRENCY"] = "1"
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.2)
        # The worker imports Django after the socket is open: wait for its first answer.
        while True:
            try:
                _get(port, "/healthz", {"Host": "paamaja.example"})
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer:\n{log.read_text()}")
        yield {"port": port, "env": env, "log": log}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _get(port: int, path: str, headers: dict[str, str]):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


def test_health_check_script_reports_healthy(production_server):
    script = production_server["log"].parent / "paamaja-healthcheck"
    script.write_text(dockerfile_healthcheck_script())
    result = subprocess.run(
        [sys.executable, str(script), f"http://127.0.0.1:{production_server['port']}/healthz"],
        env=production_server["env"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr + production_server["log"].read_text()


def test_healthz_checks_database_cache_and_broker_for_real(production_server):
    response = _get(
        production_server["port"],
        "/healthz",
        {"Host": "paamaja.example", "X-Forwarded-Proto": "https"},
    )
    body = json.loads(response.read())
    assert response.status == 200, body
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src" in response.headers["Content-Security-Policy"]


def test_plain_http_is_sent_to_https(production_server):
    response = _get(production_server["port"], "/healthz", {"Host": "paamaja.example"})
    assert response.status == 301
    assert response.headers["Location"] == "https://paamaja.example/healthz"


def test_unknown_host_is_refused(production_server):
    response = _get(
        production_server["port"],
        "/healthz",
        {"Host": "attacker.example", "X-Forwarded-Proto": "https"},
    )
    assert response.status == 400
