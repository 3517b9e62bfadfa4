import pytest


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["broker"] in {"ok", "eager"}


@pytest.mark.django_db
def test_healthz_reports_a_failing_cache_with_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    from django.core.cache import caches

    caches._settings = None  # re-read CACHES
    try:
        caches.__init__()
        response = client.get("/healthz")
    finally:
        caches.__init__()
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("error")
