"""Signed webhooks, delivered through the outbox with retries and exponential backoff.

Every delivery is POSTed as JSON with

    Paamaja-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
    Paamaja-Event-Id: <uuid, the same on every attempt: deduplicate by it>

like Stripe's scheme: a receiver recomputes the HMAC over the timestamp and the raw body
and rejects a timestamp older than its tolerance (five minutes), so a captured request
cannot be replayed later. A failed attempt (no 2xx in time) is tried again after
BACKOFF * 2**(attempt-1) seconds, MAX_ATTEMPTS in all; an endpoint whose deliveries
fail DISABLE_AFTER times in a row is disabled and its organisation is told by e-mail.
Target addresses must be public http(s) (the busy-calendar SSRF guard, visits.busy).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.outbox import outbox_enqueue
from visits.busy import UnsafeCalendarURL, check_public_url
from visits.models import HostMembership

from .enums import DeliveryStatus, Event, OwnerKind
from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

DELIVER_TASK = "api.tasks.deliver_webhook"
SIGNATURE_HEADER = "Paamaja-Signature"
TOLERANCE_SECONDS = 300
MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 30
DISABLE_AFTER = 5
TIMEOUT_SECONDS = 5


class WebhookError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def _http_or_https(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def check_target(url: str) -> None:
    """Raise WebhookError unless the address is a public http(s) one (the busy-calendar
    guard: every address the name resolves to must be global). Tests with a receiver on
    127.0.0.1 allow private addresses with API_WEBHOOKS_ALLOW_PRIVATE; the scheme is
    checked either way."""
    if not _http_or_https(url):
        raise WebhookError(_("The address must start with https:// or http://."))
    if getattr(settings, "API_WEBHOOKS_ALLOW_PRIVATE", False):
        return
    try:
        check_public_url(url)
    except UnsafeCalendarURL:
        raise WebhookError(_("The address must be a public internet address.")) from None


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, *, now: int | None = None) -> bool:
    """What a receiver does (documented in the README; the tests' receiver uses it)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or int(time.time())) - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def endpoint_create(*, actor, owner_kind, url, events, organisation=None, host=None):
    check_target(url)
    events = sorted(set(events))
    if not events or not set(events) <= set(Event.values):
        raise WebhookError(_("Choose at least one event."))
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            owner_kind=owner_kind,
            organisation=organisation if owner_kind == OwnerKind.DELEGATION else None,
            host=host if owner_kind == OwnerKind.HOST else None,
            url=url,
            events=events,
            secret="whsec_" + secrets.token_hex(24),
            created_by=actor,
        )
        audit_record(subject=endpoint, action="webhook_create", actor=actor)
    return endpoint


def endpoint_enable(*, endpoint: WebhookEndpoint, actor) -> WebhookEndpoint:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        active=True, disabled_at=None, consecutive_failures=0
    )
    audit_record(subject=endpoint, action="webhook_enable", actor=actor)
    endpoint.refresh_from_db()
    return endpoint


# --------------------------------------------------------------------------- events


def event_emit(*, event: str, data: dict, organisation_id=None, host_key=None) -> int:
    """One delivery per active endpoint subscribed to `event` of the organisation the
    event is about (and of the region), in the caller's transaction; sent after commit
    through the outbox. Returns how many deliveries were made."""

    owners = Q(owner_kind=OwnerKind.REGION)
    if organisation_id:
        owners |= Q(owner_kind=OwnerKind.DELEGATION, organisation_id=organisation_id)
    if host_key:
        owners |= Q(owner_kind=OwnerKind.HOST, host__translation_key=host_key)
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(owners, active=True) if event in e.events
    ]
    event_id = None
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload={})
        # One event id for every endpoint of this event (and every attempt).
        event_id = event_id or delivery.event_id
        delivery.event_id = event_id
        delivery.payload = {
            "id": str(event_id),
            "type": event,
            "created": timezone.now().isoformat(),
            "data": data,
        }
        delivery.save(update_fields=["event_id", "payload"])
        outbox_enqueue(task=DELIVER_TASK, delivery_id=delivery.pk)
    return len(endpoints)


