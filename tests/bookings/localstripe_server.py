"""localstripe for the tests: a stateful fake Stripe server, for real, on loopback.

One server per test process (per xdist worker), started on a free 127.0.0.1 port in a
subprocess through bookings.management.commands.run_localstripe.serve (bound to loopback,
its state file in a temporary folder, never localstripe's CLI). Each test starts from an
empty store (DELETE /_config/data). Nothing in the stripe module is mocked: the SDK
talks HTTP to localstripe, and localstripe posts signed webhooks to the live server.

Use the fixtures by importing them into a test module:

    from .localstripe_server import localstripe, stripe_settings, stripe_webhooks  # noqa: F401
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
import json
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
import stripe

ROOT = Path(__file__).resolve().parents[2]
LAUNCH = (
    "import sys\n"
    "from bookings.management.commands.run_localstripe import serve\n"
    "serve(port=int(sys.argv[1]), data_dir=sys.argv[2])\n"
)
WEBHOOK_ID = "paamaja-tests"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalStripe:
    def __init__(self, port: int, process: subprocess.Popen, data_dir: str):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = process
        self.data_dir = data_dir

    def reset(self) -> None:
        requests.delete(f"{self.url}/_config/data", timeout=5).raise_for_status()

    def register_webhook(self, url: str, secret: str, events: list[str] | None = None) -> None:
        data: dict = {"url": url, "secret": secret}
        if events is not None:
            data["events[]"] = events
        requests.post(
            f"{self.url}/_config/webhooks/{WEBHOOK_ID}", data=data, timeout=5
        ).raise_for_status()

    def disable_webhooks(self) -> None:
        # localstripe cannot unregister a webhook: filter it down to an event that never
        # happens. The filter is read when an event is sent, so an event scheduled by a
        # finished test (localstripe waits a second before sending) is dropped too.
        self.register_webhook("http://127.0.0.1:9/", "whsec_disabled", events=["never.sent"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def start_localstripe(data_dir: str) -> LocalStripe:
    log = open(Path(data_dir) / "localstripe.log", "ab")  # noqa: SIM115 - lives with the process
    for _attempt in range(5):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, str(port), data_dir],
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"http://127.0.0.1:{port}/js.stripe.com/v3/", timeout=1).ok:
                    return LocalStripe(port, process, data_dir)
            time.sleep(0.1)
        process.kill()  # the port was taken meanwhile, or it did not start: try again
    raise RuntimeError(f"localstripe did not start; see {data_dir}/localstripe.log")


_server: LocalStripe | None = None


def localstripe_server() -> LocalStripe:
    """The process's localstripe, started on first use and stopped at exit."""
    global _server
    if _server is None or _server.process.poll() is not None:
        _server = start_localstripe(tempfile.mkdtemp(prefix="paamaja-localstripe-"))
        atexit.register(_server.stop)
    return _server


@pytest.fixture
def localstripe() -> LocalStripe:
    return localstripe_server()


@pytest.fixture
def stripe_settings(settings, localstripe) -> LocalStripe:
    """Point the site at an empty localstripe, with webhooks off until asked for."""
    localstripe.reset()
    localstripe.disable_webhooks()
    settings.STRIPE_SECRET_KEY = "sk_test_paamaja"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_paamaja"
    settings.STRIPE_API_BASE = localstripe.url
    settings.STRIPE_JS_URL = f"{localstripe.url}/js.stripe.com/v3/"
    settings.STRIPE_WEBHOOK_SECRET = f"whsec_{secrets.token_hex(16)}"
    settings.STRIPE_TIMEOUT_SECONDS = (2, 5)
    settings.ROOT_URLCONF = "tests.bookings.urls_with_webhook"
    return localstripe


@pytest.fixture
def stripe_webhooks(stripe_settings, live_server, settings) -> str:
    """localstripe posts its signed events to the live server's webhook. Returns its URL."""
    url = live_server.url.replace("localhost", "127.0.0.1") + "/stripe/webhook/"
    stripe_settings.register_webhook(url, settings.STRIPE_WEBHOOK_SECRET)
    yield url
    stripe_settings.disable_webhooks()


