"""Reads for reports and the dashboard.

`report_data` gathers one visit's figures as a JSON-safe dict (Decimals as strings),
which is what a LearningReport stores in `content` and what the web page, the PDF and
the CSV render. Every section is one or two aggregate queries, whatever the number of
answers, so compiling grows linearly with the rows the database reads.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from wagtail.coreutils import get_supported_content_language_variant

from bookings.models import BookingLine, Participant, RoomReservation
from programmes.models import ProgrammePage, ThemePage
from visits.attendance import attendance_per_site
from visits.enums import SiteVisitStatus
from visits.models import Incident, ItineraryItem, SiteVisit, Visit
from visits.selectors import visits_for_delegation_user

from . import stats
from .enums import (
    OBJECTIVE_MET_FROM,
    InvitationKind,
    ReportStatus,
)
from .models import (
    FeedbackInvitation,
    FeedbackResponse,
    FollowUpResponse,
    HostDebrief,
    LearningReport,
    ObjectiveRating,
    SiteVisitRating,
)

Progress = Callable[[int, str], None]

# The order in which report_data builds the sections; the compile task reports progress
# after each one.
STEPS = (
    "delegation",
    "programme",
    "ratings",
    "objectives",
    "quotes",
    "follow_up",
    "safety",
    "region",
)


def _programme_plan(programme) -> list[dict]:
    planned = []
    for day in programme.itinerary or []:
        for item in day.value["items"]:
            host = item.get("host")
            planned.append(
                {
                    "day": day.value["title"],
                    "kind": item["kind"],
                    "title": item["title"],
                    "host": str(host) if host else "",
                }
            )
    return planned


def delegation_figures(visit: Visit) -> dict:
    """Participants, organisations and countries: counts and country codes, never names."""
    booking = visit.booking
    rows = list(
        Participant.objects.filter(booking=booking).values_list("organisation", "nationality")
    )
    # Participants name their own organisation; one who leaves it empty comes from the
    # booking organisation, which is counted once, under its name, so that participants
    # who write that same name do not count it a second time.
    organisations = {org.strip().casefold() for org, _ in rows if org.strip()}
    if not rows or any(not org.strip() for org, _ in rows):
        organisations.add(booking.organisation.name.strip().casefold())
    # One count of people: the delegation's size as booked (or the named participants,
    # if more were named). Those whose nationality is not known -- not named yet, or
    # left empty -- are counted under the booking organisation's country, so the
    # country table always adds up to the participants figure.
    participants = max(len(rows), booking.participants_count)
    countries = Counter(code.upper() for _, code in rows if code)
    unknown = participants - sum(countries.values())
    if unknown > 0:
        countries[booking.organisation.country.upper()] += unknown
    return {
        "participants": participants,
        "organisations": len(organisations),
        "countries": dict(sorted(countries.items())),
        "country_count": len(countries),
        "organisation_type": booking.organisation.get_type_display(),
    }


def programme_delivery(visit: Visit) -> dict:
    planned = _programme_plan(visit.programme)
    items = list(
        ItineraryItem.objects.filter(visit=visit)
        .select_related("host", "site_visit")
        .order_by("starts_at", "pk")
    )
    delivered = [
        {
            "title": item.title,
            "kind": item.kind,
            "kind_label": str(item.get_kind_display()),
            "host": item.host.name if item.host else "",
            "starts_at": item.starts_at.isoformat(),
            "removed": item.removed,
            "site_visit_status": getattr(getattr(item, "site_visit", None), "status", ""),
        }
        for item in items
    ]
    held = [d for d in delivered if not d["removed"]]
    return {
        "planned": planned,
        "delivered": delivered,
        "planned_count": len(planned),
        "delivered_count": len(held),
        "removed_count": len(delivered) - len(held),
        "planned_site_visits": sum(1 for p in planned if p["kind"] == "site_visit"),
        "delivered_site_visits": sum(
            1
            for d in held
            if d["kind"] == "site_visit" and d["site_visit_status"] == SiteVisitStatus.ACCEPTED
        ),
        # Who was checked in at each site visit the delegation was received at (counts).
        "attendance": [
            {k: row[k] for k in ("title", "host", "checked_in", "expected")}
            for row in attendance_per_site(visit)
        ],
    }


def site_ratings(visit: Visit) -> dict:
    """Per site visit and per host: mean, distribution and n of the 1–5 ratings."""
    site_visits = list(
        SiteVisit.objects.filter(item__visit=visit, item__removed=False)
        .select_related("host", "item")
        .order_by("item__starts_at", "pk")
    )
    values: dict[int, list[int]] = defaultdict(list)
    for site_visit_id, rating in SiteVisitRating.objects.filter(
        response__visit=visit, rating__isnull=False
    ).values_list("site_visit_id", "rating"):
        values[site_visit_id].append(rating)
    debriefs = {
        d.site_visit_id: d for d in HostDebrief.objects.filter(site_visit__item__visit=visit)
    }
    per_site, per_host = [], defaultdict(list)
    for sv in site_visits:
        summary = stats.rating_summary(values.get(sv.pk, []))
        debrief = debriefs.get(sv.pk)
        per_site.append(
            {
                "site_visit_id": sv.pk,
                "title": sv.item.title,
                "host": sv.host.name,
                "host_id": sv.host_id,
                **summary.as_dict(),
                "debrief": {
                    "how_it_went": debrief.how_it_went,
                    "questions_asked": debrief.questions_asked,
                    "follow_up_contacts": debrief.follow_up_contacts,
                    "cooperation": debrief.cooperation,
                }
                if debrief
                else None,
            }
        )
        per_host[(sv.host_id, sv.host.name)].extend(values.get(sv.pk, []))
    hosts = [
        {"host_id": host_id, "host": name, **stats.rating_summary(v).as_dict()}
        for (host_id, name), v in per_host.items()
    ]
    return {"sites": per_site, "hosts": hosts}


def feedback_figures(visit: Visit) -> dict:
    invited = FeedbackInvitation.objects.filter(
        visit=visit, kind=InvitationKind.FEEDBACK, revoked_at__isnull=True
    ).count()
    answers = list(
        FeedbackResponse.objects.filter(visit=visit).values_list("overall_rating", "nps")
    )
    overall = stats.rating_summary([a[0] for a in answers])
    nps = stats.net_promoter_score([a[1] for a in answers])
    rate = stats.response_rate(invited=max(invited, len(answers)), answered=len(answers))
    return {
        "invited": invited,
        "answered": len(answers),
        "response_rate": None if rate is None else str(rate),
        "overall": overall.as_dict(),
        "nps": nps.as_dict(),
    }


def objective_figures(visit: Visit) -> list[dict]:
    objectives = visit.programme.learning_objectives_list
    answers = ObjectiveRating.objects.filter(response__visit=visit).values_list("position", "met")
    return stats.objectives_met(objectives, answers, met_from=OBJECTIVE_MET_FROM)


def quotes(visit: Visit) -> list[dict]:
    rows = []
    for consent, name, country, apply_at_home, improve in FeedbackResponse.objects.filter(
        visit=visit
    ).values_list("consent", "quote_name", "quote_country", "apply_at_home", "improve"):
        base = {"consent": consent, "name": name, "country": country}
        rows.append({**base, "text": apply_at_home, "topic": "apply"})
        rows.append({**base, "text": improve, "topic": "improve"})
    for consent, name, behaviour, results in FollowUpResponse.objects.filter(
        visit=visit
    ).values_list("consent", "quote_name", "behaviour", "results"):
        base = {"consent": consent, "name": name}
        rows.append({**base, "text": behaviour, "topic": "behaviour"})
        rows.append({**base, "text": results, "topic": "results"})
    return choose_quotes(stats.quotes_with_consent(rows))


QUOTES_MAX = 12


def choose_quotes(quotes: list[dict], *, limit: int = QUOTES_MAX) -> list[dict]:
    """At most `limit` quotes, taken in turn from each topic so every question is heard."""
    by_topic: dict[str, list[dict]] = defaultdict(list)
    for quote in quotes:
        by_topic[quote["topic"]].append(quote)
    chosen: list[dict] = []
    queues = list(by_topic.values())
    while len(chosen) < limit and any(queues):
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    return chosen


def follow_up_figures(visit: Visit) -> dict:
    invited = FeedbackInvitation.objects.filter(
        visit=visit, kind=InvitationKind.FOLLOW_UP, revoked_at__isnull=True
    ).count()
    rows = list(
        FollowUpResponse.objects.filter(visit=visit).values_list("applied_level", "cooperation")
    )
    levels = Counter(level for level, _ in rows)
    host_cooperation = HostDebrief.objects.filter(
        site_visit__item__visit=visit, cooperation=True
    ).count()
    participant_cooperation = sum(1 for _, coop in rows if coop)
    rate = stats.response_rate(invited=max(invited, len(rows)), answered=len(rows))
    return {
        "invited": invited,
        "answered": len(rows),
        "response_rate": None if rate is None else str(rate),
        "applied": {str(k): levels.get(k, 0) for k in (1, 2, 3)},
        "participant_cooperation": participant_cooperation,
        "host_cooperation": host_cooperation,
        "cooperation_count": participant_cooperation + host_cooperation,
    }


def incident_figures(visit: Visit) -> dict:
    incidents = list(Incident.objects.filter(visit=visit).order_by("occurred_at", "pk"))
    by_severity = Counter(i.severity for i in incidents)
    return {
        "count": len(incidents),
        "by_severity": {k: by_severity.get(k, 0) for k in ("low", "medium", "high")},
        "items": [
            {
                "occurred_at": i.occurred_at.isoformat(),
                "severity": i.severity,
                "description": i.description,
                "actions": i.actions,
            }
            for i in incidents
        ],
    }


def region_gain(visit: Visit) -> dict:
    """Hotel room nights and guest nights from the reservations; spend from the lines."""
    room_nights = guest_nights = 0
    for occupancy, rooms in RoomReservation.objects.filter(booking=visit.booking).values_list(
        "occupancy", "rooms"
    ):
        room_nights += rooms
        guest_nights += rooms * (2 if occupancy == "double" else 1)
    by_kind: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for kind, quantity, unit_price in BookingLine.objects.filter(booking=visit.booking).values_list(
        "kind", "quantity", "unit_price"
    ):
        by_kind[kind] += Decimal(quantity) * Decimal(unit_price)
    total = stats.money_sum(by_kind.values())
    return {
        "room_nights": room_nights,
        "guest_nights": guest_nights,
        "spend_by_kind": {k: str(stats.money_sum([v])) for k, v in sorted(by_kind.items())},
        "spend_total": str(total),
    }


def report_data(visit: Visit, *, progress: Progress | None = None) -> dict:
    """Every figure of one visit's report. `progress(percent, step)` after each section."""
    visit = Visit.objects.select_related("booking__organisation", "booking__programme").get(
        pk=visit.pk
    )
    builders = {
        "delegation": lambda: delegation_figures(visit),
        "programme": lambda: programme_delivery(visit),
        "ratings": lambda: {**site_ratings(visit), "feedback": feedback_figures(visit)},
        "objectives": lambda: objective_figures(visit),
        "quotes": lambda: quotes(visit),
        "follow_up": lambda: follow_up_figures(visit),
        "safety": lambda: incident_figures(visit),
        "region": lambda: region_gain(visit),
    }
    data = {
        "visit": {
            "id": visit.pk,
            "reference": visit.booking.reference,
            "programme": visit.programme.title,
            "starts_on": visit.starts_on.isoformat(),
            "ends_on": visit.ends_on.isoformat(),
        }
    }
    for index, step in enumerate(STEPS, start=1):
        data[step] = builders[step]()
        if progress:
            progress(int(100 * index / len(STEPS)), step)
    return data


