"""Two programme managers cannot both take the same host slot.

20 clients with their own connections ask the same host for the same day, each for a
different delegation. The host receives 3 delegations a day. With the row lock
switched off (test-only setting) the race oversells; with it, exactly 3 succeed.
"""

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import User
from visits.enums import SiteVisitStatus
from visits.errors import ConflictError, SlotTaken
from visits.models import SiteVisit
from visits.services import site_visit_send
from visits.timeutil import HELSINKI

from .factories import make_programme_with_hosts, make_visit, open_all_week

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 20
CAPACITY = 3


def _world():
    # Transactional tests flush the rows that migrations made; the locale comes first.
    Locale.objects.get_or_create(language_code="en")
    programme, hosts = make_programme_with_hosts(days=1, items_per_day=1)
    host = hosts[0]
    open_all_week(host, delegations_per_day=CAPACITY)
    start = timezone.localdate() + datetime.timedelta(days=60)
    requests = []
    for i in range(CLIENTS):
        visit = make_visit(programme=programme, start=start)
        site_visit = SiteVisit.objects.select_related("item").get(item__visit=visit)
        # Each delegation at its own time of the same day: only the daily limit binds.
        item = site_visit.item
        item.starts_at = datetime.datetime.combine(start, datetime.time(8), tzinfo=HELSINKI)
        item.starts_at += datetime.timedelta(minutes=25 * i)
        item.ends_at = item.starts_at + datetime.timedelta(minutes=20)
        item.save()
        requests.append(site_visit)
    # Groups made by migrations are flushed too; the actor only signs the audit entries.
    manager = User.objects.create_user(email="race-manager@paamaja.example", password="x")
    return host, requests, manager


def _race(requests, manager):
    barrier = threading.Barrier(len(requests))
    outcomes = []
    lock = threading.Lock()

    def run(site_visit):
        try:
            barrier.wait()
            site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
            result = "ok"
        except (SlotTaken, ConflictError):
            result = "refused"
        except Exception as exc:  # noqa: BLE001
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(sv,)) for sv in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_without_locking_the_host_is_overbooked(settings):
    settings.VISITS_LOCKING_ENABLED = False
    settings.VISITS_TEST_RACE_WINDOW_SECONDS = 0.3
    host, requests, manager = _world()
    outcomes = _race(requests, manager)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    taken = SiteVisit.objects.filter(host=host, status=SiteVisitStatus.REQUESTED).count()
    assert taken > CAPACITY  # the race is real


def test_with_locking_exactly_capacity_succeeds(settings):
    settings.VISITS_TEST_RACE_WINDOW_SECONDS = 0.05
    host, requests, manager = _world()
    outcomes = _race(requests, manager)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert outcomes.count("ok") == CAPACITY
    assert outcomes.count("refused") == CLIENTS - CAPACITY
    assert SiteVisit.objects.filter(host=host, status=SiteVisitStatus.REQUESTED).count() == CAPACITY
