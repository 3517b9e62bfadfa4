"""Protocol: the delegation's order of precedence.

The order defaults to rank (1 the highest); a manager may set it by hand (drag, or the
Move up / Move down buttons). Setting it writes every participant's place 1..n in one
transaction, the booking row locked first (the project's lock order: the whole before
its parts), so two managers reordering at once never leave two people on one place.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from bookings.models import Booking, Participant
from core.audit import audit_record

from .errors import DelegationError
from .models import ParticipantProtocol
from .selectors import participants_in_precedence


def protocol_of(participant: Participant) -> ParticipantProtocol:
    try:
        return participant.protocol
    except ParticipantProtocol.DoesNotExist:
        return ParticipantProtocol(participant=participant)


def protocol_update(*, participant: Participant, data: dict, actor) -> ParticipantProtocol:
    """Save one participant's title, form of address, position, rank, car and speaking."""
    with transaction.atomic():
        protocol, _created = ParticipantProtocol.objects.select_for_update().get_or_create(
            participant=participant
        )
        for name, value in data.items():
            setattr(protocol, name, value)
        protocol.save()
        audit_record(
            subject=participant.booking,
            action="protocol_updated",
            actor=actor,
            data={"participant": participant.pk},
        )
    return protocol


def precedence_set(*, booking: Booking, order: list[int], actor) -> None:
    """Put the booking's participants in this order (ids, first = highest precedence).
    Refused unless `order` names each of the booking's participants exactly once."""
    with transaction.atomic():
        Booking.objects.select_for_update().filter(pk=booking.pk).first()
        ids = set(Participant.objects.filter(booking=booking).values_list("pk", flat=True))
        if len(order) != len(set(order)) or set(order) != ids:
            raise DelegationError(
                _("The order must name every participant of the delegation once.")
            )
        existing = {
            p.participant_id: p
            for p in ParticipantProtocol.objects.select_for_update().filter(
                participant__booking=booking
            )
        }
        for place, pk in enumerate(order, start=1):
            protocol = existing.get(pk) or ParticipantProtocol(participant_id=pk)
            if protocol.precedence != place or protocol.pk is None:
                protocol.precedence = place
                protocol.save()
        audit_record(subject=booking, action="precedence_set", actor=actor, data={"order": order})


def precedence_move(*, booking: Booking, participant_id: int, step: int, actor) -> None:
    """Move one participant up (step -1) or down (+1) by one place."""
    order = [p.pk for p in participants_in_precedence(booking)]
    if participant_id not in order:
        raise DelegationError(_("This participant is not in this booking."))
    at = order.index(participant_id)
    to = at + step
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    precedence_set(booking=booking, order=order, actor=actor)


def precedence_reset(*, booking: Booking, actor) -> None:
    """Back to the order by rank."""
    with transaction.atomic():
        Booking.objects.select_for_update().filter(pk=booking.pk).first()
        ParticipantProtocol.objects.filter(participant__booking=booking).update(precedence=None)
        audit_record(subject=booking, action="precedence_reset", actor=actor)


def addressed_name(participant: Participant) -> str:
    """'H.E. Dr Anna Berg' -- the form of address, the title, then the name."""
    protocol = protocol_of(participant)
    parts = [
        protocol.form_of_address,
        protocol.honorific,
        participant.first_name,
        participant.last_name,
    ]
    return " ".join(p for p in parts if p)
