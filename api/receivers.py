"""Webhook events from what the apps already announce: bookings' signals (sent through
the outbox after the commit) and the audit entries each service writes inside its own
transaction. api only listens; no app below it knows about webhooks."""

from __future__ import annotations

from django.db.models.signals import post_save

from bookings import signals as booking_signals
from bookings.models import Booking
from core.models import AuditEntry
from learning_reports.models import LearningReport
from visits.models import SiteVisit, Visit

from .enums import Event
from .webhooks import event_emit

# (model label, audit action) -> event
AUDITED = {
    ("bookings.booking", "paid_in_full"): Event.BOOKING_PAID,
    ("visits.sitevisit", "send"): Event.HOST_REQUEST_SENT,
    ("visits.sitevisit", "host_accepted"): Event.HOST_REQUEST_ANSWERED,
    ("visits.sitevisit", "host_declined"): Event.HOST_REQUEST_ANSWERED,
    ("visits.sitevisit", "host_proposed"): Event.HOST_REQUEST_ANSWERED,
    ("visits.visit", "ready"): Event.VISIT_READY,
    ("visits.visit", "complete"): Event.VISIT_COMPLETED,
    ("learning_reports.learningreport", "publish"): Event.REPORT_PUBLISHED,
}


def _booking_event(event: str, booking_id: int) -> None:
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None:
        return
    event_emit(
        event=event,
        organisation_id=booking.organisation_id,
        data={"booking": booking.reference, "status": booking.status},
    )


def on_booking_confirmed(sender, booking_id, **kwargs):
    _booking_event(Event.BOOKING_CONFIRMED, booking_id)


def on_booking_cancelled(sender, booking_id, **kwargs):
    _booking_event(Event.BOOKING_CANCELLED, booking_id)


def on_audit_entry(sender, instance, created, **kwargs):
    if not created:
        return
    label = f"{instance.content_type.app_label}.{instance.content_type.model}"
    event = AUDITED.get((label, instance.action))
    if event is None:
        return

    pk = int(instance.object_id)
    if event == Event.BOOKING_PAID:
        _booking_event(event, pk)
    elif event in (Event.HOST_REQUEST_SENT, Event.HOST_REQUEST_ANSWERED):
        sv = SiteVisit.objects.select_related("host").filter(pk=pk).first()
        if sv is not None:
            event_emit(
                event=event,
                host_key=sv.host.translation_key,
                data={"host_request": sv.pk, "status": sv.status},
            )
    elif event in (Event.VISIT_READY, Event.VISIT_COMPLETED):
        visit = Visit.objects.select_related("booking").filter(pk=pk).first()
        if visit is not None:
            event_emit(
                event=event,
                organisation_id=visit.booking.organisation_id,
                data={"visit": visit.pk, "booking": visit.booking.reference},
            )
    elif event == Event.REPORT_PUBLISHED:
        report = LearningReport.objects.select_related("visit__booking").filter(pk=pk).first()
        if report is not None:
            event_emit(
                event=event,
                organisation_id=report.visit.booking.organisation_id,
                data={"report": report.pk, "visit": report.visit_id},
            )


def connect() -> None:
    booking_signals.booking_confirmed.connect(
        on_booking_confirmed, dispatch_uid="api.booking_confirmed"
    )
    booking_signals.booking_cancelled.connect(
        on_booking_cancelled, dispatch_uid="api.booking_cancelled"
    )
    post_save.connect(on_audit_entry, sender=AuditEntry, dispatch_uid="api.audit_entry")