# --------------------------------------------------------------------------- helpers


def api() -> stripe.StripeClient:
    from bookings.cards.stripe_client import stripe_client

    return stripe_client()


def pay_at_stripe(intent_id: str, number: str = "4242424242424242") -> str:
    """Do what the card holder does: attach a test card to the intent and confirm it.

    Returns the intent's status, or "declined" when the issuer refuses the card.
    """
    client = api()
    method = client.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        }
    )
    client.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
    try:
        return client.v1.payment_intents.confirm(intent_id).status
    except stripe.CardError:
        return "declined"


def intents_for_payment(payment_id: int) -> list:
    listing = api().v1.payment_intents.list(params={"limit": 100})
    return [i for i in listing.data if i.metadata.to_dict().get("payment_id") == str(payment_id)]


def refunds_for_intent(intent_id: str) -> list:
    return list(api().v1.refunds.list(params={"payment_intent": intent_id}).data)


def signed(payload: dict | str, secret: str, *, timestamp: int | None = None) -> tuple[str, str]:
    """(body, Stripe-Signature header) signed the way Stripe signs (the SDK's own scheme)."""
    body = payload if isinstance(payload, str) else json.dumps(payload)
    header = stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp)
    return body, header


def event_payload(
    event_type: str, obj: dict, *, event_id: str | None = None, created: int | None = None
) -> dict:
    """An event in Stripe's current shape (API version 2025+), for what localstripe lacks."""
    return {
        "id": event_id or f"evt_test_{secrets.token_hex(8)}",
        "object": "event",
        "api_version": "2025-09-30.clover",
        "created": created or int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
        "data": {"object": obj},
    }


def intent_object(intent_id: str, *, status: str, amount: int, error: str = "") -> dict:
    """A PaymentIntent in Stripe's current shape (string latest_charge, amount_received)."""
    return {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if status == "succeeded" else 0,
        "currency": "eur",
        "status": status,
        "latest_charge": f"ch_test_{secrets.token_hex(6)}",
        "payment_method_types": ["card"],
        "last_payment_error": (
            {"code": "card_declined", "message": error, "type": "card_error"} if error else None
        ),
        "metadata": {},
    }


def wait_for(predicate: Callable[[], object], *, timeout: float = 15, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
        time.sleep(0.1)


def card_booking(*, seats: int = 20, participants: int = 3, departure=None):
    """A booking checked out for card payment: (booking, deposit, contact)."""
    from bookings.enums import PaymentKind
    from bookings.services import booking_checkout, booking_start

    from .factories import make_delegation, make_departure

    departure = departure or make_departure(seats=seats)
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=participants,
    )
    booking = booking_checkout(booking=booking, payment_method="card", actor=contact)
    deposit = booking.payments.get(kind__in=[PaymentKind.DEPOSIT, PaymentKind.FULL])
    return booking, deposit, contact


def lapse_hold(booking) -> None:
    """Let the booking's hold run out (as if 20 minutes had passed)."""
    from bookings.models import Booking

    Booking.objects.filter(pk=booking.pk).update(
        hold_expires_at=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=1)
    )


def expire_while_stripe_is_down(booking, settings) -> None:
    """The hold lapses while Stripe cannot be reached: the release of the booking's
    intents (12.5) stays in the outbox for a later try, and until it runs the old client
    secret can still be paid. That window is where a late payment comes from."""
    from bookings.lifecycle import RELEASE_INTENTS_TASK
    from bookings.models import Booking
    from bookings.services import booking_expire
    from core.models import OutboxMessage

    api_base = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"  # nothing listens
    try:
        lapse_hold(booking)
        booking_expire(booking=booking)
    finally:
        settings.STRIPE_API_BASE = api_base
    assert Booking.objects.get(pk=booking.pk).status == "expired"
    release = OutboxMessage.objects.get(task=RELEASE_INTENTS_TASK, kwargs__booking_id=booking.pk)
    assert release.status == OutboxMessage.Status.PENDING
