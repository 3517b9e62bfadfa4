"""A visit received by two hosts that vet their visitors, with named participants:
the data of the vetting, attendance and catering tests (and their journeys)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from bookings.models import Participant
from bookings.participants import participant_slots_ensure
from visits.models import ItineraryItem, SiteVisit, Visit
from visits.services import site_visit_accept, site_visit_send

from .factories import make_host_user, make_manager, make_visit, open_all_week

PEOPLE = [
    # first, last, nationality, e-mail, passport, dietary, accessibility
    ("Amira", "Haddad", "JO", "amira@gov.example", "P1000001", "Vegetarian", ""),
    ("Bruno", "Costa", "BR", "bruno@gov.example", "P1000002", "vegetarian, no nuts", "Wheelchair"),
    ("Chen", "Wei", "CN", "chen@gov.example", "P1000003", "", ""),
]


def name_participants(booking, people=PEOPLE) -> list[Participant]:
    participants = participant_slots_ensure(booking=booking)
    for participant, (first, last, country, email, passport, diet, access) in zip(
        participants, people, strict=False
    ):
        Participant.objects.filter(pk=participant.pk).update(
            first_name=first,
            last_name=last,
            nationality=country,
            email=email,
            id_document_number=passport,
            date_of_birth=datetime.date(1975, 5, 17),
            dietary_needs=diet,
            accessibility_needs=access,
            emergency_contact_phone="+358 40 999 0000",
            completed_at=timezone.now(),
        )
    return list(Participant.objects.filter(booking=booking).order_by("pk"))


def vetted_visit(
    *,
    days_ahead: int = 5,
    a_fields=("first_name", "last_name", "nationality"),
    a_days: int = 10,
    b_fields=("last_name", "id_document_number"),
    b_days: int = 2,
    accept: bool = False,
    totp: bool = False,
) -> dict:
    """Host A's list is open (its days reach back past today), host B's opens later."""
    visit = make_visit(
        start=timezone.localdate() + datetime.timedelta(days=days_ahead),
        participants=len(PEOPLE),
    )
    manager = make_manager(totp=totp)
    site_visits = list(
        SiteVisit.objects.filter(item__visit=visit)
        .select_related("host", "item")
        .order_by("item__starts_at", "pk")
    )
    a = site_visits[0]
    b = next(sv for sv in site_visits if sv.host_id != a.host_id)
    open_all_week(a.host, vetting_fields=list(a_fields), vetting_days=a_days)
    open_all_week(b.host, vetting_fields=list(b_fields), vetting_days=b_days)
    a_user = make_host_user(a.host, totp=totp)
    b_user = make_host_user(b.host, totp=totp)
    for site_visit, user in ((a, a_user), (b, b_user)):
        site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
        if accept:
            site_visit_accept(site_visit=site_visit, actor=user)
        site_visit.refresh_from_db()
    participants = name_participants(visit.booking)
    return {
        "visit": visit,
        "manager": manager,
        "a": a,
        "b": b,
        "a_user": a_user,
        "b_user": b_user,
        "participants": participants,
    }


def today_visit(**kwargs) -> dict:
    """vetted_visit(accepted), moved so that its first site visit began five minutes
    ago, today (Helsinki): check-in is open and the situational picture shows it."""
    world = vetted_visit(days_ahead=3, accept=True, **kwargs)
    start = timezone.now() - datetime.timedelta(minutes=5)
    shift = start - world["a"].item.starts_at
    for item in ItineraryItem.objects.filter(visit=world["visit"]):
        ItineraryItem.objects.filter(pk=item.pk).update(
            starts_at=item.starts_at + shift, ends_at=item.ends_at + shift
        )
    Visit.objects.filter(pk=world["visit"].pk).update(
        starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    for key in ("a", "b"):
        world[key].refresh_from_db()
        world[key].item.refresh_from_db()
    return world
