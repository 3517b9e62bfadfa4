"""Demo delegations and their bookings, for `manage.py load_demo`.

Run by load_demo (demo.loading) after the catalogue and the demo users exist:

- Maria Keller (delegation@paamaja.example) and her organisation book an upcoming
  departure the way a delegation does, through bookings.services and
  bookings.participants: seats held, hotel rooms chosen, checkout by invoice (which
  confirms the booking and issues the invoice), then the participants' details, one
  of them still incomplete.
- Two other delegations whose visits have ended, one whose visit is in progress today
  and one whose visit starts tomorrow (the duty-of-care views need both). The services
  refuse to book the past and the next few days (a departure that has started can no
  longer be booked, rooms past their release date cannot be held), so these bookings
  are written as history: tailored bookings, confirmed, with their priced lines and
  hotel rooms; their participants' details still go through bookings.participants.
- One departure is full: a delegation books all its seats online (by invoice, its
  participants named later), and another delegation waits on its waiting list.

Idempotent: organisations are found by name, users by e-mail, hotels by name, bookings by
organisation and programme; what exists is left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import DELEGATION_CONTACTS
from core.demo import DemoContext, DemoSection
from programmes.enums import DepartureStatus
from programmes.models import Departure, ProgrammePage

from .enums import (
    COMMITTED_STATES,
    BookingKind,
    BookingStatus,
    LineKind,
    Occupancy,
    OrganisationType,
    PaymentMethod,
)
from .lifecycle import booking_open
from .models import (
    Allotment,
    Booking,
    BookingLine,
    CancellationPolicy,
    Hotel,
    Organisation,
    RoomReservation,
    RoomType,
    VatRate,
    WaitingListEntry,
)
from .participants import participant_slots_ensure, participant_update
from .selectors import departure_seats_taken
from .services import (
    RoomRequest,
    accommodation_vat,
    booking_checkout,
    booking_set_accommodation,
    booking_start,
    general_vat,
)
from .waiting_list import waiting_list_join

UPCOMING = "upcoming"
ENDED_RECENTLY = "ended-recently"
ENDED_EARLIER = "ended-earlier"
IN_PROGRESS = "in-progress"
STARTS_TOMORROW = "starts-tomorrow"
FULL_DEPARTURE = "full-departure"
WAITING = "waiting-list"


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    title: str
    nationality: str
    born: datetime.date
    email: str = ""  # default: first.last@<the delegation's domain>
    complete: bool = True  # False: only the name and e-mail are filled in


@dataclass(frozen=True)
class Delegation:
    key: str
    organisation: str
    country: str
    type: str
    domain: str
    billing_address: str
    contact_email: str
    contact_name: tuple[str, str]
    contact_language: str
    programme: str  # slug of the English programme page
    language: str  # the booking's language
    people: tuple[Person, ...]
    singles: int
    doubles: int
    ended_days_ago: int | None = None  # None: booked on an upcoming departure
    starts_in_days: int | None = None  # a visit about now (-1: started yesterday)
    fills_departure: bool = False  # books every seat left on the soonest small departure
    waits_for: str = ""  # on the waiting list of that delegation's (full) departure
    size: int = 0  # participants, when more than the people named (0: as many)

    @property
    def ended(self) -> bool:
        return self.ended_days_ago is not None

    @property
    def history(self) -> bool:
        """Written as history: a visit that ended, is on, or starts tomorrow."""
        return self.ended or self.starts_in_days is not None

    @property
    def group_size(self) -> int:
        return self.size or len(self.people)


HOTEL = {
    "name": "Hotel Naisvuori",
    "address": "Porrassalmenkatu 9, 50100 Mikkeli",
    "city": "Mikkeli",
    "phone": "+358 15 555 0100",
    "latitude": Decimal("61.688400"),
    "longitude": Decimal("27.275300"),
}
ROOM_TYPE = {"name": "Standard room", "single": Decimal("119.00"), "double": Decimal("139.00")}
ALLOTMENT_ROOMS = 20
RELEASE_DAYS = 14

DELEGATIONS: dict[str, Delegation] = {
    UPCOMING: Delegation(
        key=UPCOMING,
        organisation="Hanseatic Civil Protection Office",
        country="DE",
        type=OrganisationType.AGENCY,
        domain="hanseatic-civil-protection.example",
        billing_address="Stadthausbrücke 8\n20355 Hamburg\nGermany",
        contact_email="delegation@paamaja.example",
        contact_name=("Maria", "Keller"),
        contact_language="en",
        programme="comprehensive-security-in-everyday-life",
        language="en",
        people=(
            Person(
                "Maria",
                "Keller",
                "Head of Civil Protection Planning",
                "DE",
                datetime.date(1974, 3, 12),
                email="delegation@paamaja.example",
            ),
            Person(
                "Thomas", "Brandt", "Deputy Chief Fire Officer", "DE", datetime.date(1969, 8, 2)
            ),
            Person("Aylin", "Demir", "Crisis Communication Lead", "DE", datetime.date(1986, 1, 27)),
            Person("Jonas", "Weber", "Cyber Security Coordinator", "DE", datetime.date(1990, 6, 5)),
            Person(
                "Katrin",
                "Vogel",
                "Emergency Medical Services Planner",
                "AT",
                datetime.date(1981, 11, 19),
            ),
            Person(
                "Lukas",
                "Hoffmann",
                "Police Liaison Officer",
                "DE",
                datetime.date(1984, 4, 30),
                complete=False,
            ),
        ),
        singles=4,
        doubles=1,
    ),
    ENDED_RECENTLY: Delegation(
        key=ENDED_RECENTLY,
        organisation="Baltic Coast Civil Preparedness Agency",
        country="EE",
        type=OrganisationType.AGENCY,
        domain="baltic-preparedness.example",
        billing_address="Sadama 25\n10111 Tallinn\nEstonia",
        contact_email="kadri.tamm@baltic-preparedness.example",
        contact_name=("Kadri", "Tamm"),
        contact_language="en",
        programme="hybrid-and-cyber-resilience-for-public-administration",
        language="en",
        people=(
            Person("Kadri", "Tamm", "Director of Preparedness", "EE", datetime.date(1975, 2, 14)),
            Person(
                "Margus", "Kask", "Head of Cyber Incident Response", "EE", datetime.date(1982, 9, 9)
            ),
            Person(
                "Liis", "Saar", "Strategic Communication Adviser", "EE", datetime.date(1991, 5, 23)
            ),
            Person("Andres", "Mägi", "Municipal Crisis Manager", "EE", datetime.date(1978, 12, 1)),
            Person(
                "Triin", "Lepp", "Information Security Officer", "EE", datetime.date(1988, 7, 17)
            ),
            Person(
                "Jānis", "Bērziņš", "Liaison Officer, Riga City", "LV", datetime.date(1983, 3, 3)
            ),
            Person("Priit", "Ots", "Situation Centre Analyst", "EE", datetime.date(1993, 10, 8)),
        ),
        singles=5,
        doubles=1,
        ended_days_ago=12,
    ),
    ENDED_EARLIER: Delegation(
        key=ENDED_EARLIER,
        organisation="Västra Sjöstad Municipality, Safety and Preparedness",
        country="SE",
        type=OrganisationType.CITY,
        domain="vastra-sjostad.example",
        billing_address="Stora torget 1\n451 30 Västra Sjöstad\nSweden",
        contact_email="johan.lindqvist@vastra-sjostad.example",
        contact_name=("Johan", "Lindqvist"),
        contact_language="sv",
        programme="comprehensive-security-in-everyday-life",
        language="sv",
        people=(
            Person(
                "Johan",
                "Lindqvist",
                "Head of Safety and Preparedness",
                "SE",
                datetime.date(1972, 1, 9),
            ),
            Person(
                "Anna", "Bergström", "Rescue Services Commander", "SE", datetime.date(1979, 6, 21)
            ),
            Person("Erik", "Nyström", "Water Utility Director", "SE", datetime.date(1970, 4, 2)),
            Person("Sara", "Holm", "Preparedness Coordinator", "SE", datetime.date(1989, 8, 15)),
            Person("Mikael", "Ek", "Police Area Commander", "SE", datetime.date(1976, 11, 30)),
            Person("Elin", "Sandberg", "School Safety Officer", "SE", datetime.date(1987, 2, 28)),
            Person(
                "Oskar", "Wallin", "Volunteer Defence Organisation", "SE", datetime.date(1994, 9, 4)
            ),
            Person(
                "Riikka", "Heinonen", "Twin-city Coordinator", "FI", datetime.date(1985, 12, 12)
            ),
        ),
        singles=6,
        doubles=1,
        ended_days_ago=120,
    ),
    IN_PROGRESS: Delegation(
        key=IN_PROGRESS,
        organisation="Oslofjord Region Emergency Management",
        country="NO",
        type=OrganisationType.AGENCY,
        domain="oslofjord-beredskap.example",
        billing_address="Rådhusgata 5\n0151 Oslo\nNorway",
        contact_email="ingrid.solberg@oslofjord-beredskap.example",
        contact_name=("Ingrid", "Solberg"),
        contact_language="en",
        programme="hybrid-and-cyber-resilience-for-public-administration",
        language="en",
        people=(
            Person(
                "Ingrid", "Solberg", "Head of Emergency Management", "NO", datetime.date(1977, 4, 3)
            ),
            Person("Henrik", "Dahl", "Cyber Security Officer", "NO", datetime.date(1985, 10, 12)),
            Person("Silje", "Berg", "Communication Adviser", "NO", datetime.date(1990, 2, 6)),
            Person(
                "Ole", "Hansen", "Municipal Preparedness Planner", "NO", datetime.date(1972, 8, 22)
            ),
            Person("Marte", "Lie", "Situation Centre Analyst", "NO", datetime.date(1993, 6, 14)),
            Person("Kari", "Moen", "Police Liaison Officer", "NO", datetime.date(1981, 12, 1)),
        ),
        singles=4,
        doubles=1,
        starts_in_days=-1,
    ),
    STARTS_TOMORROW: Delegation(
        key=STARTS_TOMORROW,
        organisation="Lower Saxony Water Safety Authority",
        country="DE",
        type=OrganisationType.AGENCY,
        domain="nds-wassersicherheit.example",
        billing_address="Am Waterlooplatz 11\n30169 Hannover\nGermany",
        contact_email="petra.schulz@nds-wassersicherheit.example",
        contact_name=("Petra", "Schulz"),
        contact_language="en",
        programme="safe-water-food-and-environment-cbrn-readiness",
        language="en",
        people=(
            Person("Petra", "Schulz", "Head of Water Safety", "DE", datetime.date(1973, 5, 18)),
            Person("Markus", "Richter", "CBRN Specialist", "DE", datetime.date(1980, 9, 30)),
            Person("Julia", "Klein", "Food Safety Inspector", "DE", datetime.date(1988, 3, 8)),
            Person(
                "Stefan", "Wolf", "Utility Operations Manager", "DE", datetime.date(1975, 11, 2)
            ),
            Person("Anja", "Neumann", "Laboratory Director", "DE", datetime.date(1982, 7, 25)),
            Person(
                "Tobias", "Krüger", "Civil Protection Officer", "DE", datetime.date(1991, 1, 16)
            ),
        ),
        singles=4,
        doubles=1,
        starts_in_days=1,
    ),
    FULL_DEPARTURE: Delegation(
        key=FULL_DEPARTURE,
        organisation="Gdańsk Metropolitan Crisis Management Centre",
        country="PL",
        type=OrganisationType.CITY,
        domain="gdansk-crisis.example",
        billing_address="ul. Nowe Ogrody 8/12\n80-803 Gdańsk\nPoland",
        contact_email="anna.nowak@gdansk-crisis.example",
        contact_name=("Anna", "Nowak"),
        contact_language="en",
        programme="hybrid-and-cyber-resilience-for-public-administration",
        language="en",
        people=(
            Person(
                "Anna", "Nowak", "Director of Crisis Management", "PL", datetime.date(1976, 2, 9)
            ),
            Person("Piotr", "Zieliński", "Head of IT Security", "PL", datetime.date(1983, 5, 27)),
            Person(
                "Magda", "Wójcik", "Spokesperson", "PL", datetime.date(1989, 10, 4), complete=False
            ),
        ),
        singles=8,
        doubles=2,
        fills_departure=True,
    ),
    WAITING: Delegation(
        key=WAITING,
        organisation="Klaipėda City Civil Protection Division",
        country="LT",
        type=OrganisationType.CITY,
        domain="klaipeda-cp.example",
        billing_address="Liepų g. 11\n91502 Klaipėda\nLithuania",
        contact_email="rasa.petraitiene@klaipeda-cp.example",
        contact_name=("Rasa", "Petraitienė"),
        contact_language="en",
        programme="hybrid-and-cyber-resilience-for-public-administration",
        language="en",
        people=(),
        singles=0,
        doubles=0,
        waits_for=FULL_DEPARTURE,
        size=8,
    ),
}


# --------------------------------------------------------------------------- look-ups


def programme_page(slug: str) -> ProgrammePage | None:
    return ProgrammePage.objects.filter(slug=slug, locale__language_code="en").first()


def booking_for(key: str) -> Booking | None:
    """The demo booking of one delegation (None until the demo made it)."""
    spec = DELEGATIONS[key]
    return (
        Booking.objects.filter(organisation__name=spec.organisation, programme__slug=spec.programme)
        .exclude(status__in=(BookingStatus.CANCELLED, BookingStatus.EXPIRED))
        .select_related("organisation", "contact", "programme")
        .order_by("pk")
        .first()
    )


# --------------------------------------------------------------------------- load


def load(context: DemoContext) -> DemoSection:
    room_type = _room_type(context)
    _departure_allotments(context, room_type)
    for spec in DELEGATIONS.values():
        organisation = _organisation(context, spec)
        page = programme_page(spec.programme)
        if page is None:
            continue  # the catalogue lacks the programme: nothing to book
        if spec.waits_for:
            _waiting_list_entry(context, spec, organisation)
            continue
        existing = booking_for(spec.key)
        if existing is not None:
            context.note("unchanged", existing)
            continue
        if spec.history:
            booking = _past_booking(context, spec, organisation, page, room_type)
        else:
            booking = _upcoming_booking(context, spec, organisation, page, room_type)
        if booking is not None:
            _participants(booking, spec)
            context.note("created", booking)
    return _section(context)


def _section(context: DemoContext) -> DemoSection:
    committed = Booking.objects.filter(status__in=COMMITTED_STATES)
    upcoming = committed.filter(start_date__gt=context.today).count()
    past = committed.filter(end_date__lt=context.today).count()
    current = committed.count() - upcoming - past
    lines = [
        (_("Delegation organisations"), str(Organisation.objects.count())),
        (
            _("Confirmed bookings"),
            _("%(total)s (%(upcoming)s upcoming, %(current)s in progress, %(past)s past)")
            % {
                "total": committed.count(),
                "upcoming": upcoming,
                "current": current,
                "past": past,
            },
        ),
    ]
    departure = full_departure()
    if departure is not None:
        lines.append(
            (
                _("Full departure"),
                _("%(date)s: %(taken)s of %(seats)s seats taken; on its waiting list: %(waiting)s")
                % {
                    "date": departure.start_date.isoformat(),
                    "taken": departure_seats_taken(departure_id=departure.pk),
                    "seats": departure.seats,
                    "waiting": WaitingListEntry.objects.filter(departure=departure).count(),
                },
            )
        )
    booking = booking_for(UPCOMING)
    if booking is not None:
        with translation.override(booking.language):
            path = reverse("bookings:detail", args=[booking.reference])
        lines.append((_("The delegation contact's booking"), f"{settings.BASE_URL}{path}"))
    return DemoSection(_("Bookings"), lines)


def _user(context: DemoContext, spec: Delegation):
    User = get_user_model()
    user = User.objects.filter(email__iexact=spec.contact_email).first()
    if user is None:
        # A contact who never signs in to the demo: no usable password.
        user = User(
            email=spec.contact_email,
            first_name=spec.contact_name[0],
            last_name=spec.contact_name[1],
            preferred_language=spec.contact_language,
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=DELEGATION_CONTACTS)[0])
        context.note("created", user)
    return user


def _organisation(context: DemoContext, spec: Delegation) -> Organisation:
    contact = _user(context, spec)
    organisation = Organisation.objects.filter(name=spec.organisation).order_by("pk").first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=spec.organisation,
            country=spec.country,
            type=spec.type,
            billing_address=spec.billing_address,
            billing_email=f"invoices@{spec.domain}",
        )
        context.note("created", organisation)
    if not organisation.members.filter(pk=contact.pk).exists():
        organisation.members.add(contact)
    return organisation


def _room_type(context: DemoContext) -> RoomType:
    hotel = Hotel.objects.filter(name=HOTEL["name"]).first()
    if hotel is None:
        hotel = Hotel.objects.create(**HOTEL)
        context.note("created", hotel)
    room_type = RoomType.objects.filter(hotel=hotel, name=ROOM_TYPE["name"]).first()
    if room_type is None:
        vat = VatRate.objects.filter(code="accommodation").first()
        if vat is None:  # the bookings migration creates it; a database without it gets it
            vat = VatRate.objects.create(
                code="accommodation", name="Accommodation", rate=accommodation_vat()
            )
        room_type = RoomType.objects.create(
            hotel=hotel,
            name=ROOM_TYPE["name"],
            price_single=ROOM_TYPE["single"],
            price_double=ROOM_TYPE["double"],
            vat_rate=vat,
        )
        context.note("created", room_type)
    return room_type


def _allotments(room_type: RoomType, nights: list[datetime.date]) -> list[Allotment]:
    """The hotel's allotment for each night (as a programme manager enters them)."""
    allotments = []
    for night in nights:
        allotment, _created = Allotment.objects.get_or_create(
            room_type=room_type,
            night=night,
            defaults={
                "rooms": ALLOTMENT_ROOMS,
                "release_date": night - datetime.timedelta(days=RELEASE_DAYS),
            },
        )
        allotments.append(allotment)
    return allotments


