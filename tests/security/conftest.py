import pytest
from django.core.cache import cache

from .worlds import (  # noqa: F401 - fixtures
    access_world,
    account_world,
    api_access_world,
    bookings_world,
    check_in_world,
    debrief_world,
    delegations_world,
    report_links_world,
    reports_manager_world,
    reports_published_world,
    reports_world,
    vetting_world,
    visits_host_world,
    visits_world,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and allauth's throttles live in the cache: each test starts clean."""
    cache.clear()
    yield
    cache.clear()
