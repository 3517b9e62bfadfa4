"""The visit before its site visits (core.transitions' lock order).

Why the old order deadlocked: `site_visit_send` locked site visit → visit while
`visit_cancel` (and `item_move`) lock visit → site visits. With the send holding the
site visit (paused after its first lock by VISITS_TEST_LOCK_ORDER_PAUSE_SECONDS), the
cancellation takes the visit and waits for the site visit; the send then waits for the
visit: PostgreSQL aborts one with "deadlock detected". Locking the visit first makes
the cancellation wait at the visit, holding nothing, and the two run one after the
other.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections
from wagtail.models import Locale

from visits.enums import SiteVisitStatus, VisitStatus
from visits.models import SiteVisit
from visits.services import site_visit_send, visit_cancel

from .factories import make_manager, make_visit, open_all_week

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(fn, errors: list[str]) -> threading.Thread:
    def run():
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - every outcome but success is reported
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_sending_a_site_visit_and_cancelling_its_visit_do_not_deadlock(settings):
    settings.STAFF_MFA_REQUIRED = False
    Locale.objects.get_or_create(language_code="en")  # an earlier flush may have taken it
    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    open_all_week(site_visit.host)
    manager = make_manager()
    settings.VISITS_TEST_LOCK_ORDER_PAUSE_SECONDS = 1.0
    errors: list[str] = []

    sender = _in_thread(
        lambda: site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True),
        errors,
    )
    time.sleep(0.3)  # the send holds its first lock and pauses
    canceller = _in_thread(lambda: visit_cancel(visit=visit, actor=manager), errors)
    sender.join(30)
    canceller.join(30)

    assert errors == []
    visit.refresh_from_db()
    site_visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    # The send went first; the cancellation then cancelled the request it had sent.
    assert site_visit.status == SiteVisitStatus.CANCELLED