def _departure_allotments(context: DemoContext, room_type: RoomType) -> None:
    """Rooms for the nights of every scheduled departure whose programme includes
    accommodation (the night before it starts to its last night), as the programme
    manager enters the hotel's allotments: without them the booking's accommodation step
    would say that the partner hotels have no rooms. A night closer than the hotel's
    release period is kept until the day the demo is loaded."""
    departures = Departure.objects.filter(
        status=DepartureStatus.SCHEDULED,
        start_date__gte=context.today,
        page__includes_accommodation=True,
    ).select_related("page")
    for departure in departures:
        first = departure.start_date - datetime.timedelta(days=1)
        for night in _nights(first, departure.end_date):
            _allotment, created = Allotment.objects.get_or_create(
                room_type=room_type,
                night=night,
                defaults={
                    "rooms": ALLOTMENT_ROOMS,
                    "release_date": max(
                        night - datetime.timedelta(days=RELEASE_DAYS), context.today
                    ),
                },
            )
            context.note("created" if created else "unchanged", _allotment)


def _nights(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days)]


def _upcoming_booking(
    context: DemoContext, spec: Delegation, organisation, page, room_type
) -> Booking | None:
    """Seats, rooms and checkout by invoice, as the delegation contact does it online."""
    size = spec.group_size
    earliest = context.today + datetime.timedelta(days=RELEASE_DAYS + 7)
    departures = Departure.objects.filter(
        page=page, status=DepartureStatus.SCHEDULED, start_date__gte=earliest
    ).order_by("start_date")
    if spec.fills_departure:
        # The soonest departure with the fewest seats, booked to its last seat.
        departure = min(departures, key=lambda d: (d.seats, d.start_date), default=None)
        if departure is None:
            return None
        size = departure.seats - departure_seats_taken(departure_id=departure.pk)
        if not page.group_size_min <= size <= page.group_size_max:
            return None
    else:
        departure = next(
            (d for d in departures if d.seats - departure_seats_taken(departure_id=d.pk) >= size),
            None,
        )
    if departure is None:
        return None
    contact = organisation.members.get(email__iexact=spec.contact_email)
    booking = booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=size,
        language=spec.language,
    )
    _allotments(room_type, _nights(booking.start_date, booking.end_date))
    # A delegation that fills the departure sleeps in singles but for its doubles.
    singles = size - 2 * spec.doubles if spec.fills_departure else spec.singles
    booking = booking_set_accommodation(
        booking=booking,
        requests=[
            RoomRequest(room_type=room_type, occupancy=Occupancy.SINGLE, rooms=singles),
            RoomRequest(room_type=room_type, occupancy=Occupancy.DOUBLE, rooms=spec.doubles),
        ],
        arrival=booking.start_date,
        departure=booking.end_date,
        actor=contact,
    )
    return booking_checkout(booking=booking, payment_method=PaymentMethod.INVOICE, actor=contact)


