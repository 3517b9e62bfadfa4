"""bookings.lifecycle is the only writer of Booking.status, and every move is audited
under the name of its transition."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from bookings.enums import BookingStatus, PaymentMethod
from bookings.errors import InvalidTransition
from bookings.lifecycle import EMAIL_TASK, TABLE, booking_move, booking_open
from bookings.models import Booking
from bookings.services import booking_checkout, booking_confirm, booking_start
from core.models import AuditEntry, OutboxMessage
from tests.bookings.factories import make_delegation, make_departure

ROOT = Path(__file__).resolve().parents[2]
LIFECYCLE = "bookings/lifecycle.py"
# Modules that may write a booking's status without the lifecycle, and why.
WRITES_THE_PAST = {
    # The benchmark's data set: tens of thousands of bookings of past and future
    # departures inserted with bulk_create (no audit by design; see its docstring).
    "volume/loader.py",
}
SCANNED = ("accounts", "bookings", "config", "core", "learning_reports", "programmes", "visits")


def _names(node: ast.AST) -> set[str]:
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            found.add(sub.attr)
    return found


def _is_bookingish(node: ast.AST) -> bool:
    """An expression that names a booking: `booking`, `self.booking`, `Booking.objects…`,
    `entry.offered_booking`, `x.bookings.filter(...)`."""
    return any("booking" in name.lower() for name in _names(node))


def booking_status_writes(source: str) -> list[int]:
    """Lines of `source` that write a booking's status (by assignment, setattr,
    queryset update or creation with a status)."""
    tree = ast.parse(source)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value_names = _names(node.value) if node.value is not None else set()
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr == "status"
                    and (_is_bookingish(target.value) or "BookingStatus" in value_names)
                ):
                    lines.append(node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            status_kw = [k for k in node.keywords if k.arg == "status"]
            if (
                isinstance(func, ast.Name)
                and func.id == "setattr"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value == "status"
                and _is_bookingish(node.args[0])
            ):
                lines.append(node.lineno)
            if not status_kw:
                continue
            value_names = _names(status_kw[0].value)
            if isinstance(func, ast.Attribute) and func.attr in (
                "update",
                "create",
                "get_or_create",
                "update_or_create",
            ):
                receiver = func.value
                on_booking = (
                    isinstance(receiver, ast.Attribute)
                    and receiver.attr == "objects"
                    and isinstance(receiver.value, ast.Name)
                    and receiver.value.id == "Booking"
                ) or (func.attr == "update" and _chain_starts_at_booking(receiver))
                if on_booking or "BookingStatus" in value_names:
                    lines.append(node.lineno)
            elif isinstance(func, ast.Name) and func.id == "Booking":
                lines.append(node.lineno)
    return sorted(set(lines))


def _chain_starts_at_booking(node: ast.AST) -> bool:
    """`Booking.objects.filter(...)` or `something.bookings.filter(...)` as a receiver."""
    while isinstance(node, (ast.Call, ast.Attribute)):
        if isinstance(node, ast.Call):
            node = node.func
            continue
        if node.attr in ("bookings", "offered_booking"):
            return True
        if isinstance(node.value, ast.Name) and node.value.id == "Booking":
            return True
        node = node.value
    return False


def test_the_scanner_finds_each_way_of_writing_the_status():
    source = (
        "booking.status = BookingStatus.PAID\n"
        "self.booking.status = 'paid'\n"
        "Booking.objects.filter(pk=1).update(status='paid')\n"
        "organisation.bookings.filter(pk=1).update(status=BookingStatus.PAID)\n"
        "Booking.objects.create(status=BookingStatus.HELD)\n"
        "Booking(status='held')\n"
        "setattr(booking, 'status', 'paid')\n"
        # Not bookings: other models' statuses are left alone.
        "payment.status = PaymentStatus.SUCCEEDED\n"
        "Payment.objects.filter(pk=1).update(status='failed')\n"
        "booking.payments.filter(x=1).update(status=PaymentStatus.CANCELED)\n"
    )
    assert booking_status_writes(source) == [1, 2, 3, 4, 5, 6, 7]


def test_no_module_but_the_lifecycle_writes_a_booking_status():
    offenders = []
    for app in SCANNED:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative == LIFECYCLE:
                continue
            if relative in WRITES_THE_PAST:
                continue
            for line in booking_status_writes(path.read_text()):
                offenders.append(f"{relative}:{line}")
    assert offenders == [], "Booking.status written outside bookings/lifecycle.py"


def test_the_allowed_history_writer_still_writes_history():
    # If the exemption is no longer needed it must go: keep the list honest.
    for relative in WRITES_THE_PAST:
        assert booking_status_writes((ROOT / relative).read_text())


# --------------------------------------------------------------------------- the table


def _booking_in(state: str) -> Booking:
    departure = make_departure(seats=30)
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=departure, organisation=organisation, contact=contact, participants_count=2
    )
    # Test set-up only: put the row in the state under test without going through
    # the moves that lead there (the scan above covers application code only).
    Booking.objects.filter(pk=booking.pk).update(
        status=state, hold_expires_at=timezone.now() + datetime.timedelta(minutes=20)
    )
    booking.refresh_from_db()
    return booking


def _booking_audit() -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Booking)).order_by(
            "pk"
        )
    )


MOVES = [
    (move.action, source, move.target)
    for move in TABLE
    if not move.creates
    for source in move.sources
]
REFUSALS = [
    (move.action, state)
    for move in TABLE
    if not move.creates
    for state in BookingStatus.values
    if state not in move.sources
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "source", "target"), MOVES)
def test_every_transition_moves_and_is_audited_by_its_name(action, source, target):
    booking = _booking_in(source)
    before = len(_booking_audit())

    booking_move(booking, action)

    booking.refresh_from_db()
    assert booking.status == target
    entries = _booking_audit()
    assert len(entries) == before + 1
    assert (entries[-1].action, entries[-1].from_state, entries[-1].to_state) == (
        action,
        source,
        target,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "state"), REFUSALS)
def test_every_refused_transition_raises_and_changes_nothing(action, state):
    booking = _booking_in(state)
    snapshot = Booking.objects.filter(pk=booking.pk).values().get()
    audit, outbox = AuditEntry.objects.count(), OutboxMessage.objects.count()

    with pytest.raises(InvalidTransition):
        booking_move(booking, action)

    assert Booking.objects.filter(pk=booking.pk).values().get() == snapshot
    assert (AuditEntry.objects.count(), OutboxMessage.objects.count()) == (audit, outbox)


@pytest.mark.django_db
def test_a_stale_instance_cannot_move_from_a_state_the_row_has_left():
    booking = _booking_in(BookingStatus.HELD)
    stale = Booking.objects.get(pk=booking.pk)
    booking_move(booking, "hold_expired")
    assert stale.status == BookingStatus.HELD
    with pytest.raises(InvalidTransition):
        booking_move(stale, "confirm")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.EXPIRED


@pytest.mark.django_db
@pytest.mark.parametrize("action", [move.action for move in TABLE if move.creates])
def test_every_creating_transition_is_audited_by_its_name(action):
    departure = make_departure()
    organisation, contact = make_delegation()
    booking = booking_open(
        action=action,
        actor=contact,
        organisation=organisation,
        contact=contact,
        programme=departure.page,
        participants_count=2,
        start_date=departure.start_date,
        end_date=departure.end_date,
    )
    assert booking.status == TABLE[action].target
    (entry,) = _booking_audit()
    assert (entry.action, entry.to_state) == (action, TABLE[action].target)


@pytest.mark.django_db
def test_the_services_change_status_only_through_the_table():
    departure = make_departure()
    organisation, contact = make_delegation()
    card = booking_checkout(
        booking=booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=2
        ),
        payment_method=PaymentMethod.CARD,
    )
    booking_confirm(booking=card)
    booking_checkout(
        booking=booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=2
        ),
        payment_method=PaymentMethod.INVOICE,
    )
    moves = [
        (e.action, e.from_state, e.to_state) for e in _booking_audit() if e.to_state != e.from_state
    ]
    assert moves, "the services moved nothing"
    for action, _from_state, to_state in moves:
        assert action in TABLE and TABLE[action].target == to_state
    confirmations = OutboxMessage.objects.filter(task=EMAIL_TASK, kwargs__template="confirmation")
    assert confirmations.count() == 2


# --------------------------------------------------------------------------- 12.12


@pytest.mark.django_db
def test_completing_the_visit_completes_the_booking(django_capture_on_commit_callbacks):
    from tests.visits.factories import make_manager, make_visit
    from visits.services import visit_complete

    visit = make_visit()
    booking = visit.booking
    assert booking.status in (BookingStatus.CONFIRMED, BookingStatus.PAID)

    with django_capture_on_commit_callbacks(execute=True):
        visit_complete(visit=visit, actor=make_manager())

    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED
    entry = _booking_audit()[-1]
    assert (entry.action, entry.to_state) == ("complete", BookingStatus.COMPLETED)
    # The hop went through the outbox and ran once.
    (message,) = OutboxMessage.objects.filter(task="bookings.tasks.complete_booking")
    assert message.status == OutboxMessage.Status.DONE
    from bookings.tasks import complete_booking

    audited = len(_booking_audit())
    complete_booking(booking_id=booking.pk, outbox_id=message.pk)  # again: nothing more
    assert len(_booking_audit()) == audited
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.COMPLETED


@pytest.mark.django_db
def test_a_cancelled_booking_stays_cancelled_when_its_visit_completes():
    from bookings.services import booking_complete

    booking = _booking_in(BookingStatus.CANCELLED)
    before = len(_booking_audit())
    booking_complete(booking_id=booking.pk)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert len(_booking_audit()) == before
