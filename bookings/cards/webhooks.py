"""The Stripe webhook: verify, store once, enqueue, answer.

The view does no payment work. It checks Stripe's signature (and its timestamp, against
replays), stores the event by its id (a second delivery of the same event is answered
200 and does nothing) and, in the same transaction, puts the processing in the outbox.
bookings.cards.tasks.process_stripe_event then re-fetches the PaymentIntent from
Stripe and applies it (bookings.cards.payments).

Mounted outside the language prefix: config/urls.py
    path("stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook")
"""

from __future__ import annotations

import json
import logging
import re
import time

import stripe
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.outbox import outbox_enqueue

from ..models import StripeEvent
from .payments import PROCESS_EVENT_TASK

logger = logging.getLogger(__name__)

# Stripe's own default: a signature older than five minutes is a replay.
TOLERANCE_SECONDS = stripe.Webhook.DEFAULT_TOLERANCE
MAX_BODY_BYTES = 512 * 1024
# Stripe's events nest a few levels; 100,000 "[" would exhaust json's recursion.
MAX_DEPTH = 32
MAX_SIGNATURE_HEADER = 2000
_SIGNATURE_HEADER = re.compile(r"[\x21-\x7e]*\Z", re.ASCII)


def _too_deep(payload: str) -> bool:
    """True when arrays/objects nest deeper than MAX_DEPTH (strings are skipped)."""
    depth = 0
    in_string = escaped = False
    for char in payload:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _bad_request(reason: str) -> HttpResponse:
    logger.warning("stripe webhook refused: %s", reason)
    return JsonResponse({"error": reason}, status=400)


def _parse(payload: str) -> tuple[str, str, str] | None:
    """(event id, type, object id) of a well-formed event, else None."""
    if _too_deep(payload):
        return None
    try:
        event = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(event, dict):
        return None
    event_id, event_type = event.get("id"), event.get("type")
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not (isinstance(event_id, str) and 0 < len(event_id) <= 100):
        return None
    if not (isinstance(event_type, str) and 0 < len(event_type) <= 100):
        return None
    if not isinstance(obj, dict):
        return None
    object_id = obj.get("id")
    object_id = object_id if isinstance(object_id, str) and len(object_id) <= 100 else ""
    return event_id, event_type, object_id


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return _bad_request("no STRIPE_WEBHOOK_SECRET configured")
    if len(request.body) > MAX_BODY_BYTES:
        return _bad_request("payload too large")
    try:
        payload = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return _bad_request("payload is not UTF-8")
    signature = request.headers.get("Stripe-Signature", "")
    if len(signature) > MAX_SIGNATURE_HEADER or not _SIGNATURE_HEADER.match(signature):
        # The SDK's compare_digest raises TypeError on non-ASCII text.
        return _bad_request("malformed Stripe-Signature header")
    # The SDK refuses a timestamp older than the tolerance but not one in the future: a
    # signature made for next month would be replayable until then.
    stamps = re.findall(r"(?:^|,)t=([0-9]{1,12})(?=,|$)", signature)
    if stamps and any(int(t) > time.time() + TOLERANCE_SECONDS for t in stamps):
        return _bad_request("signature timestamp in the future")
    # The shape is checked first only because stripe.Webhook.construct_event (SDK 16.1)
    # crashes with AttributeError on a correctly signed body that is not a JSON object;
    # nothing is trusted or stored before the signature is verified.
    parsed = _parse(payload)
    if parsed is None:
        return _bad_request("payload is not a Stripe event")
    try:
        # The v1 HMAC of "<t>.<body>" with our secret, and t no older than five minutes.
        stripe.Webhook.construct_event(
            payload,
            signature,
            secret,
            tolerance=TOLERANCE_SECONDS,
        )
    except stripe.SignatureVerificationError as exc:
        return _bad_request(f"signature: {exc.user_message or exc}"[:200])
    except ValueError:
        return _bad_request("payload is not a Stripe event")
    event_id, event_type, object_id = parsed

    with transaction.atomic():
        event, created = StripeEvent.objects.get_or_create(
            event_id=event_id,
            defaults={"type": event_type, "object_id": object_id, "payload": json.loads(payload)},
        )
        if created:
            outbox_enqueue(task=PROCESS_EVENT_TASK, stripe_event_id=event.pk)
    return JsonResponse({"received": True, "duplicate": not created})
