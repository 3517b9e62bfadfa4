"""A large, realistic and reproducible data set for the benchmark suite.

Builds on the demo (page tree, themes, a few hosts, users) and adds, from a fixed seed:
programmes in three languages with departures over three years, host organisations in
three languages, delegation organisations and their contacts, bookings with their
participants, visits with itineraries and feedback answers. Rows without page semantics
go in with `bulk_create` (no signals: the page cache is empty in a new database anyway);
pages go through Wagtail (revisions, publish, search index) like an editor's would.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from bookings.enums import BookingStatus, OrganisationType, PaymentMethod
from bookings.models import Booking, Organisation, Participant
from programmes.demo.loader import DemoLoader, deferred_indexing
from programmes.enums import ItineraryItemKind, ProgrammeLanguage, Sector
from programmes.models import (
    Departure,
    HostOrganisation,
    PriceTier,
    ProgrammeIndexPage,
    ProgrammeLanguageOffered,
    ProgrammePage,
    ThemePage,
)

SEED = 20261130
LANGUAGES = ("en", "fi", "sv")
MARKER_PREFIX = "volume-"


@dataclass(frozen=True)
class Size:
    programmes: int  # originals; each is also translated into fi and sv
    hosts: int  # originals; each is also translated into fi and sv
    organisations: int
    bookings: int
    participants: int
    visits: int
    answers: int  # feedback responses + their objective and site ratings
    departures_per_programme: int


SIZES = {
    "large": Size(60, 300, 400, 5000, 40000, 2000, 100_000, 30),
    "small": Size(6, 10, 10, 50, 400, 20, 1000, 3),
}

WORDS = (
    "preparedness resilience rescue cyber water food border crisis command training "
    "exercise coordination community civil defence response recovery risk safety "
    "security emergency municipal regional national maritime energy health"
).split()
CITIES = ["Mikkeli", "Savonlinna", "Kuopio", "Helsinki", "Tampere", "Lappeenranta", "Joensuu"]
COUNTRIES = ["DE", "SE", "NO", "EE", "LV", "LT", "PL", "NL", "FR", "JP", "KR", "US", "CA", "GB"]
FIRST = ["Anna", "Jonas", "Maria", "Lukas", "Eva", "Ola", "Kaja", "Tomas", "Ines", "Ken"]
LAST = ["Berg", "Novak", "Tamm", "Ozols", "Sato", "Kim", "Smith", "Dubois", "Larsen", "Weber"]


def _phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


class VolumeLoader:
    def __init__(self, *, size: str = "large", seed: int = SEED, out=None):
        self.size = SIZES[size]
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.out = out or (lambda message: None)
        self.counts: dict[str, int] = {}

    def _step(self, label: str, started: float) -> None:
        self.out(f"  {label} ({time.monotonic() - started:.1f} s)")

    @staticmethod
    def already_loaded() -> bool:
        return HostOrganisation.objects.filter(slug__startswith=MARKER_PREFIX).exists()

    def run(self) -> dict[str, int]:
        started = time.monotonic()
        DemoLoader(today=self.today).run()
        self._step("demo content", started)
        self.locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
        with transaction.atomic():
            hosts = self._hosts()
            self._step(f"{len(hosts)} host organisations x 3 languages", started)
            with deferred_indexing():
                programmes = self._programmes(hosts)
            self._step(f"{len(programmes)} programmes x 3 languages", started)
            bookings = self._bookings(programmes)
            self._step(f"{len(bookings)} bookings", started)
            self._visits_and_answers(bookings, hosts)
            self._step("visits and feedback", started)
        return self.counts

    # ------------------------------------------------------------------ hosts

    def _hosts(self) -> list[HostOrganisation]:
        rng = self.rng
        sectors = [value for value, _ in Sector.choices]
        originals = []
        for n in range(self.size.hosts):
            name = f"{_phrase(rng, 2)} {rng.choice(['Centre', 'Institute', 'Agency', 'Lab'])} {n}"
            originals.append(
                HostOrganisation(
                    locale=self.locales["en"],
                    name=name,
                    slug=f"{MARKER_PREFIX}host-{n}",
                    sector=sectors[n % len(sectors)],
                    summary=f"{name} shows {_phrase(rng, 3).lower()} at work.",
                    description=f"<p>{_phrase(rng, 20)}.</p>",
                    expertise="\n".join(_phrase(rng, 2) for _ in range(3)),
                    street_address=f"{_phrase(rng, 1)}katu {rng.randint(1, 90)}",
                    postal_code=f"{rng.randint(10, 99)}100",
                    city=rng.choice(CITIES),
                    latitude=Decimal(f"{rng.uniform(60.0, 63.5):.6f}"),
                    longitude=Decimal(f"{rng.uniform(22.0, 30.0):.6f}"),
                    max_group_size=rng.choice([10, 15, 20, 25, 40]),
                )
            )
        HostOrganisation.objects.bulk_create(originals)
        copies = []
        for code in ("fi", "sv"):
            for host in originals:
                copy = HostOrganisation(
                    **{
                        f.attname: getattr(host, f.attname)
                        for f in HostOrganisation._meta.concrete_fields
                        if f.attname not in ("id", "locale_id")
                    }
                )
                copy.locale = self.locales[code]
                copy.name = f"{host.name} ({code})"
                copies.append(copy)
        HostOrganisation.objects.bulk_create(copies)
        self.counts["host_organisations"] = len(originals)
        self.counts["host_organisation_rows"] = len(originals) + len(copies)
        return originals

    # ------------------------------------------------------------------ programmes

    def _itinerary(self, hosts: list[HostOrganisation], days: int) -> list[dict]:
        rng = self.rng
        data = []
        for _day in range(days):
            items = []
            for slot, hour in enumerate((9, 11, 13, 15)):
                host = rng.choice(hosts) if slot != 2 else None
                items.append(
                    {
                        "kind": ItineraryItemKind.SITE_VISIT if host else ItineraryItemKind.MEAL,
                        "start_time": f"{hour:02d}:00",
                        "duration_minutes": 90,
                        "title": _phrase(rng, 3),
                        "place": rng.choice(CITIES),
                        "host": host.pk if host else None,
                        "description": _phrase(rng, 12) + ".",
                    }
                )
            data.append({"type": "day", "value": {"title": _phrase(rng, 3), "items": items}})
        return data

    def _programmes(self, hosts: list[HostOrganisation]) -> list[ProgrammePage]:
        rng = self.rng
        index = ProgrammeIndexPage.objects.get(locale=self.locales["en"])
        themes = list(ThemePage.objects.filter(locale=self.locales["en"]).order_by("path"))
        languages = [value for value, _ in ProgrammeLanguage.choices]
        programmes = []
        for n in range(self.size.programmes):
            days = rng.randint(2, 5)
            low = rng.choice([4, 6, 8])
            page = ProgrammePage(
                title=f"{_phrase(rng, 3)} programme {n}",
                slug=f"{MARKER_PREFIX}programme-{n}",
                summary=_phrase(rng, 30) + ".",
                learning_objectives="\n".join(_phrase(rng, 6) for _ in range(4)),
                duration_days=days,
                group_size_min=low,
                group_size_max=low + rng.choice([12, 16, 22]),
                itinerary=self._itinerary(hosts, days),
                practical_notes=f"<p>{_phrase(rng, 25)}.</p>",
                safety_notes=f"<p>{_phrase(rng, 15)}.</p>",
            )
            base = rng.randint(9, 30) * 100
            page.price_tiers.add(
                PriceTier(min_participants=low, max_participants=low + 6, price_per_person=base)
            )
            page.price_tiers.add(
                PriceTier(
                    min_participants=low + 7,
                    max_participants=page.group_size_max,
                    price_per_person=base - 300,
                )
            )
            for code in rng.sample(languages, k=min(2, len(languages))):
                page.languages.add(ProgrammeLanguageOffered(language=code))
            index.add_child(instance=page)
            page.themes.set(rng.sample(themes, k=min(2, len(themes))))
            page.save_revision().publish()
            programmes.append(page)
            for code in ("fi", "sv"):
                copy = page.copy_for_translation(
                    self.locales[code], copy_parents=True, exclude_fields=["departures"]
                ).specific
                copy.title = f"[{code}] {page.title}"
                copy.save_revision().publish()
        # Departures every few weeks for three years, two thirds of them in the past.
        departures = []
        span = 3 * 365
        for page in programmes:
            for k in range(self.size.departures_per_programme):
                offset = -2 * 365 + k * span // self.size.departures_per_programme
                departures.append(
                    Departure(
                        page=page,
                        sort_order=k,
                        start_date=self.today + datetime.timedelta(days=offset + rng.randint(0, 9)),
                        seats=rng.choice([30, 40, 50]),
                        language=rng.choice(languages),
                    )
                )
        Departure.objects.bulk_create(departures)
        self.departures = departures
        self.counts["programme_pages"] = len(programmes) * len(LANGUAGES)
        self.counts["departures"] = len(departures)
        return programmes

    # ------------------------------------------------------------------ bookings

    def _bookings(self, programmes: list[ProgrammePage]) -> list[Booking]:
        rng = self.rng
        User = get_user_model()
        types = [value for value, _ in OrganisationType.choices]
        organisations = [
            Organisation(
                name=f"{_phrase(rng, 2)} Authority {n}",
                country=rng.choice(COUNTRIES),
                type=types[n % len(types)],
                billing_address=f"{_phrase(rng, 1)}strasse {n}\n{rng.randint(10000, 99999)}",
                billing_email=f"billing{n}@volume.example",
                join_code=f"VOL{n:08d}",
            )
            for n in range(self.size.organisations)
        ]
        Organisation.objects.bulk_create(organisations)
        contacts = User.objects.bulk_create(
            [
                User(
                    email=f"contact{n}@volume.example",
                    username=f"contact{n}@volume.example",
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    # An unusable password, as make_password(None) gives, without hashing.
                    password="!volume-unusable",  # noqa: S106
                )
                for n in range(self.size.organisations)
            ]
        )
        Organisation.members.through.objects.bulk_create(
            [
                Organisation.members.through(organisation_id=o.pk, user_id=u.pk)
                for o, u in zip(organisations, contacts, strict=True)
            ]
        )
        past_statuses = [BookingStatus.COMPLETED] * 8 + [BookingStatus.CANCELLED]
        future_statuses = (
            [BookingStatus.CONFIRMED] * 4
            + [BookingStatus.PAID] * 3
            + [
                BookingStatus.CANCELLED,
                BookingStatus.EXPIRED,
            ]
        )
        by_page = {page.pk: page for page in programmes}
        average = self.size.participants / self.size.bookings
        remaining = self.size.participants
        bookings = []
        for n in range(self.size.bookings):
            departure = rng.choice(self.departures)
            page = by_page[departure.page_id]
            left = self.size.bookings - n
            count = max(1, min(remaining - (left - 1), round(rng.gauss(average, 2))))
            if left == 1:
                count = remaining
            remaining -= count
            past = departure.start_date < self.today
            who = rng.randrange(self.size.organisations)
            bookings.append(
                Booking(
                    reference=f"V{n:07d}",
                    status=rng.choice(past_statuses if past else future_statuses),
                    organisation=organisations[who],
                    contact=contacts[who],
                    programme=page,
                    departure=departure,
                    participants_count=count,
                    start_date=departure.start_date,
                    end_date=departure.start_date + datetime.timedelta(days=page.duration_days - 1),
                    payment_method=rng.choice([PaymentMethod.CARD, PaymentMethod.INVOICE]),
                    language=rng.choice(LANGUAGES),
                )
            )
        Booking.objects.bulk_create(bookings, batch_size=1000)
        participants = []
        for booking in bookings:
            for k in range(booking.participants_count):
                participants.append(
                    Participant(
                        booking=booking,
                        first_name=rng.choice(FIRST),
                        last_name=f"{rng.choice(LAST)}-{k}",
                        title=_phrase(rng, 2),
                        organisation=booking.organisation.name,
                        email=f"p{booking.pk}-{k}@volume.example",
                        nationality=booking.organisation.country,
                    )
                )
        Participant.objects.bulk_create(participants, batch_size=5000)
        self.participants_by_booking: dict[int, list[Participant]] = {}
        for participant in participants:
            self.participants_by_booking.setdefault(participant.booking_id, []).append(participant)
        self.counts["organisations"] = len(organisations)
        self.counts["bookings"] = len(bookings)
        self.counts["participants"] = len(participants)
        return bookings

    # ------------------------------------------------------------------ visits, feedback

    def _visits_and_answers(self, bookings: list[Booking], hosts: list[HostOrganisation]) -> None:
        try:
            from visits.enums import VisitStatus
            from visits.models import ItineraryItem, Visit
        except ImportError:  # the visits app is not there yet
            self.out("  visits: app not installed, skipped")
            return
        rng = self.rng
        done = [b for b in bookings if b.status == BookingStatus.COMPLETED]
        upcoming = [
            b for b in bookings if b.status in (BookingStatus.CONFIRMED, BookingStatus.PAID)
        ]
        chosen = (done + upcoming)[: self.size.visits]
        tz = timezone.get_current_timezone()
        visits = [
            Visit(
                booking=b,
                status=VisitStatus.COMPLETED
                if b.status == BookingStatus.COMPLETED
                else (VisitStatus.PLANNING),
                starts_on=b.start_date,
                ends_on=b.end_date,
                confidential=rng.random() < 0.1,
            )
            for b in chosen
        ]
        Visit.objects.bulk_create(visits, batch_size=1000)
        items = []
        for visit in visits:
            for day in range((visit.ends_on - visit.starts_on).days + 1):
                date = visit.starts_on + datetime.timedelta(days=day)
                for hour in (9, 13):
                    start = datetime.datetime.combine(date, datetime.time(hour), tzinfo=tz)
                    items.append(
                        ItineraryItem(
                            visit=visit,
                            kind=ItineraryItemKind.SITE_VISIT,
                            title=_phrase(rng, 3),
                            starts_at=start,
                            ends_at=start + datetime.timedelta(minutes=150),
                            place=rng.choice(CITIES),
                            host=rng.choice(hosts),
                        )
                    )
        ItineraryItem.objects.bulk_create(items, batch_size=5000)
        self.counts["visits"] = len(visits)
        self.counts["itinerary_items"] = len(items)
        self._answers([v for v in visits if v.status == VisitStatus.COMPLETED])

    def _answers(self, visits) -> None:
        try:
            from learning_reports.enums import InvitationKind, ObjectiveMet
            from learning_reports.models import (
                FeedbackInvitation,
                FeedbackResponse,
                ObjectiveRating,
            )
        except ImportError:
            self.out("  feedback: learning_reports not installed, skipped")
            return
        rng = self.rng
        people = [
            (visit, participant)
            for visit in visits
            for participant in self.participants_by_booking.get(visit.booking_id, [])
        ]
        # Every participant of a completed visit answers; each answer set is the response
        # and its ratings of the learning objectives, as many as make up `answers`.
        respondents = people[: max(1, self.size.answers // 2)]
        per_response = max(1, math.ceil(self.size.answers / max(len(respondents), 1)) - 1)
        invitations = [
            FeedbackInvitation(
                visit=visit,
                participant=participant,
                kind=InvitationKind.FEEDBACK,
                expires_at=timezone.now() + datetime.timedelta(days=14),
                answered_at=timezone.now(),
                nonce=f"volume{n}",
            )
            for n, (visit, participant) in enumerate(respondents)
        ]
        FeedbackInvitation.objects.bulk_create(invitations, batch_size=5000)
        responses = [
            FeedbackResponse(
                invitation=invitation,
                visit_id=invitation.visit_id,
                overall_rating=rng.choices([2, 3, 4, 5], weights=[1, 3, 8, 8])[0],
                nps=rng.choices(range(11), weights=[1] * 6 + [2, 3, 6, 8, 8])[0],
                apply_at_home=_phrase(rng, 10) + ".",
                improve=_phrase(rng, 6) + "." if rng.random() < 0.5 else "",
            )
            for invitation in invitations
        ]
        FeedbackResponse.objects.bulk_create(responses, batch_size=5000)
        met = [value for value, _ in ObjectiveMet.choices]
        ratings = [
            ObjectiveRating(
                response=response,
                position=k,
                objective=f"Objective {k + 1}",
                met=rng.choice(met),
            )
            for response in responses
            for k in range(per_response)
        ][: max(self.size.answers - len(responses), 0)]
        ObjectiveRating.objects.bulk_create(ratings, batch_size=10000)
        self.counts["feedback_responses"] = len(responses)
        self.counts["feedback_answers"] = len(responses) + len(ratings)
