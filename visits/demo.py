"""Demo visits, host users and site-visit requests, for `manage.py load_demo`.

Run by load_demo (demo.loading) after bookings.demo and delegations.demo:

- The demo host (host@paamaja.example) works at the Mikkeli City Preparedness Office
  (a HostMembership) and has entered its availability; four other hosts have a contact
  person each, who answers requests (these users have no usable password).
- The upcoming booking's visit is made from the programme template
  (`visit_create_for_booking`, as the booking_confirmed signal does after the commit).
  The programme manager sends three site-visit requests: one host accepts, one proposes
  another time, and the demo host has not answered yet; the fourth is not sent yet.
- The two visits that have ended went through risk assessment, ready, started, one
  incident each, and completed, through visits.services. Only the hosts' acceptances are
  written as history: the services refuse to ask a host about a time in the past.
- Duty of care now: one visit started yesterday and is in progress today (an escort on
  duty, most of the delegation has acknowledged the briefing), one starts tomorrow
  (ready, an interpreter at its site visits, two participants still to acknowledge), so
  the situational picture has both days to show.

Idempotent: a booking's visit is made once, and a visit that exists is left alone.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from accounts.roles import HOSTS, PROGRAMME_MANAGERS
from bookings import demo as bookings_demo
from bookings.models import Participant
from core.demo import DemoContext, DemoSection
from programmes.models import HostOrganisation

from .attendance import attendance_check_in
from .catering import needs_sharing_set
from .enums import (
    OPEN_VISIT_STATES,
    ItemKind,
    ResourceKind,
    RiskCategory,
    Severity,
    SiteVisitStatus,
    VisitStatus,
)
from .errors import VisitError
from .models import (
    HostAvailability,
    HostMembership,
    Resource,
    ResourceAssignment,
    RiskTemplate,
    SiteVisit,
    Visit,
)
from .services import (
    briefing_acknowledge,
    host_availability_update,
    incident_log,
    resource_assign,
    risk_assessment_approve,
    site_visit_accept,
    site_visit_propose,
    site_visit_send,
    visit_complete,
    visit_create_for_booking,
    visit_mark_ready,
    visit_start,
    visit_update_duty_of_care,
)
from .timeutil import at
from .vetting import vetting_decide, vetting_state

DEMO_HOST = "mikkeli-city-preparedness-office"
SITUATION_CENTRE = "south-savo-joint-situation-centre"
VOLUNTEERS = "saimaa-volunteer-rescue-network"
CAMPUS = "south-savo-security-campus"
CYBER = "savo-cyber-defence"

# The contact person of each other host that answers requests in the demo.
HOST_CONTACTS = {
    SITUATION_CENTRE: ("Sanna", "Koskinen", "sanna.koskinen@south-savo-jsc.example"),
    VOLUNTEERS: ("Mikko", "Rantanen", "mikko.rantanen@saimaa-vrn.example"),
    CAMPUS: ("Ville", "Heikkinen", "ville.heikkinen@security-campus.example"),
    CYBER: ("Elina", "Nieminen", "elina.nieminen@savo-cyber.example"),
}

DEMO_HOST_AVAILABILITY = {
    "weekly_hours": {str(day): [["08:00", "16:00"]] for day in range(5)},
    "closed_dates": [],
    "largest_group": 30,
    "delegations_per_day": 2,
    "buffer_before_minutes": 15,
    "buffer_after_minutes": 15,
    "minimum_notice_days": 14,
    "vetting_days": 10,
    # The demo host vets its visitors by name, nationality, date of birth and passport.
    "vetting_fields": [
        "first_name",
        "last_name",
        "nationality",
        "date_of_birth",
        "id_document_number",
    ],
    "visitor_rules": (
        "Visitors sign in at the lobby with a photo ID. Photography only in the briefing "
        "room. The operations room is visited in groups of at most eight."
    ),
}

# The risk-assessment checklist (admin: Visits > Risk checklist), with who owns each risk.
RISK_CHECKLIST = [
    (
        RiskCategory.HEALTH,
        "Illness or injury of a participant",
        "Check dietary and accessibility needs; first-aid kit on the coach; nearest hospital "
        "in the briefing.",
        "Programme manager",
    ),
    (
        RiskCategory.TRANSPORT,
        "Road transfer Helsinki Airport – Mikkeli",
        "Licensed coach company, seat belts, a driver's rest stop after two hours.",
        "Coach company",
    ),
    (
        RiskCategory.WEATHER,
        "Storm, ice or heat during outdoor items",
        "Check the forecast the day before; indoor alternative for every outdoor item.",
        "Programme manager",
    ),
    (
        RiskCategory.SITE,
        "Hazards at exercise grounds and on the water",
        "The host's own safety briefing; helmets and life jackets provided by the host.",
        "Host organisations",
    ),
    (
        RiskCategory.SECURITY,
        "Security of a high-level delegation",
        "Share the itinerary only with those who need it; mark the visit confidential when asked.",
        "Escort",
    ),
    (
        RiskCategory.DATA,
        "Participants' personal data",
        "ID details only to hosts that vet visitors; deleted after the retention period.",
        "Programme manager",
    ),
]

DUTY_OF_CARE = {
    "manager_phone": "+358 40 555 0142",
    "nearest_hospital": (
        "Mikkeli Central Hospital (Keskussairaala), Porrassalmenkatu 35–37, 50100 Mikkeli. "
        "Emergencies: 112."
    ),
    "meeting_points": (
        "Hotel Naisvuori lobby, 15 minutes before each departure. In an evacuation: the "
        "market square side of the hotel, by the fountain."
    ),
}

# The interpreter and the escort (admin: Visits > Interpreters and escorts).
INTERPRETER = {
    "kind": ResourceKind.INTERPRETER,
    "name": "Leena Virtanen",
    "phone": "+358 40 555 0175",
    "email": "leena.virtanen@tulkkaus.example",
    "languages": "de, en, fi, sv",
}
ESCORT = {
    "kind": ResourceKind.ESCORT,
    "name": "Juha Laine",
    "phone": "+358 50 555 0133",
    "email": "juha.laine@paamaja.example",
    "languages": "en, fi",
}
# How many participants of each visit about now have acknowledged the briefing.
ACKNOWLEDGED = {bookings_demo.IN_PROGRESS: 5, bookings_demo.STARTS_TOMORROW: 4}

INCIDENTS = {
    bookings_demo.ENDED_RECENTLY: {
        "day": 1,
        "time": datetime.time(6, 40),
        "severity": Severity.LOW,
        "description": (
            "The hotel's fire alarm went off at 06:40 (smoke from the breakfast kitchen). "
            "Everyone left the building; all seven participants were at the meeting point "
            "within six minutes."
        ),
        "informed": "Programme manager; the head of the delegation.",
        "actions": (
            "Head count at the meeting point, back inside after the rescue service's "
            "all-clear at 07:05. The morning programme started on time."
        ),
    },
    bookings_demo.ENDED_EARLIER: {
        "day": 2,
        "time": datetime.time(15, 50),
        "severity": Severity.MEDIUM,
        "description": (
            "A participant twisted an ankle stepping off the rescue boat during the lake exercise."
        ),
        "informed": (
            "Programme manager; the head of the delegation; the participant's emergency "
            "contact, at her request."
        ),
        "actions": (
            "First aid by the volunteer crew, an X-ray at the Mikkeli health centre (no "
            "fracture). The participant joined the rest of the programme with a support "
            "bandage; the coach picked her up at each site."
        ),
    },
}


# --------------------------------------------------------------------------- look-ups


def visit_for(key: str) -> Visit | None:
    """The visit of one of bookings.demo's delegations (None until the demo made it)."""
    booking = bookings_demo.booking_for(key)
    if booking is None:
        return None
    return Visit.objects.filter(booking=booking).select_related("booking").first()


