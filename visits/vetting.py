"""Vetting lists: a host that vets its visitors sees, from a set day, the participants
of each delegation it receives, with only the fields it asked for, and clears or
refuses each person.

A host declares the fields (`HostAvailability.vetting_fields`, from VETTING_FIELDS) and
how many days before the visit it needs them (`HostAvailability.vetting_days`); the
list of a site visit opens on that day (Europe/Helsinki) and not before. Only requests
the host is receiving (sent, accepted or with another time proposed) have a list. A
participant without a decision is pending; the visit cannot be marked ready while
anyone is pending, nor while anyone is refused unless the manager confirms that the
refused will not enter (visits.services.visit_mark_ready).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bookings.models import Participant
from bookings.participants import participant_field_label
from core.audit import audit_record

from .conflicts import availability_for
from .enums import OPEN_VISIT_STATES, VETTED_STATES, VettingStatus
from .errors import VisitError
from .models import SiteVisit, VettingDecision, Visit
from .selectors import site_visits_for_host_user
from .timeutil import local_date

# What a host may ask for, in this order; contact details, needs and emergency contacts
# are never part of a vetting list.
VETTING_FIELDS = (
    "first_name",
    "last_name",
    "title",
    "organisation",
    "nationality",
    "date_of_birth",
    "id_document_type",
    "id_document_number",
    "id_document_expiry",
)


def vetting_field_choices() -> list[tuple[str, str]]:
    return [(name, participant_field_label(name)) for name in VETTING_FIELDS]


def vetting_fields_of(host) -> list[str]:
    """The fields the host vets by, in VETTING_FIELDS order (unknown names dropped)."""
    # function-level: import cycle visits.vetting ↔ visits.services
    from .services import canonical_host

    asked = set(availability_for(canonical_host(host)).vetting_fields or ())
    return [name for name in VETTING_FIELDS if name in asked]


def vetting_opens_on(site_visit: SiteVisit) -> datetime.date:
    """The first day the host sees the list: the visit day less its vetting days."""
    # function-level: import cycle visits.vetting ↔ visits.services
    from .services import canonical_host

    days = availability_for(canonical_host(site_visit.host)).vetting_days or 0
    return local_date(site_visit.item.starts_at) - datetime.timedelta(days=days)


def vetting_applies(site_visit: SiteVisit) -> bool:
    """The host vets this delegation: it asked for fields and is receiving the visit."""
    return (
        site_visit.status in VETTED_STATES
        and not site_visit.item.removed
        and site_visit.item.visit.status in OPEN_VISIT_STATES
        and bool(vetting_fields_of(site_visit.host))
    )


def vetting_open(site_visit: SiteVisit, *, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return vetting_applies(site_visit) and today >= vetting_opens_on(site_visit)


def _participants(visit: Visit) -> list[Participant]:
    return list(
        Participant.objects.filter(
            booking_id=visit.booking_id, anonymised_at__isnull=True
        ).order_by("pk")
    )


@dataclass
class VettingRow:
    number: int
    participant: Participant
    values: list
    status: str
    decided_at: datetime.datetime | None = None

    @property
    def status_label(self) -> str:
        return str(VettingStatus(self.status).label)


@dataclass
class VettingList:
    site_visit: SiteVisit
    fields: list[str]
    opens_on: datetime.date
    rows: list[VettingRow] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [participant_field_label(name) for name in self.fields]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def pending(self) -> int:
        return self.count(VettingStatus.PENDING)

    @property
    def cleared(self) -> int:
        return self.count(VettingStatus.CLEARED)

    @property
    def refused(self) -> int:
        return self.count(VettingStatus.REFUSED)


def vetting_list(site_visit: SiteVisit) -> VettingList:
    """The list as the host sees it: only the fields it asked for."""
    fields = vetting_fields_of(site_visit.host)
    decisions = {d.participant_id: d for d in VettingDecision.objects.filter(site_visit=site_visit)}
    rows = []
    for number, participant in enumerate(_participants(site_visit.item.visit), start=1):
        decision = decisions.get(participant.pk)
        rows.append(
            VettingRow(
                number=number,
                participant=participant,
                values=[getattr(participant, name) for name in fields],
                status=decision.status if decision else VettingStatus.PENDING,
                decided_at=decision.decided_at if decision else None,
            )
        )
    return VettingList(
        site_visit=site_visit, fields=fields, opens_on=vetting_opens_on(site_visit), rows=rows
    )


def vetting_lists_for_host_user(user) -> list[tuple[SiteVisit, datetime.date, bool]]:
    """Every request to the user's organisations that the host vets: (site visit, the day
    its list opens, whether it is open today), soonest first."""

    today = timezone.localdate()
    result = []
    for site_visit in site_visits_for_host_user(user).filter(status__in=VETTED_STATES):
        if vetting_applies(site_visit):
            opens = vetting_opens_on(site_visit)
            result.append((site_visit, opens, today >= opens))
    return result


def _csv_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def vetting_csv(listing: VettingList) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("No."), *listing.labels, _("Vetting")])
    for row in listing.rows:
        writer.writerow(
            [row.number, *(_csv_safe(v) for v in row.values), _csv_safe(row.status_label)]
        )
    return out.getvalue()


def vetting_decide(
    *, site_visit: SiteVisit, participant: Participant, status: str, actor
) -> VettingDecision:
    """The host clears or refuses one participant. Only a member of the host, only while
    the list is open, only a participant of the visit's booking. Deciding the same again
    changes nothing; changing it is audited (from -> to)."""
    # function-level: import cycle visits.vetting ↔ visits.services
    from .services import host_user_may_answer

    if status not in (VettingStatus.CLEARED, VettingStatus.REFUSED):
        raise VisitError(_("Please choose cleared or refused."))
    with transaction.atomic():
        site_visit = (
            SiteVisit.objects.select_for_update()
            .select_related("host", "item__visit")
            .get(pk=site_visit.pk)
        )
        if not host_user_may_answer(actor, site_visit.host):
            raise VisitError(_("Only the host organisation can vet its visitors."))
        if not vetting_open(site_visit):
            raise VisitError(_("This vetting list is not open."))
        if participant.booking_id != site_visit.item.visit.booking_id or participant.anonymised_at:
            raise VisitError(_("This person is not on the list."))
        decision = VettingDecision.objects.filter(
            site_visit=site_visit, participant=participant
        ).first()
        before = decision.status if decision else VettingStatus.PENDING
        if decision and decision.status == status:
            return decision
        if decision is None:
            decision = VettingDecision(site_visit=site_visit, participant=participant)
        decision.status = status
        decision.decided_by = actor
        decision.decided_at = timezone.now()
        decision.save()
        audit_record(
            subject=site_visit,
            action="vetting",
            actor=actor,
            from_state=before,
            to_state=status,
            data={"participant_id": participant.pk},
        )
    return decision


# --------------------------------------------------------------------------- the manager


def vetting_state(visit: Visit) -> list[VettingList]:
    """Every list of the visit's site visits that a host vets, for the manager."""
    site_visits = SiteVisit.objects.filter(item__visit=visit).select_related("host", "item__visit")
    return [vetting_list(sv) for sv in site_visits if vetting_applies(sv)]


def vetting_blockers(visit: Visit, *, accept_refusals: bool = False) -> list[str]:
    """Why the visit cannot be ready yet for vetting's sake ([] when it can)."""

    problems = []
    for listing in vetting_state(visit):
        host = listing.site_visit.host.name
        if listing.pending:
            problems.append(
                ngettext(
                    "Vetting is not finished: %(host)s has not decided on %(count)s "
                    "participant yet (its list opens on %(opens)s).",
                    "Vetting is not finished: %(host)s has not decided on %(count)s "
                    "participants yet (its list opens on %(opens)s).",
                    listing.pending,
                )
                % {
                    "host": host,
                    "count": listing.pending,
                    "opens": date_format(listing.opens_on),
                }
            )
        if listing.refused and not accept_refusals:
            problems.append(
                ngettext(
                    "%(host)s refused %(count)s participant: confirm that they will not "
                    "enter before marking the visit ready.",
                    "%(host)s refused %(count)s participants: confirm that they will not "
                    "enter before marking the visit ready.",
                    listing.refused,
                )
                % {"host": host, "count": listing.refused}
            )
    return problems
