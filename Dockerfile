# syntax=docker/dockerfile:1.7
# Päämaja production image: gunicorn serving config.wsgi with collected static files
# (whitenoise), run as an unprivileged user. The same image runs the Celery worker and
# beat (see compose.yaml). Build: docker build -t paamaja .

ARG PYTHON_IMAGE=python:3.13-slim

# --------------------------------------------------------------------------- build
# Resolves the locked dependencies into /app/.venv. Every production dependency ships
# wheels for CPython 3.13 on Linux, so no compiler is needed.
FROM ${PYTHON_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv

# The same uv release as the Makefile, so the lock file is read the same way.
RUN pip install "uv==0.13.9"

WORKDIR /app
COPY pyproject.toml uv.lock ./
# --frozen: install exactly uv.lock, fail rather than re-resolve. --no-dev: no test tools.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project --python /usr/local/bin/python3

# --------------------------------------------------------------------------- runtime
FROM ${PYTHON_IMAGE} AS runtime

# WeasyPrint (PDF itineraries and reports) renders with Pango and HarfBuzz; DejaVu gives
# it a font with Finnish and Swedish letters.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 paamaja \
    && useradd --system --uid 10001 --gid paamaja --home-dir /home/paamaja --create-home \
        --shell /usr/sbin/nologin paamaja

ENV PATH="/app/.venv/bin:$PATH" \
    VIRTUAL_ENV=/app/.venv \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=3

WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY . .

# Compiled translations are built, not committed: the same as the Makefile's `messages`.
RUN set -eu; \
    for po in site/locale/*/LC_MESSAGES/*.po; do \
        [ -f "$po" ] || continue; \
        lang=$(echo "$po" | cut -d/ -f3); \
        pybabel compile --statistics -i "$po" -o "${po%.po}.mo" -l "$lang"; \
    done

# Static files are collected into the image. Production settings refuse to load without
# their secrets, so this step gets throw-away values that exist only for this command
# (they are not ENV, so they are not in the image's configuration).
RUN SECRET_KEY="collectstatic-build-only-value-never-used-at-runtime-0123456789abcdef" \
    ALLOWED_HOSTS="localhost" \
    REDIS_URL="redis://localhost:6379/0" \
    python manage.py collectstatic --no-input --verbosity 1

# Media (uploaded images and documents) is a volume that the app user writes to.
RUN mkdir -p /app/media && chown paamaja:paamaja /app/media

# The health check asks /healthz (database, cache, broker) the way a proxy would: over
# "https" as far as Django knows (so SECURE_SSL_REDIRECT does not redirect it) and for a
# host that ALLOWED_HOSTS accepts.
COPY --chmod=0755 <<'EOF' /usr/local/bin/paamaja-healthcheck
#!/app/.venv/bin/python
import os
import sys
import urllib.request

hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
host = next((h.lstrip(".") for h in hosts if h != "*"), "localhost")
url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/healthz"
request = urllib.request.Request(
    url,
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
    print(f"healthz: {exc}", file=sys.stderr)
    sys.exit(1)
EOF

USER paamaja:paamaja
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/paamaja-healthcheck"]

# gthread workers: WEB_CONCURRENCY processes (gunicorn reads it; default 3 above) with
# 4 threads each. --no-control-socket: gunicorn 27 would otherwise open a socket under
# $HOME. TLS ends at the proxy in front, which sets X-Forwarded-Proto (Django trusts it
# through SECURE_PROXY_SSL_HEADER). Extra options: GUNICORN_CMD_ARGS.
CMD ["gunicorn", "config.wsgi", \
     "--bind", "0.0.0.0:8000", \
     "--worker-class", "gthread", \
     "--threads", "4", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--max-requests", "2000", \
     "--max-requests-jitter", "200", \
     "--access-logfile", "-", \
     "--no-control-socket"]
