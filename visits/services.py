"""State changes of a visit: one function per change.

Each runs inside a transaction, re-reads what it changes with `select_for_update`,
returns quietly when the change is already done, raises a VisitError when it is not
allowed, writes an audit entry, and sends e-mails and signals after commit (e-mails
through the outbox, so a broker outage delays them instead of losing them).

A host's slots per day are a hard limit: `site_visit_send` and every change that
takes a slot lock the host's HostAvailability row first and count the slots under the
lock, so two programme managers scheduling the same host at once queue on that row
and only as many as the host receives succeed.
"""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from accounts.roles import HOSTS, PROGRAMME_MANAGERS, user_has_role
from bookings.models import Booking, Participant
from bookings.services import COMPLETE_TASK as BOOKING_COMPLETE_TASK
from core.audit import audit_record
from core.outbox import outbox_enqueue
from programmes.models import HostOrganisation
from programmes.selectors import itinerary_days

from . import signals
from .conflicts import (
    Conflict,
    availability_problems,
    host_slot_problems,
    item_conflicts,
    resource_problems,
)
from .enums import (
    OPEN_VISIT_STATES,
    SLOT_HOLDING_STATES,
    AssessmentStatus,
    FeedKind,
    ItemKind,
    SiteVisitStatus,
    VisitStatus,
)
from .errors import ConflictError, InvalidTransition, SlotTaken, VisitError
from .hours import weekly_hours_validate
from .models import (
    BriefingAcknowledgement,
    CalendarFeed,
    HostAvailability,
    HostClosedDate,
    HostMembership,
    Incident,
    ItineraryItem,
    Resource,
    ResourceAssignment,
    Risk,
    RiskAssessment,
    RiskTemplate,
    SiteVisit,
    Visit,
)
from .timeutil import at
from .vetting import vetting_blockers

EMAIL_TASK = "visits.tasks.send_visit_email"


def _locking() -> bool:
    # Test-only switch: the concurrency test turns locking off once to show that the race
    # it guards against is real.
    return getattr(settings, "VISITS_LOCKING_ENABLED", True)


def _lock_order_pause() -> None:
    # Test-only pause after the first lock, to make lock-order races reproducible.
    pause = getattr(settings, "VISITS_TEST_LOCK_ORDER_PAUSE_SECONDS", 0)
    if pause:
        time.sleep(pause)


def _race_window() -> None:
    pause = getattr(settings, "VISITS_TEST_RACE_WINDOW_SECONDS", 0)
    if pause:
        time.sleep(pause)


def _email(template: str, **ids) -> None:
    outbox_enqueue(task=EMAIL_TASK, template=template, **ids)


def canonical_host(host: HostOrganisation | None) -> HostOrganisation | None:
    """The original-language version of a host (the one memberships and slots refer to)."""
    if host is None:
        return None
    default = Locale.get_default()
    if host.locale_id == default.pk:
        return host
    return (
        HostOrganisation.objects.filter(
            translation_key=host.translation_key, locale=default
        ).first()
        or host
    )


# --------------------------------------------------------------------------- the visit


def visit_create_for_booking(*, booking_id: int) -> Visit:
    """The visit of a confirmed booking, with its itinerary from the programme template.

    Idempotent: a booking has at most one visit (the booking row is locked while it is
    made). Day N of the template falls on the booking's start date + N - 1; times are
    Europe/Helsinki. Site-visit items get a SiteVisit request in DRAFT: nothing is sent
    to a host before the programme manager has seen the conflicts.
    """
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("programme").get(pk=booking_id)
        existing = Visit.objects.filter(booking=booking).first()
        if existing is not None:
            return existing
        visit = Visit.objects.create(
            booking=booking, starts_on=booking.start_date, ends_on=booking.end_date
        )
        programme = booking.programme.specific
        for offset, day in enumerate(itinerary_days(page=programme)):
            date = booking.start_date + datetime.timedelta(days=offset)
            for template in day.items:
                starts_at = at(date, template.start_time)
                ends_at = starts_at + datetime.timedelta(minutes=template.duration_minutes)
                host = canonical_host(template.host)
                item = ItineraryItem.objects.create(
                    visit=visit,
                    kind=template.kind,
                    title=template.title,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    place=template.place or (_host_place(host) if host else ""),
                    host=host,
                    notes=template.description or "",
                )
                if host is not None and template.kind == ItemKind.SITE_VISIT:
                    SiteVisit.objects.create(item=item, host=host)
        RiskAssessment.objects.create(visit=visit)
        risk_assessment_from_template(visit=visit)
        audit_record(subject=visit, action="create", to_state=visit.status)
    return visit


