"""Catering and accessibility summaries: per meal of the itinerary, how many of the
delegation have each dietary need and each accessibility need.

Counts only. A participant's name appears beside a need only when they agreed
(NeedsSharingConsent.share_name, given on their briefing link); nobody else is named,
and a need is never shown with the details of who has it otherwise. Needs are the
participants' own words, split at commas, semicolons and line breaks and compared
without case, so "Vegetarian" and "vegetarian " are one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction

from bookings.models import Participant
from core.audit import audit_record

from .enums import ItemKind
from .models import NeedsSharingConsent, Visit

_SPLIT = re.compile(r"[,;\n]+")


def _needs(text: str) -> list[tuple[str, str]]:
    """(key, label) of each need in a participant's text, each once."""
    seen = {}
    for part in _SPLIT.split(text or ""):
        label = " ".join(part.split())
        if label:
            seen.setdefault(label.casefold(), label[:1].upper() + label[1:])
    return list(seen.items())


@dataclass
class NeedCount:
    need: str
    count: int
    names: list[str] = field(default_factory=list)  # only those who agreed to be named


@dataclass
class MealSummary:
    item: object
    total: int
    dietary: list[NeedCount]
    no_dietary: int
    accessibility: list[NeedCount]


def _count(participants: list[Participant], attribute: str, named: set[int]) -> list[NeedCount]:
    counts: dict[str, NeedCount] = {}
    for participant in participants:
        for key, label in _needs(getattr(participant, attribute)):
            entry = counts.setdefault(key, NeedCount(label, 0))
            entry.count += 1
            if participant.pk in named:
                entry.names.append(str(participant))
    return sorted(counts.values(), key=lambda c: (-c.count, c.need.casefold()))


def catering_summary(visit: Visit) -> list[MealSummary]:
    """One summary per meal item of the visit (three queries). Every participant of the
    booking eats at every meal: the itinerary does not record who skips one."""
    participants = list(
        Participant.objects.filter(booking_id=visit.booking_id, anonymised_at__isnull=True)
    )
    named = set(
        NeedsSharingConsent.objects.filter(
            participant__in=participants, share_name=True
        ).values_list("participant_id", flat=True)
    )
    dietary = _count(participants, "dietary_needs", named)
    accessibility = _count(participants, "accessibility_needs", named)
    no_dietary = sum(1 for p in participants if not _needs(p.dietary_needs))
    total = max(visit.booking.participants_count, len(participants))
    items = visit.items.filter(kind=ItemKind.MEAL, removed=False).order_by("starts_at")
    return [
        MealSummary(
            item=item,
            total=total,
            dietary=dietary,
            no_dietary=no_dietary + (total - len(participants)),
            accessibility=accessibility,
        )
        for item in items
    ]


def needs_sharing_set(*, participant: Participant, share_name: bool) -> NeedsSharingConsent:
    """The participant gives or withdraws consent to be named with their needs.
    Idempotent; a change is audited (ids only)."""
    with transaction.atomic():
        consent, created = NeedsSharingConsent.objects.select_for_update().get_or_create(
            participant=participant, defaults={"share_name": share_name}
        )
        if not created and consent.share_name == share_name:
            return consent
        consent.share_name = share_name
        consent.save(update_fields=["share_name", "updated_at"])
        audit_record(
            subject=participant,
            action="needs_sharing",
            data={"participant_id": participant.pk, "share_name": share_name},
        )
    return consent
