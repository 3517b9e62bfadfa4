"""Work that learning_reports hands to Celery survives a broker that is down.

Both the feedback invitations after a visit and a report compile go through the
transactional outbox: with no broker the message waits in the database, nothing is lost,
and the sweeper hands it over once the broker answers. Before they did, the visit's
invitations were never created and the report stayed "queued" for ever (a new compile
is refused while one is queued).

The broker is a real Redis URL on a port where nothing listens, so the send really fails.
"""

from __future__ import annotations

import contextlib
import datetime

import pytest

from core.models import OutboxMessage
from core.outbox import outbox_sweep
from learning_reports.enums import CompileState
from learning_reports.models import FeedbackInvitation
from learning_reports.services import report_compile_request
from visits.enums import VisitStatus
from visits.services import visit_complete

from .factories import answer, invite, make_completed_visit, report_for

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@contextlib.contextmanager
def broker_down():
    from config.celery_app import app

    saved = {
        k: app.conf[k] for k in ("task_always_eager", "broker_url", "broker_transport_options")
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=DEAD_BROKER,
        broker_transport_options={"max_retries": 0},
    )
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def test_invitations_after_a_visit_wait_for_the_broker(django_capture_on_commit_callbacks):
    world = make_completed_visit(participants=4, status=VisitStatus.IN_PROGRESS)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        visit_complete(visit=world.visit, actor=None)
    assert not FeedbackInvitation.objects.filter(visit=world.visit).exists()
    message = OutboxMessage.objects.get(task="learning_reports.tasks.invite_after_visit")
    assert message.status == OutboxMessage.Status.PENDING
    assert message.last_error  # the failed hand-over is visible in the admin

    # The broker is back (eager again): the sweeper hands it over, once.
    assert outbox_sweep(older_than=datetime.timedelta(0)) >= 1
    assert FeedbackInvitation.objects.filter(visit=world.visit).count() == 4
    outbox_sweep(older_than=datetime.timedelta(0))
    assert FeedbackInvitation.objects.filter(visit=world.visit).count() == 4


def test_a_compile_requested_while_the_broker_is_down_runs_later(
    django_capture_on_commit_callbacks,
):
    world = make_completed_visit(participants=3)
    for invitation in invite(world):
        answer(invitation, world)
    report = report_for(world)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        report_compile_request(report=report, actor=None)
    report.refresh_from_db()
    assert report.compile_state == CompileState.QUEUED
    message = OutboxMessage.objects.get(task="learning_reports.tasks.compile_report")
    assert message.status == OutboxMessage.Status.PENDING

    outbox_sweep(older_than=datetime.timedelta(0))
    report.refresh_from_db()
    message.refresh_from_db()
    assert report.compile_state == CompileState.DONE and report.compile_progress == 100
    assert report.content["ratings"]["feedback"]["answered"] == 3
    assert message.status == OutboxMessage.Status.DONE
