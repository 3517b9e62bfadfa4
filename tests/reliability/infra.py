"""Real parts for the fault tests: an SMTP server on loopback, a Celery worker process,
and the machine's Redis, stopped and started from the test."""

from __future__ import annotations

import contextlib
import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORT = 6379
# The start command of shared/MACHINE.md (no persistence: nothing survives a restart).
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    str(REDIS_PORT),
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]
# A Redis database of its own, so no other test run's queue is touched.
BROKER_URL = f"redis://127.0.0.1:{REDIS_PORT}/13"


# --------------------------------------------------------------------------- Redis


def redis_up() -> bool:
    result = subprocess.run(
        ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True, timeout=5
    )
    return result.stdout.strip() == "PONG"


def redis_stop() -> None:
    subprocess.run(
        ["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"],
        capture_output=True,
        timeout=10,
    )
    deadline = time.monotonic() + 10
    while redis_up():
        if time.monotonic() > deadline:
            raise RuntimeError("Redis did not stop")
        time.sleep(0.1)


def redis_start() -> None:
    if redis_up():
        return
    subprocess.run(REDIS_START, check=True, capture_output=True, timeout=10)
    deadline = time.monotonic() + 10
    while not redis_up():
        if time.monotonic() > deadline:
            raise RuntimeError("Redis did not start")
        time.sleep(0.1)


@contextlib.contextmanager
def redis_down():
    """Redis stopped inside the block, and running again after it whatever happens."""
    redis_stop()
    try:
        yield
    finally:
        redis_start()


# --------------------------------------------------------------------------- SMTP


class SmtpSink:
    """A minimal SMTP server on 127.0.0.1 that keeps what it receives.

    `refuse` connections get 421 (service not available) as their greeting, as a mail
    server does when it is overloaded or down for maintenance. `stall` seconds: the next
    MAIL command waits that long before its answer (a task stuck in the middle).
    """

    def __init__(self):
        self.messages: list = []
        self.refuse = 0
        self.stall = 0.0
        self.attempts = 0
        self.stalled = threading.Event()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def write(self, line: str):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                sink.attempts += 1
                if sink.refuse:
                    sink.refuse -= 1
                    self.write("421 4.3.2 Service not available, try again later")
                    return
                self.write("220 sink.example ESMTP")
                data_mode, lines = False, []
                while True:
                    raw = self.rfile.readline()
                    if not raw:
                        return
                    if data_mode:
                        if raw.rstrip(b"\r\n") == b".":
                            sink.messages.append(message_from_bytes(b"".join(lines)))
                            data_mode, lines = False, []
                            self.write("250 OK queued")
                        else:
                            lines.append(raw[1:] if raw.startswith(b"..") else raw)
                        continue
                    verb = raw.decode(errors="replace").strip().split(" ")[0].upper()
                    if verb == "MAIL" and sink.stall:
                        pause, sink.stall = sink.stall, 0.0
                        sink.stalled.set()
                        time.sleep(pause)
                        return  # the client is gone by now
                    if verb == "EHLO":
                        self.write("250-sink.example")
                        self.write("250 8BITMIME")
                    elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                        self.write("250 OK")
                    elif verb == "DATA":
                        data_mode = True
                        self.write("354 End data with <CR><LF>.<CR><LF>")
                    elif verb == "QUIT":
                        self.write("221 Bye")
                        return
                    else:
                        self.write("502 Command not implemented")

        class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def subjects(self) -> list[str]:
        return [str(make_header(decode_header(m["Subject"]))) for m in self.messages]

    def wait_for(self, count: int, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True


# --------------------------------------------------------------------------- Celery


def database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db.get('USER') or 'postgres'}{password}@{db.get('HOST') or '127.0.0.1'}:"
        f"{db.get('PORT') or 5432}/{db['NAME']}"
    )


class Worker:
    """`celery worker` in its own process, on the test database and a queue of its own."""

    def __init__(
        self,
        *,
        smtp_port: int | None = None,
        queue: str | None = None,
        visibility_timeout: int | None = None,
    ):
        self.visibility_timeout = visibility_timeout
        self.queue = queue or f"reliability-{uuid.uuid4().hex[:8]}"
        self.smtp_port = smtp_port
        self.process: subprocess.Popen | None = None
        self.log = Path(f"/tmp/celery-{self.queue}.log")

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.reliability.worker_settings",
            "DATABASE_URL": database_url(),
            "RELIABILITY_BROKER_URL": BROKER_URL,
            "RELIABILITY_QUEUE": self.queue,
            "PYTHONPATH": str(ROOT),
        }
        if self.smtp_port:
            env["RELIABILITY_SMTP_PORT"] = str(self.smtp_port)
        if self.visibility_timeout:
            env["RELIABILITY_VISIBILITY_TIMEOUT"] = str(self.visibility_timeout)
        return env

    def start(self) -> Worker:
        celery = str(Path(sys.executable).parent / "celery")
        self.process = subprocess.Popen(
            [
                celery,
                "-A",
                "config.celery_app",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--loglevel=INFO",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}@%h",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        seen = self.log.read_text(errors="replace").count("ready.") if self.log.exists() else 0
        while self.output().count("ready.") <= seen:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{self.output()}")
            time.sleep(0.2)
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def celery_on_broker(queue: str):
    """The test process's Celery app sends to the real broker (not eager) in the block."""
    from config.celery_app import app

    saved = {
        k: app.conf[k]
        for k in (
            "task_always_eager",
            "broker_url",
            "task_default_queue",
            "broker_transport_options",
        )
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=BROKER_URL,
        task_default_queue=queue,
        broker_transport_options={"max_retries": 0},
    )
    _reset_pool(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _reset_pool(app)


def _reset_pool(app) -> None:
    # Not closed: kombu keeps pools in a registry by URL, and a closed one stays there.
    app._pool = None  # as Celery does after a fork: the next send connects afresh
    app.amqp._producer_pool = None