def _past_booking(context: DemoContext, spec: Delegation, organisation, page, room_type) -> Booking:
    """A booking of a visit that has ended, is on or starts tomorrow, written as history
    (see the module's note)."""
    size = spec.group_size
    if spec.starts_in_days is not None:
        # A tailored visit about now: in progress today, or starting tomorrow.
        start = context.today + datetime.timedelta(days=spec.starts_in_days)
    else:
        last_day = context.today - datetime.timedelta(days=spec.ended_days_ago)
        start = last_day - datetime.timedelta(days=page.duration_days - 1)
        start -= datetime.timedelta(days=start.weekday())  # programmes start on Mondays
    end = start + datetime.timedelta(days=page.duration_days - 1)
    # The past cannot be booked today: the lifecycle's demo_history writes it as it was.
    booking = booking_open(
        action="demo_history",
        kind=BookingKind.TAILORED,
        organisation=organisation,
        contact=organisation.members.get(email__iexact=spec.contact_email),
        programme=page,
        participants_count=size,
        start_date=start,
        end_date=end,
        payment_method=PaymentMethod.INVOICE,
        language=spec.language,
        participant_deadline=start - datetime.timedelta(days=21),
        cancellation_policy=CancellationPolicy.objects.filter(is_default=True).first(),
    )
    BookingLine.objects.create(
        booking=booking,
        kind=LineKind.PROGRAMME,
        description=f"{page.title} ({start:%d.%m.%Y})",
        quantity=Decimal(size),
        unit_price=page.price_for_group(size) or Decimal("0.00"),
        vat_rate=general_vat(),
        position=0,
    )
    nights = _nights(start, end)
    allotments = _allotments(room_type, nights)
    position = 10
    for occupancy, rooms in ((Occupancy.SINGLE, spec.singles), (Occupancy.DOUBLE, spec.doubles)):
        for allotment in allotments:
            RoomReservation.objects.create(
                booking=booking, allotment=allotment, occupancy=occupancy, rooms=rooms
            )
        BookingLine.objects.create(
            booking=booking,
            kind=LineKind.ACCOMMODATION,
            description=f"{room_type}, {Occupancy(occupancy).label}, {len(nights)} × {rooms}",
            quantity=Decimal(len(nights) * rooms),
            unit_price=room_type.price_for(occupancy),
            vat_rate=room_type.vat_rate.rate,
            position=position,
        )
        position += 1
    return booking


