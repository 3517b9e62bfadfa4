"""Erasure on request (GDPR art. 17): one participant, or one booking contact.

A programme manager erases from the booking's admin page (bookings.backoffice.erasure_views). Both
go through the code paths of retention -- `participants_anonymise` for a participant,
`accounts.personal_data.account_delete` for a contact's account -- and then reach the
other copies of the map: outbox rows that carry the person's address or id, audit
payloads that mention them, and what higher apps hold (core.retention.erase_everywhere:
feedback answers, briefing acknowledgements stay as counts). The audit entry of the
erasure names no erased data: only the ids and what was done.

Kept, by law or contract: invoices and their buyer (accounting), the booking itself and
its lines, payments; the user row of a contact stays as an anonymous, inactive stub.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.personal_data import account_delete
from core import retention
from core.audit import audit_record
from core.models import AuditEntry, OutboxMessage
from core.personal_export import person_export, rows_with_email

from .models import Booking, Participant, Quote, TailoredRequest
from .retention import participants_anonymise


def _mentions(value, needles: list[str], ids: dict[str, int]) -> bool:
    """Does a JSON value carry one of the strings, or one of the id keys with its id?"""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ids and str(item) == str(ids[key]):
                return True
            if _mentions(item, needles, ids):
                return True
        return False
    if isinstance(value, list):
        return any(_mentions(item, needles, ids) for item in value)
    if isinstance(value, str):
        low = value.lower()
        return any(n and n.lower() in low for n in needles)
    return False


def outbox_erase(*, needles: list[str], ids: dict[str, int]) -> int:
    """Delete outbox rows (sent or not) whose arguments carry the person: an e-mail to an
    erased person is not sent, and a sent one keeps no copy."""
    needles = [n for n in needles if n and len(n) >= 3]
    doomed = [
        m.pk
        for m in OutboxMessage.objects.only("pk", "kwargs", "last_error").iterator()
        if _mentions(m.kwargs, needles, ids) or _mentions(m.last_error, needles, {})
    ]
    return OutboxMessage.objects.filter(pk__in=doomed).delete()[0]


def audit_erase(*, needles: list[str], ids: dict[str, int], subjects: list) -> int:
    """Blank the payload of audit entries about the person (who did what stays)."""

    about = Q(pk__in=[])
    for subject in subjects:
        about |= Q(
            content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
            object_id=str(subject.pk),
        )
    needles = [n for n in needles if n and len(n) >= 3]
    doomed = set(AuditEntry.objects.filter(about).exclude(data={}).values_list("pk", flat=True))
    for entry in AuditEntry.objects.exclude(data={}).only("pk", "data").iterator():
        if _mentions(entry.data, needles, ids):
            doomed.add(entry.pk)
    return AuditEntry.objects.filter(pk__in=doomed).update(data={})


def _participant_needles(participant: Participant) -> list[str]:
    return [
        participant.email,
        participant.id_document_number,
        participant.emergency_contact_phone,
        f"{participant.first_name} {participant.last_name}".strip(),
    ]


def participant_erase(*, participant: Participant, actor) -> dict[str, int]:
    """Erase one participant on request; returns counts per model (no personal data).

    Side effects: the participant row anonymised (participants_anonymise, as retention
    does); outbox rows to them deleted; audit payloads about them blanked; each higher
    app's eraser run (their feedback loses its link and free text, ratings stay counted);
    an audit entry `participant_erased` on the booking with the participant's id only."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        needles = _participant_needles(participant)
        ids = {"participant_id": participant.pk, "participant": participant.pk}
        counts = {"bookings.participant": participants_anonymise([participant.pk])}
        counts["core.outboxmessage"] = outbox_erase(needles=needles, ids=ids)
        counts.update(retention.erase_everywhere("participant", [participant.pk]))
        counts["core.auditentry"] = audit_erase(
            needles=needles, ids={"participant_id": participant.pk}, subjects=[participant]
        )
        audit_record(
            subject=participant.booking,
            action="participant_erased",
            actor=actor,
            data={"participant": participant.pk},
        )
    return counts


def contact_erase(*, booking: Booking, actor) -> dict[str, int]:
    """Erase a booking's contact on request: their account is deleted the way a person
    deletes it themselves (accounts.account_delete: an anonymous, inactive stub that the
    booking and its invoices still point to), and the free text they wrote -- booking
    notes, tailored-request messages -- and the network identifiers of the quotes they
    accepted are blanked; outbox rows to them are deleted and audit payloads naming them
    blanked. The audit entry `contact_erased` on the booking holds the user's id only."""

    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("contact").get(pk=booking.pk)
        user = booking.contact
        needles = [user.email, f"{user.first_name} {user.last_name}".strip()]
        ids = {"user_id": user.pk, "contact_id": user.pk}
        bookings = Booking.objects.filter(contact=user)
        counts = {
            "bookings.booking": bookings.exclude(notes="").update(notes=""),
            "bookings.tailoredrequest": TailoredRequest.objects.filter(contact=user)
            .exclude(message="")
            .update(message=""),
            "bookings.quote": Quote.objects.filter(accepted_by=user)
            .exclude(accepted_ip=None, accepted_user_agent="")
            .update(accepted_ip=None, accepted_user_agent=""),
            "core.outboxmessage": outbox_erase(needles=needles, ids=ids),
        }
        counts.update(retention.erase_everywhere("user", [user.pk]))
        counts["core.auditentry"] = audit_erase(needles=needles, ids=ids, subjects=[])
        account_delete(user=user)
        counts["accounts.user"] = 1
        audit_record(subject=booking, action="contact_erased", actor=actor, data={"user": user.pk})
    return counts


def participant_export(*, participant: Participant) -> dict:
    """Everything stored about one participant (art. 15/20), read-only: their record and
    the other records with their address, what hangs on them (feedback, briefing
    acknowledgements), audit entries about them, and every copy in the map's JSON and
    free-text fields that carries their address, name, passport number or id
    (core.personal_export)."""

    seeds = [participant] + [
        r
        for r in rows_with_email(participant.email)
        if r._meta.label_lower != "bookings.participant" or r.pk != participant.pk
    ]
    return {
        "exported_at": timezone.now().isoformat(),
        **person_export(seeds=seeds, needles=_participant_needles(participant), ids={}),
    }