# --------------------------------------------------------------------------- delivery


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is the receiver's answer (a 3xx, so a failed attempt), never followed:
    following it would let a public address send our signed POST to a private one."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post(url: str, body: bytes, headers: dict) -> int:
    # Only http(s) reaches the opener (no file:, ftp: or custom schemes), whatever was
    # stored: check_target ran when the endpoint was saved and runs again before each send.
    if not _http_or_https(url):
        raise WebhookError(_("The address must start with https:// or http://."))
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked above
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def delivery_attempt(*, delivery_id: int, now: datetime.datetime | None = None) -> str:
    """Send one delivery once (no row locks held while sending). Returns its status."""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if delivery.status != DeliveryStatus.PENDING or not endpoint.active:
        return delivery.status
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Paamaja-Webhooks/1",
        "Paamaja-Event": delivery.event,
        "Paamaja-Event-Id": str(delivery.event_id),
        SIGNATURE_HEADER: sign(endpoint.secret, body, int(time.time())),
    }
    code, error = None, ""
    try:
        check_target(endpoint.url)
        code = _post(endpoint.url, body, headers)
    except WebhookError:
        error = "address not public"
    except (TimeoutError, OSError) as exc:
        error = type(exc).__name__
    now = now or timezone.now()
    attempts = delivery.attempts + 1
    if code is not None and 200 <= code < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DELIVERED,
            attempts=attempts,
            response_status=code,
            last_error="",
            delivered_at=now,
            next_attempt_at=None,
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return DeliveryStatus.DELIVERED
    error = error or f"HTTP {code}"
    if attempts >= MAX_ATTEMPTS:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            attempts=attempts,
            response_status=code,
            last_error=error,
            next_attempt_at=None,
        )
        _count_failure(endpoint)
        return DeliveryStatus.FAILED
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts,
        response_status=code,
        last_error=error,
        next_attempt_at=now + datetime.timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempts - 1)),
    )
    return DeliveryStatus.PENDING


def _count_failure(endpoint: WebhookEndpoint) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    disabled = WebhookEndpoint.objects.filter(
        pk=endpoint.pk, active=True, consecutive_failures__gte=DISABLE_AFTER
    ).update(active=False, disabled_at=timezone.now())
    if disabled:
        endpoint.refresh_from_db()
        _tell_disabled(endpoint)


def endpoint_recipients(endpoint: WebhookEndpoint) -> list[str]:
    if endpoint.owner_kind == OwnerKind.DELEGATION and endpoint.organisation_id:
        org = endpoint.organisation
        emails = list(org.members.values_list("email", flat=True))
        return sorted({*emails, *([org.billing_email] if org.billing_email else [])})
    if endpoint.owner_kind == OwnerKind.HOST and endpoint.host_id:
        return sorted(
            set(
                HostMembership.objects.filter(
                    host__translation_key=endpoint.host.translation_key
                ).values_list("user__email", flat=True)
            )
        )
    return [endpoint.created_by.email] if endpoint.created_by_id else []


def _tell_disabled(endpoint: WebhookEndpoint) -> None:
    recipients = endpoint_recipients(endpoint)
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(
            "Päämaja: a webhook endpoint was disabled",
            (
                f"Deliveries to {endpoint.url} failed {DISABLE_AFTER} times in a row, so we "
                "stopped sending to it. Fix the receiver, then enable the endpoint again and "
                "send the failed deliveries again from the delivery log (API access page)."
            ),
            None,
            recipients,
        )
    )


def deliveries_due(*, now: datetime.datetime | None = None) -> int:
    """Enqueue the retries whose backoff has passed (Celery beat, every minute)."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now,
            endpoint__active=True,
        ).values_list("pk", flat=True)[:500]
    )
    with transaction.atomic():
        for pk in due:
            WebhookDelivery.objects.filter(pk=pk).update(next_attempt_at=None)
            outbox_enqueue(task=DELIVER_TASK, delivery_id=pk)
    return len(due)


def delivery_resend(*, delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """ "Send again" from the log: the same event id, a fresh series of attempts."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None
        )
        audit_record(subject=delivery, action="webhook_resend", actor=actor)
        outbox_enqueue(task=DELIVER_TASK, delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery
