"""The benchmark suite (`make bench`): one `key=value` line per measurement.

1. Databases of its own on the local PostgreSQL: `paamaja_bench_large` (the large set,
   `load_volume --size large`) and `paamaja_bench_small` (`--size small`), both copied
   from a freshly migrated template. `--reuse` keeps them when they are already loaded.
2. `collectstatic`, then two gunicorn servers on 127.0.0.1 with production settings
   (config.settings.bench: DEBUG off, Redis cache on its own database number, whitenoise):
   one with the page cache, one without (config.settings.bench_uncached).
3. wrk, from a process of its own, 16 connections for a bounded time per URL: the
   baseline (a bare Django view on the same server), then each public page, cached and
   uncached, as a ratio to the baseline.
4. In-process measurements (bench/inprocess.py) against both databases: queries per page,
   the admin's bookings list, programme search, booking throughput under row locks.
5. bench/booking_race.py (seats, rooms, host slots: a line each), and bench/ics_feed.py
   (a host's feed and a delegation's: a line each) / bench/report_compile.py where they exist.

Every line goes to stdout and, with the machine's description, to bench/results/latest.json.
Traffic goes to 127.0.0.1 only; every child process is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
LARGE_DB, SMALL_DB, TEMPLATE_DB = (
    "paamaja_bench_large",
    "paamaja_bench_small",
    "paamaja_bench_template",
)
REDIS_URL = "redis://127.0.0.1:6379/11"
CACHED_PORT, UNCACHED_PORT, CHECKOUT_PORT = 8611, 8612, 8613
NODE_PORTS = (8614, 8615)
TARGETS = {
    "render_cpu_ms": 10.0,
    "signed_in": 0.03,
    "signed_in_queries": 15,
    "checkout_one_per_min": 1200,
    "checkout_many_vs_one": 1.3,
    "admin_scale_time": 2.0,
    "page_cached": 0.8,
    "page_uncached": 0.05,
    "programme_queries": 15,
    "lock_scaling": 1.5,
    "admin_time": 3.0,
    "search_time": 3.0,
}

lines: list[str] = []


def emit(key: str, **values) -> None:
    text = key + " " + " ".join(f"{k}={v}" for k, v in values.items())
    lines.append(text)
    print(text, flush=True)


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def server_env(database: str, settings: str = "config.settings.bench") -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": f"{PG}/{database}",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": "memory://",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(RESULTS / "static"),
        "MEDIA_ROOT": str(RESULTS / "media"),
        "BASE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    return env


SECRET_KEY = secrets.token_urlsafe(64)


def run(args: list[str], *, env=None, timeout: float = 600, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 - our own fixed commands
        args,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


# --------------------------------------------------------------------------- databases


def _psql(sql: str, database: str = "postgres") -> str:
    import psycopg

    with psycopg.connect(f"{PG}/{database}", autocommit=True, connect_timeout=5) as conn:
        cursor = conn.execute(sql)
        return str(cursor.fetchone()[0]) if cursor.description else ""


def _exists(database: str) -> bool:
    sql = f"SELECT count(*) FROM pg_database WHERE datname = '{database}'"  # noqa: S608
    return _psql(sql) == "1"


def _loaded(database: str) -> bool:
    if not _exists(database):
        return False
    try:
        return (
            _psql(
                "SELECT count(*) FROM programmes_hostorganisation WHERE slug LIKE 'volume-%'",
                database,
            )
            != "0"
        )
    except Exception:  # noqa: BLE001 - not migrated
        return False


def prepare_databases(reuse: bool) -> None:
    if reuse and _loaded(LARGE_DB) and _loaded(SMALL_DB):
        note("reusing the loaded benchmark databases")
        if not _exists(TEMPLATE_DB):
            _psql(f'CREATE DATABASE "{TEMPLATE_DB}"')
        for database in (LARGE_DB, SMALL_DB, TEMPLATE_DB):  # new migrations, if any
            run([PYTHON, "manage.py", "migrate", "-v0"], env=server_env(database))
        return
    for database in (LARGE_DB, SMALL_DB, TEMPLATE_DB):
        _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{TEMPLATE_DB}"')
    started = time.monotonic()
    run([PYTHON, "manage.py", "migrate", "-v0"], env=server_env(TEMPLATE_DB))
    note(f"migrated in {time.monotonic() - started:.0f} s")
    for database in (LARGE_DB, SMALL_DB):
        _psql(f'CREATE DATABASE "{database}" TEMPLATE "{TEMPLATE_DB}"')
    for database, size in ((SMALL_DB, "small"), (LARGE_DB, "large")):
        started = time.monotonic()
        run([PYTHON, "manage.py", "load_volume", "--size", size], env=server_env(database))
        note(f"{size} data set loaded in {time.monotonic() - started:.0f} s")


def fresh_database(name: str) -> str:
    """An empty, migrated database of a script's own, copied from the template."""
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"')
    return name


