"""Production settings: `check --deploy` is clean, secrets are required, and responses
carry the security headers that the production settings promise.

The production settings are loaded in a subprocess (they refuse to load without their
secrets, and a test process has already configured Django with the test settings). The
security values they produce are then applied to the test client with
override_settings, so the headers are checked on real responses of real pages.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]

STRIPE_ORIGINS = {"https://js.stripe.com", "https://api.stripe.com"}
SECURITY_SETTING_PREFIXES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "X_FRAME_OPTIONS")


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        return f"sqlite:///{Path(tempfile.gettempdir()) / 'paamaja-deploy-check.sqlite3'}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/postgres"


def production_env(**overrides: str | None) -> dict[str, str]:
    """A clean environment for production settings: nothing leaks from the test run."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "ALLOWED_HOSTS": "paamaja.example",
        "BASE_URL": "https://paamaja.example",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": "smtp+tls://mailer:password@smtp.paamaja.example:587",
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_python(code: str, env: dict[str, str], timeout: int = 120):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_secret_key_helper_is_64_random_characters():
    assert len(production_env()["SECRET_KEY"]) == 64


def test_check_deploy_passes_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY"),
        ({"SECRET_KEY": "dev-" + "x" * 60}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"REDIS_URL": None}, "REDIS_URL"),
    ],
    ids=["no-secret", "short-secret", "insecure-secret", "dev-secret", "no-hosts", "no-redis"],
)
def test_production_refuses_to_start_without_its_secrets(overrides, message):
    result = run_python("import django; django.setup()", production_env(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_its_secrets():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        production_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


@pytest.fixture(scope="module")
def production_security_settings() -> dict:
    """The security settings exactly as config.settings.production computes them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"prefixes = {SECURITY_SETTING_PREFIXES!r}; "
        "print(json.dumps({k: getattr(settings, k) for k in dir(settings) "
        "if k.startswith(prefixes)}, default=str))"
    )
    result = run_python(code, production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    if values.get("SECURE_PROXY_SSL_HEADER"):
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_security_values(production_security_settings):
    s = production_security_settings
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["SESSION_COOKIE_HTTPONLY"] is True
    assert s["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert s["CSRF_COOKIE_SECURE"] is True
    assert "'unsafe-inline'" not in s["SECURE_CSP"]["script-src"]
    assert "'unsafe-eval'" not in s["SECURE_CSP"]["script-src"]


@pytest.fixture
def production_security(production_security_settings):
    with override_settings(**production_security_settings):
        yield production_security_settings


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response):
    hsts = response.headers.get("Strict-Transport-Security", "")
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin"
    assert response.headers.get("X-Frame-Options") in {"DENY", "SAMEORIGIN"}
    csp = _csp_directives(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    # No third-party origins in the policy, except Stripe's (Stripe.js and its API, for
    # the payment page).
    for sources in csp.values():
        for source in sources:
            assert source.startswith(("'", "data:", "blob:")) or source in STRIPE_ORIGINS, source


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production_security):
    response = client.get("/healthz", HTTP_HOST="paamaja.example")
    assert response.status_code == 301
    assert response["Location"] == "https://paamaja.example/healthz"


@pytest.mark.django_db
def test_public_pages_carry_the_security_headers(client, production_security):
    from tests.programmes.factories import build_catalogue

    catalogue = build_catalogue(translate=False)
    for url in ("/en/", "/en/programmes/", catalogue.programmes[0].url):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_security_headers(response)


@pytest.mark.django_db
def test_health_check_carries_the_security_headers(client, production_security):
    response = client.get("/healthz", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, production_security):
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user = User.objects.create_user(email="delegate@ministry.example", password="Kettu-Järvi-42")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": "Kettu-Järvi-42"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    csrf = response.cookies.get(settings.CSRF_COOKIE_NAME)
    if csrf is not None:  # rotated on login
        assert csrf["secure"] is True
        assert csrf["samesite"] == "Lax"
