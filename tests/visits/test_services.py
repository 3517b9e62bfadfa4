"""The visit and its itinerary: made from a confirmed booking, edited by managers."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from bookings.enums import BookingStatus
from bookings.models import Booking
from bookings.services import booking_confirm
from core.audit import audit_trail
from visits import signals
from visits.enums import ItemKind, SiteVisitStatus, VisitStatus
from visits.errors import InvalidTransition, VisitError
from visits.models import ItineraryItem, SiteVisit, Visit
from visits.services import (
    item_add,
    item_move,
    item_remove,
    visit_complete,
    visit_create_for_booking,
)

from .factories import make_booking, make_manager, make_visit

pytestmark = pytest.mark.django_db
HEL = ZoneInfo("Europe/Helsinki")


def test_confirming_a_booking_creates_its_visit(django_capture_on_commit_callbacks):
    booking = make_booking()
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        booking_confirm(booking=booking, reason="test")
    visit = Visit.objects.get(booking=booking)
    assert visit.status == VisitStatus.PLANNING
    assert visit.starts_on == booking.start_date
    assert visit.programme == booking.programme


def test_itinerary_is_the_template_on_real_helsinki_dates():
    # A start date in summer time (UTC+3) and one in winter time (UTC+2).
    for start in (datetime.date(2027, 6, 14), datetime.date(2027, 12, 13)):
        booking = make_booking(start=start, days=2)
        visit = visit_create_for_booking(booking_id=booking.pk)
        items = list(visit.items.order_by("starts_at"))
        assert len(items) == 4  # 2 days x 2 items
        first = items[0].starts_at.astimezone(HEL)
        assert (first.date(), first.hour, first.minute) == (start, 9, 0)
        assert items[0].ends_at - items[0].starts_at == datetime.timedelta(minutes=60)
        day2 = items[2].starts_at.astimezone(HEL)
        assert day2.date() == start + datetime.timedelta(days=1) and day2.hour == 9
        offset = first.utcoffset()
        assert offset == datetime.timedelta(hours=3 if start.month == 6 else 2)
        # Site visits get a request to their host, not yet sent.
        assert all(i.kind == ItemKind.SITE_VISIT and i.host_id for i in items)
        assert {s.status for s in SiteVisit.objects.filter(item__visit=visit)} == {
            SiteVisitStatus.DRAFT
        }


def test_creating_twice_is_harmless():
    booking = make_booking()
    first = visit_create_for_booking(booking_id=booking.pk)
    second = visit_create_for_booking(booking_id=booking.pk)
    assert first.pk == second.pk
    assert ItineraryItem.objects.filter(visit=first).count() == 4


def test_add_move_remove_raise_sequence_and_audit():
    visit = make_visit()
    manager = make_manager()
    start = datetime.datetime.combine(visit.starts_on, datetime.time(18, 0), tzinfo=HEL)
    item = item_add(
        visit=visit,
        kind=ItemKind.MEAL,
        title="Dinner",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Restaurant",
        actor=manager,
    )
    assert item.sequence == 0
    item = item_move(
        item=item,
        starts_at=start + datetime.timedelta(hours=1),
        ends_at=start + datetime.timedelta(hours=3),
        actor=manager,
    )
    assert item.sequence == 1
    item = item_remove(item=item, actor=manager)
    item.refresh_from_db()
    assert item.removed and item.sequence == 2
    assert [e.action for e in audit_trail(item).order_by("pk")] == ["add", "move", "remove"]
    with pytest.raises(InvalidTransition):
        item_move(
            item=item, starts_at=start, ends_at=start + datetime.timedelta(hours=1), actor=manager
        )


def test_refusals_change_nothing():
    visit = make_visit()
    manager = make_manager()
    start = datetime.datetime.combine(visit.starts_on, datetime.time(18, 0), tzinfo=HEL)
    with pytest.raises(VisitError):
        item_add(
            visit=visit,
            kind=ItemKind.MEAL,
            title="x",
            starts_at=start,
            ends_at=start,
            actor=manager,
        )
    with pytest.raises(VisitError):
        item_add(
            visit=visit,
            kind=ItemKind.SITE_VISIT,
            title="no host",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            actor=manager,
        )
    assert visit.items.count() == 4


def test_visit_complete_sends_signal_after_commit(django_capture_on_commit_callbacks):
    visit = make_visit()
    received = []

    def listener(sender, visit_id, **kwargs):
        received.append(visit_id)

    signals.visit_completed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            visit_complete(visit=visit, actor=make_manager())
        visit_complete(visit=visit, actor=None)  # again: nothing more
    finally:
        signals.visit_completed.disconnect(listener)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.COMPLETED
    assert received == [visit.pk]
    with pytest.raises(InvalidTransition):
        item_add(
            visit=visit,
            kind=ItemKind.MEAL,
            title="late",
            starts_at=datetime.datetime(2030, 1, 1, 12, tzinfo=HEL),
            ends_at=datetime.datetime(2030, 1, 1, 13, tzinfo=HEL),
            actor=None,
        )
    assert not mail.outbox


def test_cancelling_the_booking_cancels_the_visit_and_tells_hosts(
    django_capture_on_commit_callbacks,
):
    from bookings import signals as booking_signals
    from visits.services import site_visit_send

    from .factories import make_host_user, open_all_week

    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    open_all_week(site_visit.host)
    host_user = make_host_user(site_visit.host)
    site_visit_send(site_visit=site_visit, actor=make_manager(), accept_warnings=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_signals.booking_cancelled.send(sender=Booking, booking_id=visit.booking_id)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert not visit.items.filter(removed=False).exists()
    site_visit.refresh_from_db()
    assert site_visit.status == SiteVisitStatus.CANCELLED
    assert [m.subject for m in mail.outbox if host_user.email in m.to][0].startswith(
        "Site-visit cancelled"
    )


def test_email_task_runs_once_per_outbox_message(django_capture_on_commit_callbacks):
    from core.models import OutboxMessage
    from visits.tasks import send_visit_email

    from .factories import make_host_user, open_all_week

    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    open_all_week(site_visit.host)
    make_host_user(site_visit.host)
    from visits.services import site_visit_send

    with django_capture_on_commit_callbacks(execute=True):
        site_visit_send(site_visit=site_visit, actor=make_manager(), accept_warnings=True)
    message = OutboxMessage.objects.get(task="visits.tasks.send_visit_email")
    sent = len(mail.outbox)
    assert sent == 1
    send_visit_email.apply(kwargs={**message.kwargs, "outbox_id": message.pk})  # run again
    assert len(mail.outbox) == sent