# --------------------------------------------------------------------------- access


def reports_for_user(user) -> QuerySet[LearningReport]:
    """Reports a staff user may open: reviewers and managers all; others none."""
    qs = LearningReport.objects.select_related("visit__booking__programme")
    if user.has_perm("learning_reports.review_learningreport") or user.has_perm(
        "learning_reports.change_learningreport"
    ):
        return qs
    return qs.none()


# --------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class DashboardFilter:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    programme_id: int | None = None
    theme_id: int | None = None
    host_id: int | None = None
    country: str = ""


def booking_panel_visit(*, booking, user) -> Visit | None:
    """For the booking page's "After the visit" panel, in one query: the booking's visit if
    `user` may see it (as the visit's own pages), with its learning report and the pk and
    nonce of the user's own open feedback invitation (None without one)."""
    invitation = FeedbackInvitation.objects.filter(
        visit=OuterRef("pk"),
        kind=InvitationKind.FEEDBACK,
        participant__email__iexact=user.email,
        answered_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-pk")
    return (
        visits_for_delegation_user(user)
        .filter(booking=booking)
        .select_related("learning_report")
        .annotate(
            invitation_pk=Subquery(invitation.values("pk")[:1]),
            invitation_nonce=Subquery(invitation.values("nonce")[:1]),
        )
        .first()
    )


def dashboard_visits(f: DashboardFilter) -> QuerySet[Visit]:
    qs = Visit.objects.filter(status="completed")
    if f.date_from:
        qs = qs.filter(starts_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(starts_on__lte=f.date_to)
    if f.programme_id:
        # The programme in any of its languages (the filter lists each page once).
        same = ProgrammePage.objects.filter(pk=f.programme_id).values("translation_key")
        programme_ids = ProgrammePage.objects.filter(translation_key__in=same).values("pk")
        qs = qs.filter(booking__programme_id__in=programme_ids)
    if f.theme_id:
        same = ThemePage.objects.filter(pk=f.theme_id).values("translation_key")
        theme_ids = ThemePage.objects.filter(translation_key__in=same).values("pk")
        programme_ids = ProgrammePage.objects.filter(themes__id__in=theme_ids).values("pk")
        qs = qs.filter(booking__programme_id__in=programme_ids)
    if f.host_id:
        qs = qs.filter(items__host_id=f.host_id, items__removed=False)
    if f.country:
        qs = qs.filter(
            Q(booking__organisation__country=f.country.upper())
            | Q(booking__participants__nationality=f.country.upper())
        )
    return qs.distinct()


def _per_visit(rows: QuerySet, visit: str, value, *, zero=0) -> Coalesce:
    """A subquery giving, for each visit of the outer query, `value` aggregated over
    `rows` whose `visit` path names it (0 where there are none)."""
    outer = "booking_id" if visit == "booking_id" else "pk"
    return Coalesce(
        Subquery(
            rows.filter(**{visit: OuterRef(outer)})
            .order_by()
            .values(visit)
            .annotate(value=value)
            .values("value")
        ),
        Value(zero),
    )


def _localized_title() -> Subquery:
    """The title of the booked programme's page in the reader's language (the booking
    names the page in the language it was booked in); None without that translation."""
    language = get_supported_content_language_variant(translation.get_language())
    return Subquery(
        ProgrammePage.objects.filter(
            translation_key=OuterRef("booking__programme__translation_key"),
            locale__language_code=language,
        ).values("title")[:1]
    )


def dashboard_figures(f: DashboardFilter) -> dict:
    """Every figure of the dashboard, in a fixed number of queries (not one per visit):
    the counts and sums per visit come with the visits, as subqueries of their query."""
    objectives = ObjectiveRating.objects.all()
    visits = list(
        Visit.objects.filter(pk__in=dashboard_visits(f).values("pk"))
        .select_related("booking__organisation", "booking__programme", "learning_report")
        .annotate(
            programme_title=_localized_title(),
            objective_n=_per_visit(objectives, "response__visit_id", Count("pk")),
            objective_met=_per_visit(
                objectives, "response__visit_id", Count("pk", filter=Q(met__gte=OBJECTIVE_MET_FROM))
            ),
            cooperating_follow_ups=_per_visit(
                FollowUpResponse.objects.filter(cooperation=True), "visit_id", Count("pk")
            ),
            cooperating_hosts=_per_visit(
                HostDebrief.objects.filter(cooperation=True),
                "site_visit__item__visit_id",
                Count("pk"),
            ),
            room_nights=_per_visit(RoomReservation.objects.all(), "booking_id", Sum("rooms")),
            guest_nights=_per_visit(
                RoomReservation.objects.all(),
                "booking_id",
                Sum(
                    Case(
                        When(occupancy="double", then=F("rooms") * 2),
                        default=F("rooms"),
                        output_field=IntegerField(),
                    )
                ),
            ),
            spend=_per_visit(
                BookingLine.objects.all(),
                "booking_id",
                Sum(F("quantity") * F("unit_price"), output_field=DecimalField()),
                zero=Decimal("0.00"),
            ),
        )
        .order_by("starts_on", "pk")
    )
    visit_ids = [v.pk for v in visits]
    booking_ids = [v.booking_id for v in visits]
    participants = list(
        Participant.objects.filter(booking_id__in=booking_ids).values_list(
            "booking_id", "nationality"
        )
    )
    per_booking = Counter(b for b, _ in participants)
    countries = Counter(code.upper() for _, code in participants if code)
    for v in visits:
        if per_booking.get(v.booking_id, 0) == 0:
            countries[v.booking.organisation.country.upper()] += v.booking.participants_count
    participant_total = sum(
        per_booking.get(v.booking_id) or v.booking.participants_count for v in visits
    )
    answers = list(
        FeedbackResponse.objects.filter(visit_id__in=visit_ids).values_list(
            "visit_id", "overall_rating", "nps"
        )
    )
    by_visit: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for visit_id, rating, nps in answers:
        by_visit[visit_id].append((rating, nps))
    trend = []
    for v in visits:
        rows = by_visit.get(v.pk, [])
        trend.append(
            {
                "visit_id": v.pk,
                "label": f"{v.starts_on:%Y-%m}",
                "reference": v.booking.reference,
                "programme": v.programme_title or v.booking.programme.title,
                "starts_on": v.starts_on.isoformat(),
                "n": len(rows),
                "satisfaction": stats.mean([r for r, _ in rows]),
                "nps": stats.net_promoter_score([n for _, n in rows]).score,
                "report_id": getattr(getattr(v, "learning_report", None), "pk", None),
                "report_status": getattr(getattr(v, "learning_report", None), "status", ""),
            }
        )
    objective_n = sum(v.objective_n for v in visits)
    objective_met = sum(v.objective_met for v in visits)
    cooperation = sum(v.cooperating_follow_ups + v.cooperating_hosts for v in visits)
    room_nights = sum(v.room_nights for v in visits)
    guest_nights = sum(v.guest_nights for v in visits)
    spend = stats.money_sum(v.spend for v in visits)
    host_values: dict[tuple[int, str], list[int]] = defaultdict(list)
    for host_id, name, rating in SiteVisitRating.objects.filter(
        response__visit_id__in=visit_ids, rating__isnull=False
    ).values_list("site_visit__host_id", "site_visit__host__name", "rating"):
        host_values[(host_id, name)].append(rating)
    hosts = sorted(
        (
            {"host_id": hid, "host": name, **stats.rating_summary(v).as_dict()}
            for (hid, name), v in host_values.items()
        ),
        key=lambda h: (Decimal(h["mean"]), h["n"]),
        reverse=True,
    )
    all_ratings = [r for _, r, _ in answers]
    met_share = stats.share(objective_met, objective_n)
    return {
        "visits": len(visits),
        "participants": participant_total,
        "countries": dict(sorted(countries.items())),
        "country_count": len(countries),
        "answers": len(answers),
        "satisfaction": stats.mean(all_ratings),
        "nps": stats.net_promoter_score([n for _, _, n in answers]).score,
        "objectives_answers": objective_n,
        "objectives_met_share": met_share,
        "cooperation_count": cooperation,
        "room_nights": room_nights,
        "guest_nights": guest_nights,
        "spend": spend,
        "trend": trend,
        # Best and lowest never share a host: with ten or fewer, the upper half is "best"
        # and the rest "lowest".
        "hosts_best": hosts[: min(5, (len(hosts) + 1) // 2)],
        "hosts_worst": list(reversed(hosts[min(5, (len(hosts) + 1) // 2) :][-5:])),
    }


def published_reports() -> QuerySet[LearningReport]:
    return LearningReport.objects.filter(status=ReportStatus.PUBLISHED)


def answer_counts(visit: Visit) -> dict:
    """Invited and answered, per questionnaire: {"feedback": {...}, "follow_up": {...}}.

    Kept apart: the follow-up invitations go out three months later to the same people,
    so adding them to the feedback ones counted every participant twice."""
    counts = {}
    for key, kind in (
        ("feedback", InvitationKind.FEEDBACK),
        ("follow_up", InvitationKind.FOLLOW_UP),
    ):
        counts[key] = FeedbackInvitation.objects.filter(visit=visit, kind=kind).aggregate(
            invited=Count("pk", filter=Q(revoked_at__isnull=True)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
        )
    return counts
