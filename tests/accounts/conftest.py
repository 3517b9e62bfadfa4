import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate limits (one confirmation e-mail per address per few minutes,
    failed logins) in the cache; each test starts without them."""
    cache.clear()
    yield
    cache.clear()
