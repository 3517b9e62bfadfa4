"""bookings' part of retention and erasure (registered with core.retention).

`participants_anonymise` is the one way a participant's personal data is erased: the
retention run, an erasure on request and learning_reports all call it.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import retention
from core.audit import audit_record
from core.models import AuditEntry

from .enums import BookingStatus
from .models import Booking, Participant, Quote, StripeEvent, TailoredRequest, WaitingListEntry

UNFINISHED = (BookingStatus.DRAFT, BookingStatus.EXPIRED, BookingStatus.CANCELLED)
PARTICIPANT_BLANK = (
    "first_name",
    "last_name",
    "title",
    "organisation",
    "email",
    "id_document_type",
    "id_document_number",
    "dietary_needs",
    "accessibility_needs",
    "emergency_contact_name",
    "emergency_contact_phone",
)
TRAVEL_DOCUMENT = {"id_document_type": "", "id_document_number": "", "id_document_expiry": None}


def participants_anonymise(participant_ids) -> int:
    """Blank names, contacts, documents, birth dates and needs; keep the nationality
    (a country count). Idempotent; returns how many were anonymised now."""
    ids = list(
        Participant.objects.filter(pk__in=list(participant_ids), anonymised_at__isnull=True)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    if ids:
        Participant.objects.filter(pk__in=ids).update(
            **dict.fromkeys(PARTICIPANT_BLANK, ""),
            id_document_expiry=None,
            date_of_birth=None,
            consent_named_in_reports=False,
            anonymised_at=timezone.now(),
        )
    return len(ids)


def due_bookings(as_of: datetime.date):
    """Bookings whose personal data is past its period on `as_of`."""
    short = retention.start_of(as_of - datetime.timedelta(days=retention.unfinished_booking_days()))
    long_cutoff = retention.months_ago(as_of, retention.retention_months())
    unfinished = Booking.objects.filter(status__in=UNFINISHED, updated_at__lt=short)
    ended = Booking.objects.exclude(status__in=UNFINISHED).filter(end_date__lt=long_cutoff)
    return unfinished | ended


def bookings_erase(booking_ids) -> dict[str, int]:
    booking_ids = list(booking_ids)
    counts = {
        "bookings.participant": participants_anonymise(
            Participant.objects.filter(booking_id__in=booking_ids).values_list("pk", flat=True)
        ),
        "bookings.booking": Booking.objects.filter(pk__in=booking_ids)
        .exclude(notes="")
        .update(notes=""),
        "bookings.tailoredrequest": TailoredRequest.objects.filter(booking_id__in=booking_ids)
        .exclude(message="")
        .update(message=""),
        "bookings.quote": Quote.objects.filter(booking_id__in=booking_ids)
        .exclude(accepted_ip=None, accepted_user_agent="")
        .update(accepted_ip=None, accepted_user_agent=""),
    }
    # Audit payloads about the booking and its rows (a quote's IP address and user agent,
    # a cancellation's reason) go with them, not 12 months after they were written.

    about = Q(pk__in=[])
    for model, pks in (
        (Booking, booking_ids),
        (Participant, Participant.objects.filter(booking_id__in=booking_ids)),
        (Quote, Quote.objects.filter(booking_id__in=booking_ids)),
        (TailoredRequest, TailoredRequest.objects.filter(booking_id__in=booking_ids)),
    ):
        ids = [
            str(pk) for pk in (pks if isinstance(pks, list) else pks.values_list("pk", flat=True))
        ]
        about |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    counts["core.auditentry"] = AuditEntry.objects.filter(about).exclude(data={}).update(data={})
    for pk in booking_ids:
        audit_record(subject=Booking(pk=pk), action="personal_data_erased", actor_label="system")
    return counts


def retention_part(as_of: datetime.date) -> dict[str, int]:
    with transaction.atomic():
        due = list(
            due_bookings(as_of)
            .filter(participants__anonymised_at__isnull=True)
            .values_list("pk", flat=True)
            .distinct()
        )
        due += list(
            due_bookings(as_of).exclude(pk__in=due).exclude(notes="").values_list("pk", flat=True)
        )
        counts = bookings_erase(due)
        # Travel documents: the day after the programme's last day.
        counts["bookings.participant (travel document)"] = (
            Participant.objects.filter(booking__end_date__lt=as_of)
            .exclude(**TRAVEL_DOCUMENT)
            .update(**TRAVEL_DOCUMENT)
        )
        # Tailored requests that never became a booking.
        old_request = retention.start_of(retention.months_ago(as_of, retention.retention_months()))
        counts["bookings.tailoredrequest"] += (
            TailoredRequest.objects.filter(booking__isnull=True, created_at__lt=old_request)
            .exclude(message="")
            .update(message="")
        )
        counts["bookings.waitinglistentry"] = WaitingListEntry.objects.filter(
            created_at__lt=old_request
        ).delete()[0]
        counts["bookings.stripeevent"] = stripe_events_reduce(
            never_applied_before=retention.start_of(
                as_of - datetime.timedelta(days=retention.unfinished_booking_days())
            )
        )
    return counts


KEEP_STRIPE = ("id", "object", "amount", "amount_received", "amount_refunded", "currency")
KEEP_STRIPE += ("status", "payment_intent", "charge", "metadata")


def _reduce(payload):
    if not isinstance(payload, dict):
        return {}
    out = {k: payload[k] for k in ("id", "type", "created") if k in payload}
    obj = (payload.get("data") or {}).get("object") or {}
    if isinstance(obj, dict):
        reduced = {k: obj[k] for k in KEEP_STRIPE if k in obj}
        if isinstance(reduced.get("metadata"), dict):
            reduced["metadata"] = {
                k: v for k, v in reduced["metadata"].items() if k.endswith("id") or k == "booking"
            }
        out["data"] = {"object": reduced}
    return out


def stripe_events_reduce(*, never_applied_before: datetime.datetime | None = None) -> int:
    """Reduce Stripe event payloads to ids and amounts: once applied, and also when an
    event was never applied (an unknown intent, a booking already gone) but arrived
    before `never_applied_before` -- the short period of unfinished bookings -- so its
    billing name and e-mail do not stay for ever."""
    done = Q(processed_at__isnull=False)
    if never_applied_before is not None:
        done |= Q(received_at__lt=never_applied_before)
    count = 0
    for event in StripeEvent.objects.filter(done).iterator():
        reduced = _reduce(event.payload)
        if reduced != event.payload:
            StripeEvent.objects.filter(pk=event.pk).update(payload=reduced)
            count += 1
    return count


retention.register("bookings", retention_part)
