"""Handing out the safety-briefing link (issue 19.3).

The automatic reminder sends each participant their private briefing link three days
before the visit (visits.reminders). A programme manager can also send it, or send it
again, from the visit's admin page: to one participant, or to every participant who has
not yet acknowledged the briefing. Each participant gets their own message, in their
language, through the outbox; each sending is in the audit log of the participant.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bookings.models import Participant
from core.audit import audit_record
from core.models import AuditEntry
from core.outbox import outbox_enqueue

from .enums import OPEN_VISIT_STATES
from .errors import VisitError
from .models import BriefingAcknowledgement, Visit

EMAIL_TASK = "visits.tasks.send_visit_email"
TEMPLATE = "briefing_link"
AUDIT_ACTION = "briefing_link_sent"


def not_acknowledged(visit: Visit):
    """The participants of the visit who have not acknowledged the briefing yet."""
    acknowledged = BriefingAcknowledgement.objects.filter(visit=visit).values("participant_id")
    return (
        Participant.objects.filter(booking_id=visit.booking_id, anonymised_at__isnull=True)
        .exclude(pk__in=acknowledged)
        .order_by("pk")
    )


def briefing_link_send(*, visit: Visit, actor, participant: Participant | None = None) -> int:
    """Queue the briefing link for one participant (sent again if it was sent before,
    even after they acknowledged), or, without `participant`, for every participant
    with an e-mail address who has not acknowledged it. Returns how many messages
    were queued; refuses (VisitError) when there is nobody to send to."""
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.status not in OPEN_VISIT_STATES:
            raise VisitError(_("The briefing link is sent only before and during the visit."))
        if participant is not None:
            if participant.booking_id != visit.booking_id:
                raise VisitError(_("This participant is not in the delegation."))
            if not participant.email or participant.anonymised_at is not None:
                raise VisitError(_("This participant has no e-mail address."))
            recipients = [participant]
        else:
            recipients = list(not_acknowledged(visit).exclude(email=""))
            if not recipients:
                raise VisitError(
                    _(
                        "Nobody to send to: every participant with an e-mail address has acknowledged the briefing."
                    )
                )
        for recipient in recipients:
            audit_record(
                subject=recipient, action=AUDIT_ACTION, actor=actor, data={"visit": visit.pk}
            )
            outbox_enqueue(task=EMAIL_TASK, template=TEMPLATE, participant_id=recipient.pk)
    return len(recipients)


def briefing_link_last_sent(visit: Visit) -> dict[int, object]:
    """When the manager last sent each participant the link: {participant id: datetime}."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant),
        action=AUDIT_ACTION,
        object_id__in=[
            str(pk)
            for pk in Participant.objects.filter(booking_id=visit.booking_id).values_list(
                "pk", flat=True
            )
        ],
    ).values_list("object_id", "created_at")
    last: dict[int, object] = {}
    for object_id, created_at in entries:
        pk = int(object_id)
        if pk not in last or created_at > last[pk]:
            last[pk] = created_at
    return last