def canonical_hosts() -> dict[str, HostOrganisation]:
    """The demo's host organisations in the original language, by slug."""
    default = Locale.get_default()
    return {host.slug: host for host in HostOrganisation.objects.filter(locale=default)}


def host_users(context: DemoContext) -> dict[str, object]:
    """The user who answers for each host (the demo host user for its organisation)."""
    User = get_user_model()
    users = {DEMO_HOST: context.demo_user(HOSTS)}
    for slug, (_first, _last, email) in HOST_CONTACTS.items():
        users[slug] = User.objects.filter(email__iexact=email).first()
    return users


# --------------------------------------------------------------------------- load


def load(context: DemoContext) -> DemoSection | None:
    hosts = canonical_hosts()
    if DEMO_HOST not in hosts:
        return None  # not the demo catalogue
    manager = context.demo_user(PROGRAMME_MANAGERS)
    _checklist(context)
    users = _host_users(context, hosts)
    _availability(context, hosts[DEMO_HOST], users[DEMO_HOST])
    if SITUATION_CENTRE in hosts and users.get(SITUATION_CENTRE) is not None:
        _vetting_rules(context, hosts[SITUATION_CENTRE], users[SITUATION_CENTRE])

    booking = bookings_demo.booking_for(bookings_demo.UPCOMING)
    if booking is not None:
        _upcoming_visit(context, booking, manager, users)
    for key in (bookings_demo.ENDED_RECENTLY, bookings_demo.ENDED_EARLIER):
        booking = bookings_demo.booking_for(key)
        if booking is not None:
            _ended_visit(context, key, booking, manager, users)
    booking = bookings_demo.booking_for(bookings_demo.FULL_DEPARTURE)
    if booking is not None:
        # As the booking_confirmed signal does after the commit: its visit, in planning.
        _planned_visit(context, booking, manager)
    interpreter, escort = _resource(context, INTERPRETER), _resource(context, ESCORT)
    for key in (bookings_demo.IN_PROGRESS, bookings_demo.STARTS_TOMORROW):
        booking = bookings_demo.booking_for(key)
        if booking is not None:
            _visit_about_now(context, key, booking, manager, users, interpreter, escort)
    return _section(context)