def _host_place(host: HostOrganisation) -> str:
    return f"{host.name}, {host.street_address}, {host.postal_code} {host.city}"


def _set_visit_status(visit: Visit, to: str, *, actor, action: str) -> None:
    before = visit.status
    visit.status = to
    visit.save(update_fields=["status", "updated_at"])
    audit_record(subject=visit, action=action, actor=actor, from_state=before, to_state=to)


def visit_mark_ready(*, visit: Visit, actor, accept_refusals: bool = False) -> Visit:
    """PLANNING -> READY; refused until a programme manager approved the risk assessment
    and, at every host that vets its visitors, no participant is pending (nor refused,
    unless the manager confirms with `accept_refusals` that the refused will not enter)."""

    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.status == VisitStatus.READY:
            return visit
        if visit.status != VisitStatus.PLANNING:
            raise InvalidTransition()
        assessment = RiskAssessment.objects.filter(visit=visit).first()
        if assessment is None or assessment.status != AssessmentStatus.APPROVED:
            raise VisitError(_("The visit cannot be ready before its risk assessment is approved."))
        blockers = vetting_blockers(visit, accept_refusals=accept_refusals)
        if blockers:
            raise VisitError(" ".join(blockers))
        _set_visit_status(visit, VisitStatus.READY, actor=actor, action="ready")
    return visit


def visit_start(*, visit: Visit, actor=None) -> Visit:
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.status == VisitStatus.IN_PROGRESS:
            return visit
        if visit.status != VisitStatus.READY:
            raise InvalidTransition()
        _set_visit_status(visit, VisitStatus.IN_PROGRESS, actor=actor, action="start")
    return visit


def visits_start_due(*, today=None) -> int:
    """Beat: a ready visit whose first day has come is in progress (the delegation's
    "today" view and the duty-of-care reminders follow the status). Idempotent."""
    today = today or timezone.localdate()
    started = 0
    for visit in Visit.objects.filter(status=VisitStatus.READY, starts_on__lte=today):
        visit_start(visit=visit, actor=None)
        started += 1
    return started


def visit_complete(*, visit: Visit, actor) -> Visit:
    """Mark the visit completed. Side effects: audit entry; the booking completed through
    the outbox (bookings.tasks.complete_booking); `visit_completed` after commit."""
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.status == VisitStatus.COMPLETED:
            return visit
        if visit.status not in OPEN_VISIT_STATES:
            raise InvalidTransition()
        _set_visit_status(visit, VisitStatus.COMPLETED, actor=actor, action="complete")
        # The booking is completed by bookings itself, through the outbox (not lost if
        # the worker is down; no lock on the booking while the visit is held).
        outbox_enqueue(task=BOOKING_COMPLETE_TASK, booking_id=visit.booking_id)
        visit_id = visit.pk
        transaction.on_commit(lambda: signals.visit_completed.send(sender=Visit, visit_id=visit_id))
    return visit


def visit_cancel(*, visit: Visit, actor=None) -> Visit:
    """Cancel the visit: every item removed (hosts get a cancellation), slots freed, the
    delegation's calendar feed revoked."""
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.status == VisitStatus.CANCELLED:
            return visit
        if visit.status == VisitStatus.COMPLETED:
            raise InvalidTransition()
        for item in visit.items.filter(removed=False):
            item_remove(item=item, actor=actor)
        _set_visit_status(visit, VisitStatus.CANCELLED, actor=actor, action="cancel")
        feeds_revoke(kind=FeedKind.VISIT, visit=visit)
    return visit


