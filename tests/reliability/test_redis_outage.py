"""Redis (broker and cache) stopped in the middle of a booking.

The real Redis on 127.0.0.1:6379 is shut down from the test; a real Celery worker
process delivers e-mail over SMTP to a server on loopback. The booking commits and the
page answers within a bounded time; the e-mails it owed wait in the outbox
(core/outbox.py) and arrive once Redis is back: each exactly once, even when the
sweeper runs again and a message is delivered to the worker twice.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from bookings.enums import BookingStatus
from bookings.services import EMAIL_TASK
from core.models import OutboxMessage
from core.outbox import outbox_sweep
from tests.bookings.factories import make_delegation
from tests.bookings.test_views import held_booking, journey_world

from .infra import BROKER_URL, SmtpSink, Worker, celery_on_broker, redis_down, redis_up

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

BOUND_SECONDS = 10


def _wait_until(predicate, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": settings.REDIS_CACHE_BACKEND,
            "LOCATION": BROKER_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.RATE_LIMITS_ENABLED = True  # counted in Redis: must fail open


def test_a_booking_commits_while_redis_is_down_and_its_emails_arrive_once_after(
    client, redis_cache
):
    assert redis_up(), "Redis must run on 127.0.0.1:6379 (see shared/MACHINE.md)"
    world = journey_world()
    organisation, contact = make_delegation()
    booking = held_booking(world["departure"], organisation=organisation, contact=contact)
    client.force_login(contact)
    before = set(OutboxMessage.objects.values_list("pk", flat=True))

    with SmtpSink() as smtp:
        worker = Worker(smtp_port=smtp.port)
        try:
            with celery_on_broker(worker.queue) as app:
                with redis_down():
                    started = time.monotonic()
                    response = client.post(
                        reverse("bookings:review", args=[booking.reference]),
                        {"payment_method": "invoice", "accept_terms": "on"},
                    )
                    elapsed = time.monotonic() - started
                    assert response.status_code == 302, response.status_code
                    assert response.url == reverse(
                        "bookings:confirmation", args=[booking.reference]
                    )
                    assert elapsed < BOUND_SECONDS, f"the page took {elapsed:.1f} s"
                    print(f"\ncheckout with Redis down answered in {elapsed:.2f} s")
                    booking.refresh_from_db()
                    assert booking.status == BookingStatus.CONFIRMED
                    owed = list(OutboxMessage.objects.exclude(pk__in=before))
                    emails = [m for m in owed if m.task == EMAIL_TASK]
                    assert emails, "the confirmation owes the delegation an e-mail"
                    assert {m.status for m in owed} == {OutboxMessage.Status.PENDING}
                    # The sweeper (Celery beat) cannot reach the broker either: all kept.
                    assert outbox_sweep(older_than=timedelta(0)) == 0
                    assert client.get(response.url).status_code == 200

                # Redis is back: the worker starts, the sweeper hands everything over.
                worker.start()
                assert outbox_sweep(older_than=timedelta(0)) == len(owed)
                done = OutboxMessage.objects.filter(
                    pk__in=[m.pk for m in owed], status=OutboxMessage.Status.DONE
                )
                assert _wait_until(lambda: done.count() == len(owed)), worker.output()[-3000:]
                assert smtp.wait_for(len(emails)), worker.output()[-3000:]

                # None twice: another sweep finds nothing, and each message handed to the
                # worker a second time (a broker redelivery) sends nothing.
                assert outbox_sweep(older_than=timedelta(0)) == 0
                for message in emails:
                    app.send_task(
                        message.task,
                        kwargs={**message.kwargs, "outbox_id": message.pk},
                        queue=worker.queue,
                    )
                marker = len(smtp.messages)
                time.sleep(3)
                assert len(smtp.messages) == marker == len(emails)
                assert all(booking.reference in subject for subject in smtp.subjects())
                assert smtp.messages[0]["To"] == contact.email
        finally:
            worker.stop()
    assert redis_up()


@pytest.mark.django_db(transaction=False)
def test_the_catalogue_and_sign_in_work_while_the_cache_is_unreachable(client, settings):
    """Redis as the cache, unreachable: public pages (page cache on), sign-in and the
    rate limiter all carry on; the health check says what is wrong (503)."""
    from django.test import override_settings

    from accounts.models import User
    from tests.programmes.factories import build_catalogue

    catalogue = build_catalogue(translate=False)
    urls = ["/en/", "/en/programmes/", catalogue.programmes[0].url]
    User.objects.create_user(email="someone@ministry.example", password="Kettu-Järvi-42")
    dead = {
        "default": {
            "BACKEND": settings.REDIS_CACHE_BACKEND,
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # The failure first: with Django's stock Redis backend, Wagtail's page URLs raise.
    stock = {
        "default": {**dead["default"], "BACKEND": "django.core.cache.backends.redis.RedisCache"}
    }
    with override_settings(CACHES=stock), pytest.raises(RedisConnectionError):
        client.get(urls[2])

    with override_settings(
        CACHES=dead,
        PAAMAJA_PAGE_CACHE_SECONDS=300,
        RATE_LIMITS_ENABLED=True,
        ACCOUNT_RATE_LIMITS=False,  # allauth's throttle needs the cache (not ours)
    ):
        started = time.monotonic()
        for url in urls:
            assert client.get(url).status_code == 200, url
        response = client.post(
            reverse("account_login"),
            {"login": "someone@ministry.example", "password": "Kettu-Järvi-42"},
        )
        assert response.status_code == 302
        assert time.monotonic() - started < BOUND_SECONDS
        assert client.get("/healthz").status_code == 503