def full_departure() -> Departure | None:
    """The departure the demo booked full (None until the demo made it)."""
    booking = booking_for(FULL_DEPARTURE)
    return booking.departure if booking is not None else None


def _waiting_list_entry(context: DemoContext, spec: Delegation, organisation) -> None:
    """A delegation too large for what is left joins the full departure's waiting list,
    as the contact does on the departure's page."""
    departure = full_departure()
    if departure is None:
        return
    existing = WaitingListEntry.objects.filter(
        departure=departure, organisation=organisation
    ).first()
    if existing is not None:
        context.note("unchanged", existing)
        return
    entry = waiting_list_join(
        departure=departure,
        organisation=organisation,
        contact=organisation.members.get(email__iexact=spec.contact_email),
        participants_count=spec.group_size,
        language=spec.language,
    )
    context.note("created", entry)


def _participants(booking: Booking, spec: Delegation) -> None:
    """Each participant's details, through the same service as the booking pages."""
    slots = participant_slots_ensure(booking=booking)
    for participant, person in zip(slots, spec.people, strict=False):
        email = person.email or (
            f"{_ascii(person.first_name)}.{_ascii(person.last_name)}@{spec.domain}"
        )
        data = {"first_name": person.first_name, "last_name": person.last_name, "email": email}
        if person.complete:
            data |= {
                "title": person.title,
                "organisation": spec.organisation,
                "nationality": person.nationality,
                "emergency_contact_name": f"{_family_contact(person)} {person.last_name}",
                "emergency_contact_phone": _phone(spec.country, person),
                "id_document_type": "passport",
                "id_document_number": f"{person.nationality}{person.born:%y%m%d}{len(person.last_name)}",
                "id_document_expiry": booking.end_date + datetime.timedelta(days=5 * 365),
                "date_of_birth": person.born,
                "consent_named_in_reports": person.born.month % 2 == 0,
            }
        participant_update(participant=participant, data=data, actor=booking.contact)


_ASCII = str.maketrans(
    "äöåüõšžāēīūņļķģčéńóėłśąęźżÄÖÅÜÕŠŽĀĒĪŪŁŚŻ", "aoauoszaeiunlkgcenoelsaezzAOAUOSZAEIULSZ"
)


def _ascii(name: str) -> str:
    return name.translate(_ASCII).lower()


def _family_contact(person: Person) -> str:
    return {"DE": "Stefan", "AT": "Martin", "EE": "Mari", "LV": "Ilze", "SE": "Karin"}.get(
        person.nationality, "Pekka"
    )


def _phone(country: str, person: Person) -> str:
    prefix = {"DE": "+49 40", "EE": "+372", "SE": "+46 31"}.get(country, "+358 40")
    return f"{prefix} 555 {person.born:%m%d}"
