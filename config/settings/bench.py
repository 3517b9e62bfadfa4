"""The benchmark server (`make bench`): production settings on loopback.

bench/run.py sets the production variables (a random SECRET_KEY, DATABASE_URL of the
benchmark's own database, REDIS_URL with a database number of its own, ALLOWED_HOSTS,
STATIC_ROOT) before Django starts. What differs from production is only what loopback
needs, and one thing the benchmark needs: a bare Django view, the baseline, that answers
a short HTML page through the same middleware. It exists in these settings only.
"""

from .production import *  # noqa: F403

# Plain HTTP on 127.0.0.1: no redirect to HTTPS, whose proxy does not exist here.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "config.bench_urls"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
