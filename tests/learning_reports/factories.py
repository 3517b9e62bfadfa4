"""A completed visit with participants, site visits, rooms and lines; answers to it."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from bookings.enums import BookingStatus, LineKind
from bookings.models import Booking, BookingLine, Participant, RoomReservation
from learning_reports.enums import InvitationKind
from learning_reports.models import FeedbackInvitation, LearningReport
from learning_reports.services import feedback_submit
from tests.bookings.factories import (
    default_policy,
    make_delegation,
    make_departure,
    make_room_type,
)
from tests.programmes.factories import make_host
from visits.enums import ItemKind, SiteVisitStatus, VisitStatus
from visits.models import Incident, ItineraryItem, SiteVisit, Visit

_n = itertools.count(1)
NATIONALITIES = ["DE", "DE", "EE", "SE", "FR", "DE", "EE", "NL"]


@dataclass
class World:
    visit: Visit
    booking: Booking
    participants: list[Participant]
    site_visits: list[SiteVisit]
    hosts: list = field(default_factory=list)


def make_completed_visit(
    *,
    participants: int = 6,
    ends_days_ago: int = 2,
    status: str = VisitStatus.COMPLETED,
    programme=None,
    country: str = "DE",
) -> World:
    departure = make_departure(seats=200, programme=programme)
    organisation, contact = make_delegation(country=country)
    end = timezone.localdate() - datetime.timedelta(days=ends_days_ago)
    start = end - datetime.timedelta(days=2)
    booking = Booking.objects.create(
        kind="departure",
        status=BookingStatus.COMPLETED,
        organisation=organisation,
        contact=contact,
        programme=departure.page,
        departure=departure,
        participants_count=participants,
        start_date=start,
        end_date=end,
        cancellation_policy=default_policy(),
    )
    BookingLine.objects.create(
        booking=booking,
        kind=LineKind.PROGRAMME,
        description="Programme",
        quantity=Decimal(participants),
        unit_price=Decimal("1000.00"),
        vat_rate=Decimal("25.5"),
    )
    BookingLine.objects.create(
        booking=booking,
        kind=LineKind.ACCOMMODATION,
        description="Hotel",
        quantity=Decimal("2"),
        unit_price=Decimal("150.50"),
        vat_rate=Decimal("14"),
    )
    nights = [start, start + datetime.timedelta(days=1)]
    room_type = make_room_type(nights=nights, release_days=1)
    for allotment in room_type.allotments.all():
        RoomReservation.objects.create(
            booking=booking, allotment=allotment, occupancy="single", rooms=2
        )
        RoomReservation.objects.create(
            booking=booking, allotment=allotment, occupancy="double", rooms=1
        )
    people = [
        Participant.objects.create(
            booking=booking,
            first_name=f"Anna{i}",
            last_name=f"Schmidt{next(_n)}",
            title="Director",
            organisation=f"Agency {i % 3}",
            email=f"p{i}-{next(_n)}@agency.example",
            nationality=NATIONALITIES[i % len(NATIONALITIES)],
            date_of_birth=datetime.date(1980, 1, 1),
            id_document_number=f"X{i:07d}",
            emergency_contact_name="Someone",
            emergency_contact_phone="+49 30 1234",
        )
        for i in range(participants)
    ]
    visit = Visit.objects.create(booking=booking, starts_on=start, ends_on=end, status=status)
    hosts = [make_host(f"Rescue College {next(_n)}"), make_host(f"Water Lab {next(_n)}")]
    site_visits = []
    for i, host in enumerate(hosts):
        begins = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9 + 2 * i)))
        item = ItineraryItem.objects.create(
            visit=visit,
            kind=ItemKind.SITE_VISIT,
            title=f"Visit to {host.name}",
            starts_at=begins,
            ends_at=begins + datetime.timedelta(hours=1),
            host=host,
        )
        site_visits.append(
            SiteVisit.objects.create(item=item, host=host, status=SiteVisitStatus.ACCEPTED)
        )
    Incident.objects.create(
        visit=visit,
        occurred_at=timezone.now() - datetime.timedelta(days=ends_days_ago + 1),
        description="A participant slipped on ice; first aid given.",
        severity="low",
        actions="First aid, checked by the escort.",
    )
    return World(visit, booking, people, site_visits, hosts)


def invite(world: World, kind: str = InvitationKind.FEEDBACK) -> list[FeedbackInvitation]:
    return [
        FeedbackInvitation.objects.create(
            visit=world.visit,
            participant=p,
            kind=kind,
            expires_at=timezone.now() + datetime.timedelta(days=30),
            sent_at=timezone.now(),
        )
        for p in world.participants
    ]


def answer(
    invitation: FeedbackInvitation,
    world: World,
    *,
    overall: int = 5,
    nps: int = 9,
    site: tuple[int, int] = (5, 4),
    objectives: tuple[int, int] = (4, 3),
    consent: str = "anonymous",
    apply_at_home: str = "Joint exercises with the police.",
    improve: str = "More time at the water lab.",
):
    return feedback_submit(
        invitation=invitation,
        overall_rating=overall,
        nps=nps,
        apply_at_home=apply_at_home,
        improve=improve,
        consent=consent,
        site_ratings=[(sv.pk, r, "") for sv, r in zip(world.site_visits, site, strict=False)],
        objectives=list(enumerate(objectives)),
    )


def report_for(world: World) -> LearningReport:
    return LearningReport.objects.get_or_create(visit=world.visit)[0]
