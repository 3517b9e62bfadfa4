"""Faults around the Celery worker, with a real worker process on the real Redis:
an SMTP server that refuses (retried with back-off, shown in the admin, nothing lost)
and a worker killed in the middle of a task (run again, its effect once)."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts.models import User
from bookings.services import EMAIL_TASK
from core.models import OutboxMessage
from core.outbox import outbox_enqueue
from tests.bookings.test_views import confirmed_booking, journey_world

from .infra import SmtpSink, Worker, celery_on_broker, redis_up

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@pytest.fixture
def booking():
    assert redis_up(), "Redis must run on 127.0.0.1:6379 (see shared/MACHINE.md)"
    world = journey_world()
    return confirmed_booking(world["departure"])  # its own e-mails went out eagerly


def _manager(client):
    user = User.objects.create_superuser(email="manager@paamaja.example", password="x-12345678")
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)


def test_smtp_refusal_is_retried_with_back_off_shown_in_the_admin_and_sent_once(booking, client):
    with SmtpSink() as smtp:
        smtp.refuse = 1  # the first delivery gets "421 try again later"
        worker = Worker(smtp_port=smtp.port).start()
        try:
            with celery_on_broker(worker.queue):
                message = outbox_enqueue(
                    task=EMAIL_TASK, booking_id=booking.pk, template="confirmation"
                )
                failed = OutboxMessage.objects.filter(pk=message.pk, attempts=1)
                assert _wait_until(failed.exists, 30), worker.output()[-3000:]
                message.refresh_from_db()
                assert message.status != OutboxMessage.Status.DONE
                assert message.last_error == "SMTPConnectError (SMTP 421)"
                assert smtp.messages == []
                # Celery retries with exponential back-off (retry_backoff on the task).
                assert _wait_until(lambda: "Retry in" in worker.output(), 10)

                # A manager sees the failed attempt under Reports > Outbox.
                _manager(client)
                html = client.get(reverse("outboxmessage:inspect", args=[message.pk])).content
                assert b"SMTPConnectError (SMTP 421)" in html

                # The retry (within the first back-off of at most 30 s) delivers it, once.
                done = OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.DONE)
                assert _wait_until(done.exists, 45), worker.output()[-3000:]
                assert smtp.wait_for(1, 5)
                time.sleep(2)
                assert len(smtp.messages) == 1
                assert booking.reference in smtp.subjects()[0]
                assert done.get().attempts == 2
                assert done.get().last_error == ""
        finally:
            worker.stop()


def test_a_worker_killed_mid_task_runs_it_again_and_its_effect_happens_once(booking):
    with SmtpSink() as smtp:
        smtp.stall = 30  # the first delivery hangs in the middle of the SMTP dialogue
        # A short visibility timeout: Redis hands an unacknowledged task to another
        # worker after 3 s instead of an hour.
        worker = Worker(smtp_port=smtp.port, visibility_timeout=3).start()
        try:
            with celery_on_broker(worker.queue):
                message = outbox_enqueue(
                    task=EMAIL_TASK, booking_id=booking.pk, template="confirmation"
                )
                assert smtp.stalled.wait(30), worker.output()[-3000:]
                worker.kill()  # SIGKILL in the middle of the task
                assert worker.process.returncode == -9
                message.refresh_from_db()
                assert message.status == OutboxMessage.Status.DISPATCHED  # not done
                assert smtp.messages == []

                worker.start()  # a new worker; the task was never acknowledged (acks_late)
                done = OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.DONE)
                assert _wait_until(done.exists, 60), worker.output()[-3000:]
                assert smtp.wait_for(1, 5)
                time.sleep(4)  # past another visibility timeout: no second delivery
                assert len(smtp.messages) == 1
                assert booking.reference in smtp.subjects()[0]
        finally:
            worker.stop()