def _section(context: DemoContext) -> DemoSection:
    visits = Visit.objects.exclude(status=VisitStatus.CANCELLED)
    ended = visits.filter(ends_on__lt=context.today).count()
    upcoming = visits.filter(starts_on__gt=context.today).count()
    lines = [
        (
            _("Visits"),
            _("%(total)s (%(upcoming)s upcoming, %(current)s in progress, %(ended)s ended)")
            % {
                "total": visits.count(),
                "upcoming": upcoming,
                "current": visits.count() - upcoming - ended,
                "ended": ended,
            },
        )
    ]
    statuses = Counter(
        SiteVisit.objects.filter(
            item__visit__status__in=OPEN_VISIT_STATES, item__removed=False
        ).values_list("status", flat=True)
    )
    if statuses:
        lines.append(
            (
                _("Site-visit requests"),
                ", ".join(
                    f"{label}: {statuses[value]}"
                    for value, label in SiteVisitStatus.choices
                    if statuses[value]
                ),
            )
        )
    base = settings.BASE_URL
    upcoming = visit_for(bookings_demo.UPCOMING)
    if visit_for(bookings_demo.IN_PROGRESS) is not None:
        path = reverse("visits_admin:situation")
        lines.append((_("Situational picture (today and tomorrow)"), f"{base}{path}"))
    if upcoming is not None:
        with translation.override(upcoming.booking.language):
            path = reverse("visits:itinerary", args=[upcoming.pk])
        lines.append((_("The delegation's itinerary"), f"{base}{path}"))
        waiting = SiteVisit.objects.filter(
            item__visit=upcoming, status=SiteVisitStatus.REQUESTED, host__slug=DEMO_HOST
        ).first()
        if waiting is not None:
            with translation.override(context.demo_user(HOSTS).preferred_language):
                path = reverse("visits:host_request", args=[waiting.pk])
            lines.append((_("Request waiting for the host"), f"{base}{path}"))
        path = reverse("visits_admin:detail", args=[upcoming.pk])
        lines.append((_("The visit in the admin"), f"{base}{path}"))
    with translation.override(context.demo_user(HOSTS).preferred_language):
        path = reverse("visits:host_vetting_index")
    lines.append((_("The demo host's vetting lists"), f"{base}{path}"))
    current = visit_for(bookings_demo.IN_PROGRESS)
    if current is not None:
        today_site = (
            SiteVisit.objects.filter(
                item__visit=current,
                status=SiteVisitStatus.ACCEPTED,
                item__starts_at__date=context.today,
            )
            .order_by("item__starts_at")
            .first()
        )
        if today_site is not None:
            path = reverse("visits:check_in", args=[today_site.pk])
            lines.append((_("Check-in at today's site visit (phone)"), f"{base}{path}"))
    return DemoSection(_("Visits"), lines)