def visit_update_duty_of_care(*, visit: Visit, actor, **fields) -> Visit:
    allowed = {
        "confidential",
        "manager",
        "manager_phone",
        "escort",
        "nearest_hospital",
        "meeting_points",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        for name, value in fields.items():
            setattr(visit, name, value)
        visit.save(update_fields=[*fields, "updated_at"])
        audit_record(
            subject=visit,
            action="update",
            actor=actor,
            data={"fields": sorted(fields)},
        )
    return visit


# --------------------------------------------------------------------------- items


def _editable_visit(visit_id: int) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=visit_id)
    if visit.status not in OPEN_VISIT_STATES:
        raise InvalidTransition(_("The itinerary of a finished visit cannot be changed."))
    return visit


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("times must be aware")
    if ends_at <= starts_at:
        raise VisitError(_("An item must end after it starts."))


def item_add(
    *,
    visit: Visit,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    actor,
    place: str = "",
    host: HostOrganisation | None = None,
    attendees: str = "",
    notes: str = "",
) -> ItineraryItem:
    """A new itinerary item; a site visit gets a DRAFT request to its host."""
    _check_times(starts_at, ends_at)
    host = canonical_host(host)
    if kind == ItemKind.SITE_VISIT and host is None:
        raise VisitError(_("A site visit needs a host organisation."))
    with transaction.atomic():
        visit = _editable_visit(visit.pk)
        item = ItineraryItem.objects.create(
            visit=visit,
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place or (_host_place(host) if host else ""),
            host=host,
            attendees=attendees,
            notes=notes,
        )
        if host is not None and kind == ItemKind.SITE_VISIT:
            SiteVisit.objects.create(item=item, host=host)
        audit_record(subject=item, action="add", actor=actor, data={"visit": visit.pk})
    return item


def item_move(
    *,
    item: ItineraryItem,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    actor,
    accept_warnings: bool = False,
) -> ItineraryItem:
    """Move an item; SEQUENCE goes up so calendars update.

    A site visit already sent to its host is asked again at the new time (REQUESTED,
    under the host's lock, refused on hard conflicts) and the host receives an update.
    """
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        _editable_visit(item.visit_id)
        item = ItineraryItem.objects.select_for_update().select_related("visit").get(pk=item.pk)
        if item.removed:
            raise InvalidTransition(_("A removed item cannot be moved."))
        site_visit = SiteVisit.objects.select_for_update().filter(item=item).first()
        resend = site_visit is not None and site_visit.status in (
            SiteVisitStatus.REQUESTED,
            SiteVisitStatus.ACCEPTED,
            SiteVisitStatus.PROPOSED,
        )
        if resend:
            _lock_host(site_visit.host)
            _refuse_on_conflicts(
                item, starts_at=starts_at, ends_at=ends_at, accept_warnings=accept_warnings
            )
        before = (item.starts_at.isoformat(), item.ends_at.isoformat())
        item.starts_at, item.ends_at = starts_at, ends_at
        item.sequence += 1
        item.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
        if resend:
            site_visit.status = SiteVisitStatus.REQUESTED
            site_visit.proposed_start = site_visit.proposed_end = None
            site_visit.answered_at = None
            site_visit.answered_by = None
            site_visit.save(
                update_fields=[
                    "status",
                    "proposed_start",
                    "proposed_end",
                    "answered_at",
                    "answered_by",
                ]
            )
            _email("host_update", site_visit_id=site_visit.pk)
        audit_record(
            subject=item,
            action="move",
            actor=actor,
            data={"from": before, "to": (starts_at.isoformat(), ends_at.isoformat())},
        )
    return item


def item_remove(*, item: ItineraryItem, actor) -> ItineraryItem:
    """Remove an item: it stays (removed) so that feeds carry STATUS:CANCELLED."""
    with transaction.atomic():
        item = ItineraryItem.objects.select_for_update().get(pk=item.pk)
        if item.removed:
            return item
        item.removed = True
        item.sequence += 1
        item.save(update_fields=["removed", "sequence", "updated_at"])
        site_visit = SiteVisit.objects.select_for_update().filter(item=item).first()
        if site_visit is not None and site_visit.status != SiteVisitStatus.CANCELLED:
            was_sent = site_visit.status != SiteVisitStatus.DRAFT
            before = site_visit.status
            site_visit.status = SiteVisitStatus.CANCELLED
            site_visit.save(update_fields=["status"])
            audit_record(
                subject=site_visit,
                action="cancel",
                actor=actor,
                from_state=before,
                to_state=site_visit.status,
            )
            if was_sent:
                _email("host_cancel", site_visit_id=site_visit.pk)
        audit_record(subject=item, action="remove", actor=actor)
    return item