# --------------------------------------------------------------------------- servers


class Server:
    def __init__(self, port: int, settings: str, database: str):
        self.port = port
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(2 * (os.cpu_count() or 1) + 1),  # gunicorn's own advice
                "--no-control-socket",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=server_env(database, settings),
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/bench/baseline", timeout=5).read()  # noqa: S310
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on port {port}")

    def get(self, path: str):
        with urllib.request.urlopen(self.url + path, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def wrk(url: str, seconds: int, connections: int = 16, headers: list[str] = ()) -> float:
    extra = [arg for header in headers for arg in ("-H", header)]
    out = run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", *extra, url],
        capture=True,
        timeout=seconds + 30,
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    if bad or errors:
        note(f"wrk {url}: {bad.group(0) if bad else ''} {errors.group(0) if errors else ''}")
    return rps


def inprocess(measure: str, database: str, timeout: float = 300) -> dict:
    out = run(
        [PYTHON, "bench/inprocess.py", measure],
        env=server_env(database, "config.settings.bench_uncached"),
        capture=True,
        timeout=timeout,
    )
    return json.loads(out.strip().splitlines()[-1])


# --------------------------------------------------------------------------- measurements


def page_rps(seconds: int) -> None:
    urls = inprocess_urls()
    cached = Server(CACHED_PORT, "config.settings.bench", LARGE_DB)
    uncached = Server(UNCACHED_PORT, "config.settings.bench_uncached", LARGE_DB)
    try:
        for server in (cached, uncached):
            for path in urls.values():
                for _ in range(2):  # renditions, then the cache entry
                    status, _headers, _ = server.get(path)
                    assert status == 200, (path, status)
        status, headers, _ = cached.get(urls["programme"])
        assert headers.get("X-Page-Cache") == "hit", headers
        baseline = wrk(cached.url + "/bench/baseline", seconds)
        values = {"baseline_rps": round(baseline)}
        ok = True
        for name, path in urls.items():
            hit = wrk(cached.url + path, seconds) / baseline
            miss = wrk(uncached.url + path, seconds) / baseline
            values[f"{name}_cached"] = f"{hit:.2f}"
            values[f"{name}_uncached"] = f"{miss:.3f}"
            ok &= hit >= TARGETS["page_cached"] and miss >= TARGETS["page_uncached"]
        emit("page_rps", **values, target="cached>=0.8,uncached>=0.05", ok=_yes(ok))
    finally:
        cached.stop()
        uncached.stop()


_urls: dict[str, str] = {}


def inprocess_urls() -> dict[str, str]:
    if not _urls:
        out = run(
            [
                PYTHON,
                "-c",
                "import json, sys; sys.argv=['x']; import bench.inprocess as b; b._setup(); "
                "print(json.dumps(b.public_urls()))",
            ],
            env=server_env(LARGE_DB, "config.settings.bench_uncached"),
            capture=True,
        )
        _urls.update(json.loads(out.strip().splitlines()[-1]))
    return _urls


def page_queries() -> None:
    large = inprocess("pages", LARGE_DB)
    small = inprocess("pages", SMALL_DB)
    values = {}
    ok = True
    for name in large:
        values[f"{name}_large"] = large[name]["queries"]
        values[f"{name}_small"] = small[name]["queries"]
        ok &= large[name]["queries"] == small[name]["queries"]
    ok &= large["programme"]["queries"] <= TARGETS["programme_queries"]
    emit("page_queries", **values, target="large==small,programme<=15", ok=_yes(ok))


def admin_list() -> None:
    large = inprocess("admin", LARGE_DB)
    small = inprocess("admin", SMALL_DB)
    ratio = large["ms"] / small["ms"]
    ok = large["queries"] == small["queries"] and ratio <= TARGETS["admin_time"]
    emit(
        "admin_list",
        bookings_large=large["bookings"],
        bookings_small=small["bookings"],
        queries_large=large["queries"],
        queries_small=small["queries"],
        time_ratio=f"{ratio:.2f}",
        ms_large=f"{large['ms']:.0f}",
        ms_small=f"{small['ms']:.0f}",
        target="queries equal,time<=3x",
        ok=_yes(ok),
    )


def search() -> None:
    large = inprocess("search", LARGE_DB)
    small = inprocess("search", SMALL_DB)
    ratio = large["ms"] / small["ms"]
    emit(
        "search",
        programmes_large=large["programmes"],
        programmes_small=small["programmes"],
        time_ratio=f"{ratio:.2f}",
        ms_large=f"{large['ms']:.0f}",
        ms_small=f"{small['ms']:.0f}",
        target="<=3x",
        ok=_yes(ratio <= TARGETS["search_time"]),
    )


def lock_scaling() -> None:
    result = inprocess("locks", LARGE_DB, timeout=240)

    def ratio(suffix: str = "") -> float:
        return result[f"many{suffix}"]["per_s"] / max(result[f"one{suffix}"]["per_s"], 1e-9)

    emit(
        "lock_scaling",
        clients=20,
        many_per_s=f"{result['many']['per_s']:.1f}",
        one_per_s=f"{result['one']['per_s']:.1f}",
        ratio=f"{ratio():.2f}",
        critical_section_pause_ms=100,
        ratio_no_pause=f"{ratio('_no_pause'):.2f}",
        errors=sum(case["errors"] for case in result.values()),
        target=">=1.5",
        ok=_yes(ratio() >= TARGETS["lock_scaling"]),
    )


def render_cpu() -> None:
    """CPU ms per uncached render (median of 200 after warm-up), page ÷ baseline first."""
    result = inprocess("render_cpu", LARGE_DB, timeout=600)
    baseline = result.pop("baseline")
    values = {f"{name}_x_baseline": f"{ms / baseline:.1f}" for name, ms in result.items()}
    values |= {f"{name}_ms": f"{ms:.1f}" for name, ms in result.items()}
    values["baseline_ms"] = f"{baseline:.2f}"
    ok = all(ms <= TARGETS["render_cpu_ms"] for ms in result.values())
    emit("render_cpu", **values, target="<=10ms_each", ok=_yes(ok))


def signed_in(seconds: int) -> None:
    """Signed-in pages: req/s ÷ the baseline (wrk with a session cookie, uncached server on
    the large set), then queries of one request on the large set / the small one."""
    # The first time, the apps' demo content goes in too (bench.inprocess._app_demos).
    large = inprocess("signed_in", LARGE_DB, timeout=900)
    small = inprocess("signed_in", SMALL_DB, timeout=900)
    server = Server(UNCACHED_PORT, "config.settings.bench_uncached", LARGE_DB)
    try:
        for page in large.values():
            request = urllib.request.Request(  # noqa: S310 - our own loopback server
                server.url + page["path"], headers={"Cookie": page["cookie"]}
            )
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                assert response.status == 200 and response.url.endswith(page["path"]), (
                    page["path"],
                    response.url,
                )
        baseline = wrk(server.url + "/bench/baseline", seconds)
        ratios, queries = {}, {}
        ok = True
        for name, page in large.items():
            rps = wrk(server.url + page["path"], seconds, headers=[f"Cookie: {page['cookie']}"])
            ratios[name] = f"{rps / baseline:.3f}"
            queries[f"{name}_queries"] = f"{page['queries']}/{small[name]['queries']}"
            ok &= rps / baseline >= TARGETS["signed_in"]
            ok &= page["queries"] == small[name]["queries"] <= TARGETS["signed_in_queries"]
        emit(
            "signed_in",
            **ratios,
            **queries,
            baseline_rps=round(baseline),
            target=">=0.03x,queries_large=small<=15",
            ok=_yes(ok),
        )
    finally:
        server.stop()


def checkout_throughput(seconds: int = 30) -> None:
    """Complete checkouts per minute by 20 HTTP clients: one departure, then 20."""
    server = Server(CHECKOUT_PORT, "config.settings.bench_checkout", LARGE_DB)
    try:
        out = run(
            [
                PYTHON,
                "bench/checkout_throughput.py",
                "--url",
                server.url,
                "--seconds",
                str(seconds),
            ],
            env=server_env(LARGE_DB, "config.settings.bench_checkout"),
            capture=True,
            timeout=4 * seconds + 300,
        )
    finally:
        server.stop()
    cases = {}
    for line in out.splitlines():
        if line.startswith("checkout_throughput "):
            values = dict(pair.split("=", 1) for pair in line.split()[1:])
            cases["one" if values["departures"] == "1" else "many"] = values
    one, many = float(cases["one"]["per_min"]), float(cases["many"]["per_min"])
    ratio = many / max(one, 1e-9)
    emit(
        "checkout_throughput",
        many_vs_one=f"{ratio:.2f}",
        one_departure_per_min=f"{one:.0f}",
        twenty_departures_per_min=f"{many:.0f}",
        clients=cases["one"]["clients"],
        errors=int(cases["one"]["errors"]) + int(cases["many"]["errors"]),
        seconds=seconds,
        target="one>=1200/min,twenty>=1.3x",
        ok=_yes(
            one >= TARGETS["checkout_one_per_min"] and ratio >= TARGETS["checkout_many_vs_one"]
        ),
    )


def admin_at_scale() -> None:
    """Four back-office pages, large set vs small: time ratio first, queries, ms."""
    large = inprocess("admin_scale", LARGE_DB)
    small = inprocess("admin_scale", SMALL_DB)
    ratios, queries, ms = {}, {}, {}
    ok = True
    for name in ("bookings", "manifest", "visits", "situation"):
        ratio = large[name]["ms"] / max(small[name]["ms"], 1e-9)
        ratios[f"{name}_time_ratio"] = f"{ratio:.2f}"
        queries[f"{name}_queries"] = f"{large[name]['queries']}/{small[name]['queries']}"
        ms[f"{name}_ms"] = f"{large[name]['ms']:.0f}/{small[name]['ms']:.0f}"
        ok &= ratio <= TARGETS["admin_scale_time"]
        ok &= large[name]["queries"] == small[name]["queries"]
    emit(
        "admin_at_scale",
        **ratios,
        **queries,
        **ms,
        bookings_in_db=f"{large['bookings_in_db']}/{small['bookings_in_db']}",
        manifest_participants=large["manifest_participants"],
        target="queries_equal,time<=2x",
        ok=_yes(ok),
    )


def two_nodes() -> None:
    """bench/two_nodes.py: two gunicorn servers, one PostgreSQL, one Redis, Celery."""
    database = "paamaja_bench_nodes"  # a copy of the small set, made afresh each run
    _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{database}" TEMPLATE "{SMALL_DB}"')
    out = run(
        [PYTHON, "bench/two_nodes.py", "--ports", *map(str, NODE_PORTS)],
        env=server_env(database, "config.settings.bench"),
        capture=True,
        timeout=420,
    )
    for line in out.splitlines():
        if line.startswith("two_nodes "):
            values = dict(pair.split("=", 1) for pair in line.split()[1:])
            emit("two_nodes", **values)
            return
    emit("two_nodes", status="no_output")


def script_lines(
    script: str, database: str, timeout: float = 300, key: str | None = None
) -> list[dict] | None:
    """Run one of bench/*.py on a fresh database of its own; its `key ...` lines, parsed
    (each with its key under "_key"; key defaults to the script's name, and a script may
    print lines of keys that start with it, e.g. booking_race_rooms)."""
    path = ROOT / "bench" / script
    key = key or script.removesuffix(".py")
    if not path.exists():
        emit(key, status="missing", note=f"bench/{script}_not_written")
        return None
    fresh_database(database)
    env = {**server_env(database, "config.settings.test"), "BENCH_DATABASE_URL": f"{PG}/{database}"}
    try:
        out = run([PYTHON, str(path)], env=env, capture=True, timeout=timeout)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        emit(key, status="failed", error=type(error).__name__)
        return None
    found = [
        {"_key": line.split()[0]}
        | dict(pair.split("=", 1) for pair in line.split()[1:] if "=" in pair)
        for line in out.splitlines()
        if line.split(" ", 1)[0] == key or line.startswith(key + "_")
    ]
    if not found:
        emit(key, status="no_output")
        return None
    return found


def booking_race() -> None:
    """One line per resource raced (seats, rooms, host_slots): exactly the last K sold."""
    for found in script_lines("booking_race.py", "paamaja_bench_race") or []:
        values = {name: value for name, value in found.items() if name != "_key"}
        k = values.get("k")
        ok = values.get("confirmed") == k and values.get("oversold") == "0"
        ok &= values.get("errors") == "0"
        emit("booking_race", **values, target="confirmed=K,oversold=0,errors=0", ok=_yes(ok))


def ics_feed() -> None:
    """One line per feed (host: the issue's target; visit: a delegation's), 1,000 vs 100."""
    found = script_lines("ics_feed.py", "paamaja_bench_ics")
    feeds: dict[str, list[dict]] = {}
    for values in found or []:
        values = {name: value for name, value in values.items() if name != "_key"}
        feeds.setdefault(values.get("feed", "visit"), []).append(values)
    for feed, runs in sorted(feeds.items()):
        if len(runs) < 2:
            emit("ics_feed", **runs[-1])
            continue
        small, large = sorted(runs, key=lambda v: int(v.get("events", 0)))[:: len(runs) - 1]
        ratio = float(large["ms"]) / max(float(small["ms"]), 1e-9)
        ok = ratio <= 12 and large.get("queries") == small.get("queries")
        emit(
            "ics_feed",
            feed=feed,
            events=f"{small.get('events')}/{large.get('events')}",
            ms=f"{small['ms']}/{large['ms']}",
            queries=f"{small.get('queries')}/{large.get('queries')}",
            time_ratio=f"{ratio:.2f}",
            target="time<=12x,queries_equal",
            ok=_yes(ok),
        )


def report_compile() -> None:
    found = script_lines("report_compile.py", "paamaja_bench_reports", timeout=420)
    if found and len(found) >= 2:
        found = [{k: v for k, v in f.items() if k != "_key"} for f in found]
        small, large = sorted(found, key=lambda v: int(v.get("answers", 0)))[:: len(found) - 1]
        html = float(large["html_ms"]) / max(float(small["html_ms"]), 1e-9)
        pdf = float(large["pdf_ms"]) / max(float(small["pdf_ms"]), 1e-9)
        emit(
            "report_compile",
            answers=f"{small.get('answers')}/{large.get('answers')}",
            html_ms=f"{small['html_ms']}/{large['html_ms']}",
            pdf_ms=f"{small['pdf_ms']}/{large['pdf_ms']}",
            html_ratio=f"{html:.2f}",
            pdf_ratio=f"{pdf:.2f}",
            target="<=12x",
            ok=_yes(html <= 12 and pdf <= 12),
        )
    elif found:
        emit("report_compile", **{k: v for k, v in found[-1].items() if k != "_key"})


def _measurement(line: str) -> tuple[str, dict]:
    """A line as (name, values); several lines of one key differ by resource or feed.

    `booking_race resource=rooms ...` is `booking_race.rooms`, `ics_feed feed=host ...`
    is `ics_feed.host`; every other line is its key.
    """
    key = line.split(" ", 1)[0]
    values = dict(pair.split("=", 1) for pair in line.split(" ")[1:] if "=" in pair)
    qualifier = values.get("resource") or values.get("feed")
    return (f"{key}.{qualifier}" if qualifier else key), values


def _yes(ok: bool) -> str:
    return "yes" if ok else "NO"


# --------------------------------------------------------------------------- machine


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    except OSError:
        memory = ""
    try:
        postgres = _psql("SHOW server_version")
    except Exception:  # noqa: BLE001
        postgres = ""
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "wrk": (shutil.which("wrk") or ""),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep loaded databases")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per URL")
    parser.add_argument(
        "--only", nargs="*", help="run only these measurements (names, or one comma list)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make bench installs Debian's wrk).")
    started = time.monotonic()
    RESULTS.mkdir(parents=True, exist_ok=True)
    prepare_databases(args.reuse)
    note("collectstatic")
    run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        env=server_env(LARGE_DB),
    )
    steps = [
        ("page_rps", lambda: page_rps(args.seconds)),
        ("page_queries", page_queries),
        ("admin_list", admin_list),
        ("search", search),
        ("lock_scaling", lock_scaling),
        ("booking_race", booking_race),
        ("ics_feed", ics_feed),
        ("report_compile", report_compile),
        ("render_cpu", render_cpu),
        ("signed_in", lambda: signed_in(args.seconds)),
        ("checkout_throughput", checkout_throughput),
        ("admin_at_scale", admin_at_scale),
        ("two_nodes", two_nodes),
    ]
    only = {name for item in args.only or [] for name in item.split(",") if name}
    for name, step in steps:
        if only and name not in only:
            continue
        note(name)
        try:
            step()
        except Exception as error:  # noqa: BLE001 - one failed measurement, not the suite
            emit(name, status="failed", error=re.sub(r"\s+", "_", repr(error))[:200])
    elapsed = time.monotonic() - started
    report = {
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(elapsed),
        "machine": machine(),
        "lines": lines,
        "measurements": dict(_measurement(line) for line in lines),
    }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    note(f"done in {elapsed:.0f} s; bench/results/latest.json written")


if __name__ == "__main__":
    main()