def _checklist(context: DemoContext) -> None:
    for position, (category, title, guidance, _owner) in enumerate(RISK_CHECKLIST):
        line, created = RiskTemplate.objects.get_or_create(
            title=title,
            defaults={"category": category, "guidance": guidance, "position": position},
        )
        context.note("created" if created else "unchanged", line)


def _host_users(context: DemoContext, hosts: dict[str, HostOrganisation]) -> dict:
    User = get_user_model()
    group, _created = Group.objects.get_or_create(name=HOSTS)
    for slug, (first_name, last_name, email) in HOST_CONTACTS.items():
        if slug not in hosts or User.objects.filter(email__iexact=email).exists():
            continue
        # A host contact who never signs in to the demo: no usable password.
        user = User(email=email, first_name=first_name, last_name=last_name)
        user.preferred_language = "fi"
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
        context.note("created", user)
    users = host_users(context)
    for slug, user in users.items():
        if user is None or slug not in hosts:
            continue
        membership, created = HostMembership.objects.get_or_create(user=user, host=hosts[slug])
        context.note("created" if created else "unchanged", membership)
    return users


def _availability(context: DemoContext, host: HostOrganisation, user) -> None:
    """The demo host's opening hours and visitor rules, entered as the host does."""
    existing = HostAvailability.objects.filter(host=host).first()
    if existing is not None and existing.weekly_hours:
        context.note("unchanged", existing)
        return
    availability = host_availability_update(host=host, actor=user, **DEMO_HOST_AVAILABILITY)
    context.note("created", availability)


# The joint situation centre vets every visitor two weeks ahead, by the passport.
SITUATION_CENTRE_VETTING = {
    "vetting_days": 14,
    "vetting_fields": [
        "first_name",
        "last_name",
        "nationality",
        "date_of_birth",
        "id_document_type",
        "id_document_number",
        "id_document_expiry",
    ],
}


def _vetting_rules(context: DemoContext, host: HostOrganisation, user) -> None:
    """A host that entered only what it vets by (no opening hours: none are checked)."""
    existing = HostAvailability.objects.filter(host=host).first()
    if existing is not None and existing.vetting_fields:
        context.note("unchanged", existing)
        return
    availability = host_availability_update(
        host=host,
        actor=user,
        weekly_hours=existing.weekly_hours if existing else {},
        **SITUATION_CENTRE_VETTING,
    )
    context.note("created", availability)


def _site_visits(visit: Visit) -> dict[str, SiteVisit]:
    """The visit's site-visit requests by host slug (the first, if a host has two)."""
    found: dict[str, SiteVisit] = {}
    for site_visit in (
        SiteVisit.objects.filter(item__visit=visit)
        .select_related("host", "item")
        .order_by("-item__starts_at")
    ):
        found[site_visit.host.slug] = site_visit
    return found