# --------------------------------------------------------------------------- site visits


def _lock_host(host: HostOrganisation) -> HostAvailability | None:
    """Lock the row that carries the host's limits (created with defaults if missing)."""
    if not HostAvailability.objects.filter(host=host).exists():
        try:
            with transaction.atomic():
                HostAvailability.objects.create(host=host)
        except IntegrityError:
            pass  # created concurrently: lock the winner's row below
    if not _locking():
        return HostAvailability.objects.get(host=host)
    return HostAvailability.objects.select_for_update().get(host=host)


def _refuse_on_conflicts(
    item: ItineraryItem, *, starts_at=None, ends_at=None, accept_warnings: bool
) -> list[Conflict]:
    # Forget a cached availability row: the one read under the lock is the truth.
    if item.host_id:
        item.host = HostOrganisation.objects.get(pk=item.host_id)
    conflicts = item_conflicts(item, starts_at=starts_at, ends_at=ends_at)
    hard = [c for c in conflicts if c.hard]
    if hard:
        raise ConflictError(hard)
    soft = [c for c in conflicts if not c.hard]
    if soft and not accept_warnings:
        raise ConflictError(soft, message=str(_("Please confirm the warnings before sending.")))
    return conflicts


def site_visit_send(*, site_visit: SiteVisit, actor, accept_warnings: bool = False) -> SiteVisit:
    """DRAFT (or DECLINED) -> REQUESTED: ask the host, with an iTIP invitation.

    Refused with the reasons when the host is not available then or the slot is taken
    (checked while the host's row is locked); soft conflicts must be accepted.
    Side effects: audit entry; the invitation e-mail (with .ics) to the host after commit.
    """
    # The visit before its site visits (core.transitions' lock order, as item_move and
    # visit_cancel take them): its id is read first without a lock.
    visit_id = SiteVisit.objects.values_list("item__visit_id", flat=True).get(pk=site_visit.pk)
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit_id)
        _lock_order_pause()
        site_visit = SiteVisit.objects.select_for_update().get(pk=site_visit.pk)
        if site_visit.status == SiteVisitStatus.REQUESTED:
            return site_visit
        if site_visit.status not in (SiteVisitStatus.DRAFT, SiteVisitStatus.DECLINED):
            raise InvalidTransition()
        if visit.status not in OPEN_VISIT_STATES:
            raise InvalidTransition(_("The itinerary of a finished visit cannot be changed."))
        _lock_host(site_visit.host)
        item = ItineraryItem.objects.select_related("visit__booking").get(pk=site_visit.item_id)
        if item.removed:
            raise InvalidTransition(_("This item was removed."))
        try:
            _refuse_on_conflicts(item, accept_warnings=accept_warnings)
        except ConflictError as error:
            if any(c.code == "host_daily_limit" for c in error.conflicts):
                raise SlotTaken() from error
            raise
        _race_window()
        before = site_visit.status
        site_visit.status = SiteVisitStatus.REQUESTED
        site_visit.decline_reason = ""
        site_visit.answered_at = None
        site_visit.answered_by = None
        site_visit.save(update_fields=["status", "decline_reason", "answered_at", "answered_by"])
        audit_record(
            subject=site_visit,
            action="send",
            actor=actor,
            from_state=before,
            to_state=site_visit.status,
        )
        _email("host_request", site_visit_id=site_visit.pk)
    return site_visit


def host_user_may_answer(user, host: HostOrganisation) -> bool:
    return HostMembership.objects.filter(
        user=user, host__translation_key=host.translation_key
    ).exists()


def _answerable(site_visit: SiteVisit, actor) -> SiteVisit:
    site_visit = SiteVisit.objects.select_for_update().select_related("host").get(pk=site_visit.pk)
    if not host_user_may_answer(actor, site_visit.host):
        raise VisitError(_("Only the host organisation can answer this request."))
    return site_visit


