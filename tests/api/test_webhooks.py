"""Signed webhooks delivered to a real receiver on loopback (an http.server thread).

The receiver does what the README tells partners to do: recompute the HMAC-SHA256 over
"<timestamp>.<raw body>" with the endpoint's secret, reject a timestamp more than five
minutes away from its own clock, and process each event id once.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from api import webhooks
from api.enums import DeliveryStatus, OwnerKind
from api.models import WebhookDelivery
from api.webhooks import deliveries_due, delivery_attempt, endpoint_create, event_emit

TOLERANCE = 300


class Receiver:
    """A partner's endpoint. `script` answers the requests in turn (an int is a status,
    "slow" sleeps past our timeout and then answers 200); later ones get 200."""

    def __init__(self):
        self.secret = ""
        self.script: list = []
        self.received: list[dict] = []
        self.processed: dict[str, dict] = {}  # event id -> event, once each
        self.clock_offset = 0
        self.slow_seconds = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                answer = receiver.script.pop(0) if receiver.script else 200
                if answer == "slow":
                    time.sleep(receiver.slow_seconds)
                    answer = 200
                if answer == 200:
                    answer = receiver.handle(self.headers, body)
                self.send_response(answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/paamaja"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def verify(self, header: str, body: bytes) -> bool:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
        if abs(time.time() + self.clock_offset - timestamp) > TOLERANCE:
            return False
        expected = hmac.new(
            self.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest(expected, parts["v1"])

    def handle(self, headers, body: bytes) -> int:
        if not self.verify(headers["Paamaja-Signature"], body):
            return 400
        event = json.loads(body)
        assert event["id"] == headers["Paamaja-Event-Id"]
        self.processed.setdefault(event["id"], event)  # deduplicated by the event id
        return 200


@pytest.fixture
def receiver():
    r = Receiver()
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture
def endpoint(db, settings, receiver):
    from tests.bookings.factories import make_delegation

    settings.API_WEBHOOKS_ALLOW_PRIVATE = True  # the receiver is on 127.0.0.1
    organisation, contact = make_delegation()
    made = endpoint_create(
        actor=contact,
        owner_kind=OwnerKind.DELEGATION,
        organisation=organisation,
        url=receiver.url,
        events=["booking.paid", "booking.confirmed"],
    )
    receiver.secret = made.secret
    made.contact = contact
    return made


def _emit(endpoint, django_capture_on_commit_callbacks, *, execute=True):
    with django_capture_on_commit_callbacks(execute=execute):
        event_emit(
            event="booking.paid",
            organisation_id=endpoint.organisation_id,
            data={"booking": "PMJ-TEST0001", "status": "confirmed"},
        )
    return WebhookDelivery.objects.filter(endpoint=endpoint).latest("created_at")


def test_a_delivery_is_signed_and_the_receiver_verifies_it(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    delivery = _emit(endpoint, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.response_status == 200
    [request] = receiver.received
    assert request["headers"]["Paamaja-Event"] == "booking.paid"
    assert request["headers"]["Paamaja-Event-Id"] == str(delivery.event_id)
    assert receiver.processed[str(delivery.event_id)]["data"]["booking"] == "PMJ-TEST0001"
    # Our own helper agrees with the receiver, and a changed body or secret fails.
    header, body = request["headers"]["Paamaja-Signature"], request["body"]
    assert webhooks.verify(endpoint.secret, body, header)
    assert not webhooks.verify(endpoint.secret, body + b" ", header)
    assert not webhooks.verify("whsec_other", body, header)


def test_a_replayed_delivery_is_rejected_by_its_timestamp(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    _emit(endpoint, django_capture_on_commit_callbacks)
    captured = receiver.received[0]
    header = captured["headers"]["Paamaja-Signature"]
    assert receiver.verify(header, captured["body"])
    receiver.clock_offset = TOLERANCE + 1  # the same request, replayed six minutes later
    assert not receiver.verify(header, captured["body"])
    # A fresher timestamp on the captured body does not match the signature.
    forged = header.replace(header.split(",")[0], f"t={int(time.time())}")
    receiver.clock_offset = 0
    assert forged == header or not receiver.verify(forged, captured["body"])
    old = int(header.split(",")[0][2:]) - 10
    assert not receiver.verify(f"t={old}," + header.split(",")[1], captured["body"])


def test_retries_with_backoff_after_500s_and_timeouts(
    endpoint, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(webhooks, "TIMEOUT_SECONDS", 0.5)
    receiver.slow_seconds = 1.5
    receiver.script = [500, "slow", 503]
    start = timezone.now()
    delivery = _emit(endpoint, django_capture_on_commit_callbacks)  # first try: 500
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.response_status == 500
    backoffs = [delivery.next_attempt_at - start]
    assert deliveries_due(now=timezone.now()) == 0  # not before its backoff
    now = delivery.next_attempt_at  # the beat's clock, moved to when the retry is due
    for _retry in range(2):
        attempted = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert deliveries_due(now=now) == 1
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.PENDING
        backoffs.append(delivery.next_attempt_at - attempted)
        now = delivery.next_attempt_at
    assert delivery.last_error == "HTTP 503"
    with django_capture_on_commit_callbacks(execute=True):
        deliveries_due(now=now)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 4
    # 30 s, 60 s, 120 s after each failed attempt: each wait doubles (the timed-out
    # attempt took its half second, hence the rounding).
    seconds = [round(b.total_seconds() / 30) * 30 for b in backoffs]
    assert seconds == [30, 60, 120], backoffs
    assert len(receiver.received) == 4
    # The timeout was a failed attempt although the receiver processed it: dedup by id.
    assert list(receiver.processed) == [str(delivery.event_id)]


def test_an_endpoint_is_disabled_after_repeated_failures_and_its_organisation_told(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.script = [500] * (webhooks.DISABLE_AFTER * webhooks.MAX_ATTEMPTS)
    for _ in range(webhooks.DISABLE_AFTER):
        delivery = _emit(endpoint, django_capture_on_commit_callbacks)
        for _attempt in range(webhooks.MAX_ATTEMPTS - 1):
            with django_capture_on_commit_callbacks(execute=True):
                delivery_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.FAILED
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_at is not None
    [message] = [m for m in mail.outbox if "disabled" in m.subject]
    assert endpoint.contact.email in message.to
    assert endpoint.url in message.body
    sent = len(receiver.received)
    _emit(endpoint, django_capture_on_commit_callbacks)  # nothing goes to a disabled endpoint
    assert len(receiver.received) == sent


def test_the_delivery_log_sends_again_with_the_same_event_id(
    endpoint, receiver, client, django_capture_on_commit_callbacks
):
    receiver.script = [500] * webhooks.MAX_ATTEMPTS
    delivery = _emit(endpoint, django_capture_on_commit_callbacks)
    for _attempt in range(webhooks.MAX_ATTEMPTS - 1):
        delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    client.force_login(endpoint.contact)
    log = client.get(reverse("api_access:deliveries", kwargs={"pk": endpoint.pk}))
    assert log.status_code == 200
    page = log.content.decode()
    assert str(delivery.event_id) in page and "Send again" in page
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("api_access:resend", kwargs={"pk": endpoint.pk, "delivery_pk": delivery.pk})
        )
    assert answer.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert receiver.received[-1]["headers"]["Paamaja-Event-Id"] == str(delivery.event_id)


def test_exactly_once_at_a_receiver_that_deduplicates(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    events = [_emit(endpoint, django_capture_on_commit_callbacks) for _ in range(3)]
    # Sent again (a partner asked for it), and a retry the receiver had already processed.
    for delivery in events:
        webhooks.delivery_resend(delivery=delivery, actor=endpoint.contact)
        delivery_attempt(delivery_id=delivery.pk)
    assert len(receiver.received) == 6
    assert sorted(receiver.processed) == sorted(str(d.event_id) for d in events)
    assert len({d.event_id for d in events}) == 3


def test_webhook_addresses_must_be_public_http(db, settings):
    from api.webhooks import WebhookError, check_target

    settings.API_WEBHOOKS_ALLOW_PRIVATE = False
    for url in (
        "http://127.0.0.1:8000/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.5/hook",
        "file:///etc/passwd",
        "ftp://hooks.example/x",
        "http://no-such-host.invalid/hook",
    ):
        with pytest.raises(WebhookError):
            check_target(url)
    settings.API_WEBHOOKS_ALLOW_PRIVATE = True
    with pytest.raises(WebhookError):
        check_target("file:///etc/passwd")  # the scheme is checked whatever the setting


def test_a_redirect_is_a_failed_attempt_never_followed(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.script = [302]
    delivery = _emit(endpoint, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.response_status == 302
    assert len(receiver.received) == 1
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=20)