def _upcoming_visit(context: DemoContext, booking, manager, users: dict) -> None:
    existing = Visit.objects.filter(booking=booking).first()
    if existing is not None:
        context.note("unchanged", existing)
        return
    visit = visit_create_for_booking(booking_id=booking.pk)
    visit_update_duty_of_care(visit=visit, actor=manager, manager=manager, **DUTY_OF_CARE)
    context.note("created", visit)
    requests = _site_visits(visit)
    for slug in (SITUATION_CENTRE, DEMO_HOST, VOLUNTEERS):
        if slug in requests and users.get(slug) is not None:
            # The manager has looked at the warnings (travel times, the participant list).
            site_visit_send(site_visit=requests[slug], actor=manager, accept_warnings=True)
    if SITUATION_CENTRE in requests and users.get(SITUATION_CENTRE) is not None:
        site_visit_accept(site_visit=requests[SITUATION_CENTRE], actor=users[SITUATION_CENTRE])
    if VOLUNTEERS in requests and users.get(VOLUNTEERS) is not None:
        item = requests[VOLUNTEERS].item
        later = datetime.timedelta(hours=1)
        site_visit_propose(
            site_visit=requests[VOLUNTEERS],
            actor=users[VOLUNTEERS],
            starts_at=item.starts_at + later,
            ends_at=item.ends_at + later,
        )


def _planned_visit(context: DemoContext, booking, manager) -> None:
    existing = Visit.objects.filter(booking=booking).first()
    if existing is not None:
        context.note("unchanged", existing)
        return
    visit = visit_create_for_booking(booking_id=booking.pk)
    visit_update_duty_of_care(visit=visit, actor=manager, manager=manager, **DUTY_OF_CARE)
    context.note("created", visit)


def _resource(context: DemoContext, spec: dict) -> Resource:
    resource = Resource.objects.filter(kind=spec["kind"], name=spec["name"]).first()
    if resource is None:
        resource = Resource.objects.create(**spec)
        context.note("created", resource)
    return resource


def _visit_about_now(
    context: DemoContext, key: str, booking, manager, users: dict, interpreter, escort
) -> None:
    """A visit in progress today, or one starting tomorrow: prepared as the manager does,
    with the interpreter or the escort and most of the briefing acknowledgements."""
    existing = Visit.objects.filter(booking=booking).first()
    if existing is not None:
        context.note("unchanged", existing)
        return
    visit = visit_create_for_booking(booking_id=booking.pk)
    _prepared(
        visit,
        manager,
        users,
        escort=escort if key == bookings_demo.IN_PROGRESS else None,
        refuse_one=key == bookings_demo.STARTS_TOMORROW,
    )
    if key == bookings_demo.IN_PROGRESS:
        visit_start(visit=visit, actor=manager)
        # Today's situational picture: who arrived so far (one participant missing).
        _checked_in(visit, manager, until=timezone.now(), missing=1)
    else:
        # The interpreter at each site visit; resource_assign refuses a double booking.
        for item in visit.items.filter(kind=ItemKind.SITE_VISIT, removed=False):
            if not ResourceAssignment.objects.filter(
                resource=interpreter,
                item__removed=False,
                item__starts_at__lt=item.ends_at,
                item__ends_at__gt=item.starts_at,
            ).exists():
                resource_assign(item=item, resource=interpreter, actor=manager)
    for participant in booking.participants.order_by("pk")[: ACKNOWLEDGED.get(key, 0)]:
        briefing_acknowledge(participant=participant)
    context.note("created", visit)


def _prepared(
    visit: Visit, manager, users: dict, *, escort=None, refuse_one: bool = False
) -> Visit:
    """Hosts accepted (as history), risks owned and approved, duty of care, ready."""
    # History: every host had accepted its request about three weeks before the visit.
    for site_visit in SiteVisit.objects.filter(item__visit=visit).select_related("host", "item"):
        SiteVisit.objects.filter(pk=site_visit.pk).update(
            status=SiteVisitStatus.ACCEPTED,
            answered_at=site_visit.item.starts_at - datetime.timedelta(days=20),
            answered_by=users.get(site_visit.host.slug),
        )
    # The owners, as the programme manager enters them on the visit's risk form.
    owners = {category: owner for category, _t, _g, owner in RISK_CHECKLIST}
    for risk in visit.risk_assessment.risks.all():
        risk.owner = owners.get(risk.category, manager.get_full_name())
        risk.likelihood, risk.impact = (2, 3) if risk.category == RiskCategory.SITE else (1, 3)
        risk.save(update_fields=["owner", "likelihood", "impact"])
    risk_assessment_approve(assessment=visit.risk_assessment, actor=manager)
    visit = visit_update_duty_of_care(
        visit=visit, actor=manager, manager=manager, escort=escort, **DUTY_OF_CARE
    )
    _needs(visit)
    # Hosts that vet their visitors have cleared the delegation (one refusal, which the
    # manager confirms, for the visit that starts tomorrow).
    refused = _vetted(visit, users, refuse_one=refuse_one)
    return visit_mark_ready(visit=visit, actor=manager, accept_refusals=refused)