def _answer(site_visit: SiteVisit, to: str, *, actor, data=None, fields=()) -> None:
    before = site_visit.status
    site_visit.status = to
    site_visit.answered_at = timezone.now()
    site_visit.answered_by = actor
    site_visit.save(update_fields=["status", "answered_at", "answered_by", *fields])
    audit_record(
        subject=site_visit,
        action=f"host_{to}",
        actor=actor,
        from_state=before,
        to_state=to,
        data=data,
    )
    _email("manager_answer", site_visit_id=site_visit.pk)


def site_visit_accept(*, site_visit: SiteVisit, actor) -> SiteVisit:
    """The host accepts: REQUESTED -> ACCEPTED; the programme manager is told."""
    with transaction.atomic():
        site_visit = _answerable(site_visit, actor)
        if site_visit.status == SiteVisitStatus.ACCEPTED:
            return site_visit
        if site_visit.status != SiteVisitStatus.REQUESTED:
            raise InvalidTransition(_("This request is no longer open."))
        _answer(site_visit, SiteVisitStatus.ACCEPTED, actor=actor)
    return site_visit


def site_visit_decline(*, site_visit: SiteVisit, actor, reason: str) -> SiteVisit:
    """The host declines with a reason: REQUESTED -> DECLINED (the slot is freed)."""
    reason = (reason or "").strip()
    if not reason:
        raise VisitError(_("Please give a reason for declining."))
    with transaction.atomic():
        site_visit = _answerable(site_visit, actor)
        if site_visit.status == SiteVisitStatus.DECLINED:
            return site_visit
        if site_visit.status != SiteVisitStatus.REQUESTED:
            raise InvalidTransition(_("This request is no longer open."))
        site_visit.decline_reason = reason
        _answer(site_visit, SiteVisitStatus.DECLINED, actor=actor, fields=["decline_reason"])
    return site_visit


def site_visit_propose(
    *, site_visit: SiteVisit, actor, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> SiteVisit:
    """The host proposes another time: REQUESTED -> PROPOSED."""
    _check_times(starts_at, ends_at)
    if starts_at <= timezone.now():
        raise VisitError(_("Please propose a time in the future."))
    with transaction.atomic():
        site_visit = _answerable(site_visit, actor)
        if site_visit.status != SiteVisitStatus.REQUESTED:
            raise InvalidTransition(_("This request is no longer open."))
        site_visit.proposed_start, site_visit.proposed_end = starts_at, ends_at
        _answer(
            site_visit,
            SiteVisitStatus.PROPOSED,
            actor=actor,
            data={"start": starts_at.isoformat(), "end": ends_at.isoformat()},
            fields=["proposed_start", "proposed_end"],
        )
    return site_visit


def site_visit_take_proposal(
    *, site_visit: SiteVisit, actor, accept_warnings: bool = False
) -> SiteVisit:
    """The programme manager takes the host's proposed time: the item moves, ACCEPTED."""
    with transaction.atomic():
        site_visit = SiteVisit.objects.select_for_update().get(pk=site_visit.pk)
        if site_visit.status != SiteVisitStatus.PROPOSED:
            raise InvalidTransition()
        _lock_host(site_visit.host)
        item = (
            ItineraryItem.objects.select_for_update()
            .select_related("visit__booking")
            .get(pk=site_visit.item_id)
        )
        _refuse_on_conflicts(
            item,
            starts_at=site_visit.proposed_start,
            ends_at=site_visit.proposed_end,
            accept_warnings=accept_warnings,
        )
        item.starts_at, item.ends_at = site_visit.proposed_start, site_visit.proposed_end
        item.sequence += 1
        item.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
        site_visit.status = SiteVisitStatus.ACCEPTED
        site_visit.save(update_fields=["status"])
        audit_record(
            subject=site_visit,
            action="take_proposal",
            actor=actor,
            from_state=SiteVisitStatus.PROPOSED,
            to_state=SiteVisitStatus.ACCEPTED,
        )
        _email("host_update", site_visit_id=site_visit.pk)
    return site_visit


def host_slot_free(*, host: HostOrganisation, starts_at, ends_at, group_size: int) -> bool:
    """Whether a new delegation could be requested at the host then (a read only)."""
    return not (
        availability_problems(
            host=host, starts_at=starts_at, ends_at=ends_at, group_size=group_size
        )
        or host_slot_problems(host=host, starts_at=starts_at, ends_at=ends_at, visit_id=0)
    )


# --------------------------------------------------------------------------- duty of care


def risk_assessment_from_template(*, visit: Visit) -> RiskAssessment:
    """Copy the active checklist lines into the visit's assessment (once)."""
    assessment, _created = RiskAssessment.objects.get_or_create(visit=visit)
    if not assessment.risks.exists():
        Risk.objects.bulk_create(
            [
                Risk(
                    assessment=assessment,
                    category=line.category,
                    title=line.title,
                    mitigation=line.guidance,
                    position=line.position,
                )
                for line in RiskTemplate.objects.filter(active=True)
            ]
        )
    return assessment


def risk_assessment_approve(*, assessment: RiskAssessment, actor) -> RiskAssessment:
    """A programme manager approves the assessment (every risk needs an owner)."""

    if not (actor.is_superuser or user_has_role(actor, PROGRAMME_MANAGERS)):
        raise VisitError(_("Only a programme manager can approve a risk assessment."))
    with transaction.atomic():
        assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.status == AssessmentStatus.APPROVED:
            return assessment
        if assessment.risks.filter(owner="").exists():
            raise VisitError(_("Every risk needs an owner before approval."))
        assessment.status = AssessmentStatus.APPROVED
        assessment.approved_by = actor
        assessment.approved_at = timezone.now()
        assessment.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(
            subject=assessment,
            action="approve",
            actor=actor,
            from_state=AssessmentStatus.DRAFT,
            to_state=AssessmentStatus.APPROVED,
        )
    return assessment


def risk_assessment_reopen(*, assessment: RiskAssessment, actor) -> RiskAssessment:
    """Editing an approved assessment sends it back to draft."""
    with transaction.atomic():
        assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.status == AssessmentStatus.DRAFT:
            return assessment
        assessment.status = AssessmentStatus.DRAFT
        assessment.approved_by = None
        assessment.approved_at = None
        assessment.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(subject=assessment, action="reopen", actor=actor)
    return assessment


def briefing_acknowledge(*, participant: Participant) -> BriefingAcknowledgement:
    """The participant confirms having read the safety briefing (idempotent)."""
    visit = Visit.objects.get(booking_id=participant.booking_id)
    with transaction.atomic():
        ack, created = BriefingAcknowledgement.objects.get_or_create(
            participant=participant, defaults={"visit": visit}
        )
        if created:
            audit_record(subject=visit, action="briefing_ack", data={"participant": participant.pk})
    return ack


def incident_log(
    *,
    visit: Visit,
    actor,
    occurred_at: datetime.datetime,
    description: str,
    informed: str = "",
    actions: str = "",
    severity: str = "low",
) -> Incident:
    with transaction.atomic():
        incident = Incident.objects.create(
            visit=visit,
            occurred_at=occurred_at,
            description=description,
            informed=informed,
            actions=actions,
            severity=severity,
            reported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(subject=visit, action="incident", actor=actor, data={"incident": incident.pk})
    return incident


def delegation_message_send(*, visit: Visit, actor, subject: str, body: str) -> int:
    """An e-mail to every participant (and the contact) of the delegation, via the outbox."""
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise VisitError(_("A message needs a subject and a text."))
    with transaction.atomic():
        audit_record(subject=visit, action="delegation_message", actor=actor)
        _email("delegation_message", visit_id=visit.pk, subject=subject, body=body)
    booking = visit.booking
    emails = {p.email for p in booking.participants.exclude(email="")}
    emails.add(booking.contact.email)
    return len(emails)


def slot_holding(site_visit: SiteVisit) -> bool:
    return site_visit.status in SLOT_HOLDING_STATES and not site_visit.item.removed


def host_availability_update(
    *, host: HostOrganisation, actor, weekly_hours, closed_dates=None, **fields
) -> HostAvailability:
    """The host keeps its availability up to date: its own members (the host portal)
    or staff who may change host availability (the admin). `weekly_hours` is checked
    by visits.hours (VisitError on a wrong shape); `closed_dates` None keeps them."""

    if not (host_user_may_answer(actor, host) or actor.has_perm("visits.change_hostavailability")):
        raise VisitError(_("Only the host organisation can change its availability."))
    try:
        weekly_hours = weekly_hours_validate(weekly_hours)
    except ValidationError as error:
        raise VisitError(error.messages[0]) from None
    allowed = {
        "largest_group",
        "delegations_per_day",
        "buffer_before_minutes",
        "buffer_after_minutes",
        "minimum_notice_days",
        "vetting_days",
        "vetting_fields",
        "visitor_rules",
        "busy_calendar_url",
    }
    with transaction.atomic():
        availability = _lock_host(host)
        for name, value in fields.items():
            if name in allowed:
                setattr(availability, name, value)
        availability.weekly_hours = weekly_hours
        availability.save()
        if closed_dates is not None:
            HostClosedDate.objects.filter(host=host).exclude(date__in=closed_dates).delete()
            for day in closed_dates:
                HostClosedDate.objects.get_or_create(host=host, date=day)
        audit_record(subject=availability, action="update", actor=actor)
    return availability


def resource_assign(*, item: ItineraryItem, resource, actor) -> None:
    """Assign an interpreter or escort; refused when they are busy elsewhere then.

    The resource's row is locked while its assignments are counted, so two managers
    cannot book the same person twice at once.
    """

    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        item = ItineraryItem.objects.get(pk=item.pk)
        if item.removed:
            raise InvalidTransition(_("This item was removed."))
        if ResourceAssignment.objects.filter(item=item, resource=resource).exists():
            return
        busy = ResourceAssignment.objects.filter(
            resource=resource,
            item__removed=False,
            item__starts_at__lt=item.ends_at,
            item__ends_at__gt=item.starts_at,
        ).exists()
        if busy:
            raise ConflictError(
                resource_problems(item, starts_at=item.starts_at, ends_at=item.ends_at)
                or [
                    Conflict(
                        "resource_busy",
                        _("%(resource)s is already assigned elsewhere at that time.")
                        % {"resource": resource.name},
                    )
                ]
            )
        ResourceAssignment.objects.create(item=item, resource=resource)
        audit_record(subject=item, action="assign", actor=actor, data={"resource": resource.pk})


# ------------------------------------------------------------------ calendar feeds


def feed_issue(**subject) -> CalendarFeed:
    """A new secret feed URL for a subject (kind with its user, host or visit); the
    previous one for the same subject stops working."""
    with transaction.atomic():
        CalendarFeed.objects.filter(revoked_at__isnull=True, **subject).update(
            revoked_at=timezone.now()
        )
        return CalendarFeed.objects.create(**subject)


def feeds_revoke(**subject) -> int:
    """Stop every live feed URL of a subject (kind with its user, host or visit, or any
    other CalendarFeed filter); returns how many stopped."""
    return CalendarFeed.objects.filter(revoked_at__isnull=True, **subject).update(
        revoked_at=timezone.now()
    )


def feeds_revoke_for_lost_host(*, user_id: int, host_id: int) -> int:
    """A user left a host organisation: its shared feed stops for everyone (they may have
    kept the URL; the remaining members make a new one), and their own host feed stops
    once they belong to no host organisation."""
    stopped = feeds_revoke(kind=FeedKind.HOST, host_id=host_id)
    if not HostMembership.objects.filter(user_id=user_id).exists():
        stopped += feeds_revoke(kind=FeedKind.HOST_USER, user_id=user_id)
    return stopped


def feeds_revoke_for_lost_organisation(*, user_id: int, organisation_id: int) -> int:
    """A user left a delegation organisation: the feeds of its visits stop (they may have
    kept the URLs; the contact makes a new one from the itinerary)."""
    return feeds_revoke(kind=FeedKind.VISIT, visit__booking__organisation_id=organisation_id)


def feeds_revoke_for_lost_group(*, user_id: int, group: str) -> int:
    """A user left a role group: their own feed of that role stops."""
    kind = {HOSTS: FeedKind.HOST_USER, PROGRAMME_MANAGERS: FeedKind.MANAGER}.get(group)
    return feeds_revoke(kind=kind, user_id=user_id) if kind else 0


def feed_revoke(*, feed: CalendarFeed) -> CalendarFeed:
    """Stop a feed URL working (the caller has checked that the user owns it)."""
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    feed.refresh_from_db(fields=["revoked_at"])
    return feed