# What the participants wrote in their details' dietary and accessibility fields, in
# turn (the bookings demo leaves them empty); the one with an accessibility need agreed
# to be named with it, so the catering summary shows counts and that one name.
DEMO_NEEDS = (
    ("Vegetarian", ""),
    ("", ""),
    ("Gluten-free", ""),
    ("Halal, no alcohol in sauces", "Step-free access (recovering from knee surgery)"),
    ("", ""),
    ("vegetarian", ""),
    ("Lactose-free", ""),
)


def _needs(visit: Visit) -> None:

    participants = Participant.objects.filter(
        booking_id=visit.booking_id, anonymised_at__isnull=True
    ).order_by("pk")
    for participant, (diet, access) in zip(participants, DEMO_NEEDS, strict=False):
        if participant.dietary_needs or participant.accessibility_needs:
            continue
        Participant.objects.filter(pk=participant.pk).update(
            dietary_needs=diet, accessibility_needs=access
        )
        if access:
            needs_sharing_set(participant=participant, share_name=True)


def _vetted(visit: Visit, users: dict, *, refuse_one: bool = False) -> bool:
    refused = False
    for listing in vetting_state(visit):
        host_user = users.get(listing.site_visit.host.slug)
        if host_user is None:
            continue
        for number, row in enumerate(listing.rows):
            status = "refused" if refuse_one and number == len(listing.rows) - 1 else "cleared"
            refused = refused or status == "refused"
            vetting_decide(
                site_visit=listing.site_visit,
                participant=row.participant,
                status=status,
                actor=host_user,
            )
    return refused


def _checked_in(visit: Visit, manager, *, until, missing: int = 0) -> None:
    """The escort checked the delegation in at each site visit that had started by
    `until`, a few minutes after its start; the last `missing` of them never arrived."""
    participants = list(visit.booking.participants.order_by("pk"))
    for site_visit in SiteVisit.objects.filter(
        item__visit=visit,
        item__removed=False,
        item__starts_at__lte=until,
        status=SiteVisitStatus.ACCEPTED,
    ).select_related("item"):
        present = participants[: len(participants) - missing] if missing else participants
        for minutes, participant in enumerate(present):
            pressed = site_visit.item.starts_at + datetime.timedelta(minutes=minutes % 6)
            try:
                attendance_check_in(
                    site_visit=site_visit,
                    participant=participant,
                    actor=manager,
                    at_millis=int(pressed.timestamp() * 1000),
                )
            except VisitError:
                continue  # refused at vetting: never let in


def _ended_visit(context: DemoContext, key: str, booking, manager, users: dict) -> None:
    existing = Visit.objects.filter(booking=booking).first()
    if existing is not None:
        context.note("unchanged", existing)
        return
    visit = visit_create_for_booking(booking_id=booking.pk)
    visit = _prepared(visit, manager, users, refuse_one=key == bookings_demo.ENDED_RECENTLY)
    visit_start(visit=visit, actor=manager)
    # Attendance: everyone at every site visit, but one participant missed the last day's.
    last_day = at(visit.ends_on, datetime.time.min)
    _checked_in(visit, manager, until=last_day)
    _checked_in(visit, manager, until=at(visit.ends_on, datetime.time.max), missing=1)
    incident = INCIDENTS.get(key)
    if incident is not None:
        day = visit.starts_on + datetime.timedelta(days=incident["day"])
        incident_log(
            visit=visit,
            actor=manager,
            occurred_at=at(day, incident["time"]),
            description=incident["description"],
            informed=incident["informed"],
            actions=incident["actions"],
            severity=incident["severity"],
        )
    visit_complete(visit=visit, actor=manager)
    context.note("created", visit)
