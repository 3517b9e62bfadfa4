"""Public pages of the visits app: the host portal, the delegation's itinerary and
"today", the safety briefing, and the calendar feeds.

Every view checks the object against the user: a host user sees only requests to its
own organisations, a delegation only its own visit; anything else is a 404, so ids
cannot be probed. Views stay thin: a form validates, one service acts, a VisitError
becomes a message and nothing changes.
"""

from __future__ import annotations

import functools

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.roles import HOSTS, PROGRAMME_MANAGERS, staff_mfa_required, user_has_role
from bookings.errors import BookingError
from bookings.models import Participant
from bookings.participants import participant_of_link
from core.params import param_choice, param_id, param_int

from . import selectors, services
from .attendance import attendance_check_in, check_in_opens, check_in_rows
from .briefing import briefing_context, briefing_link_refusal
from .catering import needs_sharing_set
from .conflicts import availability_for
from .enums import VETTED_STATES, FeedKind, SiteVisitStatus, VettingStatus, VisitStatus
from .errors import VisitError
from .forms import AvailabilityForm, DeclineForm, ProposeForm
from .hours import day_text, weekly_hours_read
from .ical import DELEGATION, HOST, MANAGER, feed_bytes, item_summary
from .models import (
    BriefingAcknowledgement,
    CalendarFeed,
    HostClosedDate,
    ItineraryItem,
    NeedsSharingConsent,
    SiteVisit,
    Visit,
)
from .pdf import briefing_pdf_response, itinerary_pdf_response
from .timeutil import local_date
from .vetting import (
    vetting_csv,
    vetting_decide,
    vetting_list,
    vetting_lists_for_host_user,
    vetting_open,
)


def host_required(view):
    """Logged in, in the Hosts role, a member of at least one host organisation, and with
    TOTP set up (a staff role; accounts.middleware's STAFF_AREAS do not match these
    language-prefixed /<lang>/visits/host/ paths, so the portal checks it itself)."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not user_has_role(request.user, HOSTS) or not selectors.host_keys_for_user(request.user):
            raise Http404
        if staff_mfa_required() and not _has_totp(request.user):
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Please set it up to continue."),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped


def _has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _host_site_visit(request, pk: int) -> SiteVisit:
    return get_object_or_404(selectors.site_visits_for_host_user(request.user), pk=pk)


@host_required
def host_index(request):
    site_visits = list(selectors.site_visits_for_host_user(request.user))
    open_requests = [s for s in site_visits if s.status == SiteVisitStatus.REQUESTED]
    others = [s for s in site_visits if s.status != SiteVisitStatus.REQUESTED]
    return render(
        request,
        "visits/host_index.html",
        {
            "hosts": selectors.hosts_for_user(request.user),
            "open_requests": open_requests,
            "answered": others,
        },
    )


@host_required
def host_request(request, pk: int):
    site_visit = _host_site_visit(request, pk)
    decline_form = DeclineForm(prefix="decline")
    propose_form = ProposeForm(prefix="propose")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.site_visit_accept(site_visit=site_visit, actor=request.user)
                messages.success(request, _("You accepted the visit. Thank you."))
                return redirect("visits:host_request", pk=pk)
            if action == "decline":
                decline_form = DeclineForm(request.POST, prefix="decline")
                if decline_form.is_valid():
                    services.site_visit_decline(
                        site_visit=site_visit,
                        actor=request.user,
                        reason=decline_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("You declined the visit."))
                    return redirect("visits:host_request", pk=pk)
            elif action == "propose":
                propose_form = ProposeForm(request.POST, prefix="propose")
                if propose_form.is_valid():
                    services.site_visit_propose(
                        site_visit=site_visit,
                        actor=request.user,
                        starts_at=propose_form.cleaned_data["starts_at"],
                        ends_at=propose_form.cleaned_data["ends_at"],
                    )
                    messages.success(request, _("You proposed another time."))
                    return redirect("visits:host_request", pk=pk)
            else:
                messages.error(request, _("Please choose an answer."))
        except VisitError as error:
            messages.error(request, error.message)

    item = site_visit.item
    visit = item.visit
    return render(
        request,
        "visits/host_request.html",
        {
            "site_visit": site_visit,
            "item": item,
            "visit": visit,
            "confidential": visit.confidential,
            "decline_form": decline_form,
            "propose_form": propose_form,
            "can_answer": site_visit.status == SiteVisitStatus.REQUESTED,
            "vetting_open": vetting_open(site_visit),
            "may_check_in": site_visit.status == SiteVisitStatus.ACCEPTED
            and not item.removed
            and visit.status != VisitStatus.CANCELLED
            and timezone.localdate() >= check_in_opens(site_visit),
        },
        status=400 if request.method == "POST" else 200,
    )


def _feed_links(request, feed: CalendarFeed | None) -> dict | None:
    if feed is None:
        return None
    https = request.build_absolute_uri(reverse("visits_feed", args=[feed.token]))
    return {"feed": feed, "https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def _active_feed(**filters) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(revoked_at__isnull=True, **filters).first()


@host_required
def host_calendar(request):
    hosts = selectors.hosts_for_user(request.user)
    if request.method == "POST":
        target = request.POST.get("feed", "")
        if target == "me":
            services.feed_issue(kind=FeedKind.HOST_USER, user=request.user)
        else:
            host = next((h for h in hosts if str(h.pk) == target), None)
            if host is None:
                raise Http404
            services.feed_issue(kind=FeedKind.HOST, host=host)
        messages.success(
            request, _("A new calendar address was made; the previous one no longer works.")
        )
        return redirect("visits:host_calendar")
    # Each host's live feed, the first made (as _active_feed), in one query for all hosts.
    host_feeds: dict[int, CalendarFeed] = {}
    for feed in CalendarFeed.objects.filter(
        revoked_at__isnull=True, kind=FeedKind.HOST, host__in=hosts
    ).order_by("pk"):
        host_feeds.setdefault(feed.host_id, feed)
    return render(
        request,
        "visits/host_calendar.html",
        {
            "mine": _feed_links(request, _active_feed(kind=FeedKind.HOST_USER, user=request.user)),
            "hosts": [(host, _feed_links(request, host_feeds.get(host.pk))) for host in hosts],
        },
    )


@host_required
def host_availability(request, host_pk: int):
    host = next((h for h in selectors.hosts_for_user(request.user) if h.pk == host_pk), None)
    if host is None:
        raise Http404
    rules = availability_for(host)
    hours = weekly_hours_read(rules.weekly_hours)
    if not hours.readable and request.method == "GET":
        messages.warning(
            request,
            _(
                "Some of your saved opening hours could not be read and are not shown. "
                "Please enter them again."
            ),
        )
    initial = {
        "largest_group": rules.largest_group,
        "delegations_per_day": rules.delegations_per_day,
        "buffer_before_minutes": rules.buffer_before_minutes,
        "buffer_after_minutes": rules.buffer_after_minutes,
        "minimum_notice_days": rules.minimum_notice_days,
        "vetting_days": rules.vetting_days,
        "vetting_fields": list(rules.vetting_fields or []),
        "visitor_rules": rules.visitor_rules,
        "busy_calendar_url": rules.busy_calendar_url,
        "closed_dates": "\n".join(
            d.isoformat()
            for d in HostClosedDate.objects.filter(host=host).values_list("date", flat=True)
        ),
        **{f"day_{n}": day_text(hours.on(n)) for n in range(7)},
    }
    form = AvailabilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.host_availability_update(
                host=host,
                actor=request.user,
                weekly_hours=data.pop("weekly_hours"),
                closed_dates=data.pop("closed_date_list"),
                **{
                    k: v
                    for k, v in data.items()
                    if not k.startswith("day_") and k != "closed_dates"
                },
            )
        except VisitError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your availability was saved."))
            return redirect("visits:host_availability", host_pk=host.pk)
    return render(
        request,
        "visits/host_availability.html",
        {"host": host, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --------------------------------------------------------------------------- the delegation


def _delegation_visit(request, pk: int) -> Visit:
    return get_object_or_404(
        selectors.visits_for_delegation_user(request.user).select_related(
            "booking__organisation", "booking__programme", "manager", "escort"
        ),
        pk=pk,
    )


@login_required
def itinerary(request, pk: int):
    visit = _delegation_visit(request, pk)
    items = selectors.visit_itinerary(visit)
    if request.method == "POST" and request.POST.get("feed") == "issue":
        services.feed_issue(kind=FeedKind.VISIT, visit=visit)
        return redirect("visits:itinerary", pk=pk)
    return render(
        request,
        "visits/itinerary.html",
        {
            "visit": visit,
            "days": selectors.itinerary_by_day(items),
            "feed": _feed_links(request, _active_feed(kind=FeedKind.VISIT, visit=visit)),
        },
    )


@login_required
def itinerary_pdf(request, pk: int):
    visit = _delegation_visit(request, pk)
    return itinerary_pdf_response(visit)


def _today_context(visit: Visit) -> dict:
    now = timezone.now()
    items = selectors.visit_itinerary(visit)
    today = timezone.localtime(now).date()

    todays = [i for i in items if local_date(i.starts_at) == today]
    current, upcoming = selectors.now_and_next(items, now=now)
    return {
        "visit": visit,
        "now": now,
        "today_items": todays,
        "current": current,
        "next": upcoming,
    }


@login_required
def today(request, pk: int):
    visit = _delegation_visit(request, pk)
    return render(request, "visits/today.html", _today_context(visit))


@login_required
def briefing(request, pk: int):
    visit = _delegation_visit(request, pk)

    context = briefing_context(visit)
    # The delegation contact sees who has confirmed reading it (reached from the booking).
    context["acknowledgements"] = selectors.briefing_acknowledgements(visit)
    return render(request, "visits/briefing.html", context)


@login_required
def briefing_pdf(request, pk: int):
    visit = _delegation_visit(request, pk)
    return briefing_pdf_response(visit)


def _participant_from_link(token: str) -> Participant:
    """The participant of a private link (bookings owns its token): 404 for anything
    but a current link; the briefing's own end is checked by the caller."""
    try:
        return participant_of_link(token)
    except BookingError as exc:
        raise Http404 from exc


def briefing_participant(request, token: str):
    participant = _participant_from_link(token)
    visit = get_object_or_404(
        Visit.objects.select_related("booking"), booking_id=participant.booking_id
    )
    refusal = briefing_link_refusal(visit)
    if refusal:
        return render(request, "visits/link_expired.html", {"message": refusal}, status=410)
    if request.method == "POST":
        if request.POST.get("action") == "needs_sharing":
            share = request.POST.get("share_name") == "1"
            needs_sharing_set(participant=participant, share_name=share)
            messages.success(
                request,
                _("Saved: caterers and hosts may see your name with your needs.")
                if share
                else _("Saved: caterers and hosts see only counts, not your name."),
            )
            return redirect("visits:briefing_participant", token=token)
        services.briefing_acknowledge(participant=participant)
        messages.success(request, _("Thank you: you have confirmed reading the briefing."))
        return redirect("visits:briefing_participant", token=token)

    context = briefing_context(visit)
    context["participant"] = participant
    consent = NeedsSharingConsent.objects.filter(participant=participant).first()
    context["shares_needs"] = bool(consent and consent.share_name)
    context["acknowledged"] = BriefingAcknowledgement.objects.filter(
        participant=participant
    ).first()
    return render(request, "visits/briefing.html", context)


# --------------------------------------------------------------------------- calendars


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def feed(request, token: str):
    """A calendar feed behind its secret token (revoked tokens are 404)."""
    feed = (
        CalendarFeed.objects.select_related("host", "user", "visit__booking")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        raise Http404
    if feed.kind == FeedKind.HOST:
        items, viewer, name = selectors.feed_items_for_host(feed.host), HOST, feed.host.name
    elif feed.kind == FeedKind.HOST_USER:
        # A personal feed: it stops with the user's account or host role, like a manager's.
        if not (feed.user.is_active and user_has_role(feed.user, HOSTS)):
            raise Http404
        items, viewer, name = selectors.feed_items_for_host_user(feed.user), HOST, "Päämaja"
    elif feed.kind == FeedKind.VISIT:
        # Revoked when the booking is cancelled (services.visit_cancel); checked here too.
        if feed.visit.status == VisitStatus.CANCELLED:
            raise Http404
        items, viewer = selectors.feed_items_for_visit(feed.visit), DELEGATION
        name = feed.visit.booking.reference
    else:
        if not (feed.user.is_active and user_has_role(feed.user, PROGRAMME_MANAGERS)):
            raise Http404
        items, viewer, name = selectors.feed_items_for_manager(feed.user), MANAGER, "Päämaja"
    return _ics(feed_bytes(items, name=name, viewer=viewer), "paamaja.ics")


@login_required
def item_ics(request, pk: int):
    """One item as .ics, for whoever may see it (delegation, its host, a manager)."""
    item = get_object_or_404(ItineraryItem.objects.select_related(*selectors.ITEM_RELATED), pk=pk)
    user = request.user
    if user.is_superuser or user_has_role(user, PROGRAMME_MANAGERS):
        viewer = MANAGER
    elif selectors.visits_for_delegation_user(user).filter(pk=item.visit_id).exists():
        viewer = DELEGATION
    elif item.host_id and selectors.site_visits_for_host_user(user).filter(item=item).exists():
        viewer = HOST
    else:
        raise Http404
    name = item_summary(item, viewer=viewer)
    return _ics(feed_bytes([item], name=name, viewer=viewer), f"item-{item.pk}.ics")


@login_required
@require_POST
def feed_revoke(request, token: str):
    feed = get_object_or_404(CalendarFeed, token=token, revoked_at__isnull=True)
    owns = (
        (feed.user_id == request.user.pk)
        or (
            feed.host_id and feed.host.translation_key in selectors.host_keys_for_user(request.user)
        )
        or (
            feed.visit_id
            and selectors.visits_for_delegation_user(request.user).filter(pk=feed.visit_id).exists()
        )
    )
    if not owns:
        raise Http404
    services.feed_revoke(feed=feed)
    messages.success(request, _("The calendar address no longer works."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("visits:host_calendar")
    return redirect(target)


def today_json(request, pk: int):
    """Small JSON of 'now' and 'next' for the phone view's refresh."""
    if not request.user.is_authenticated:
        raise Http404
    visit = _delegation_visit(request, pk)
    context = _today_context(visit)

    def show(item):
        if item is None:
            return None
        return {
            "title": item.title,
            "place": item.place,
            "starts": timezone.localtime(item.starts_at).strftime("%H:%M"),
            "ends": timezone.localtime(item.ends_at).strftime("%H:%M"),
        }

    return JsonResponse({"now": show(context["current"]), "next": show(context["next"])})


# --------------------------------------------------------------------------- vetting


@host_required
def host_vetting_index(request):
    """The requests whose host vets the delegation: open lists link to the list, the
    others say the day they open."""

    return render(
        request,
        "visits/host_vetting_index.html",
        {"lists": vetting_lists_for_host_user(request.user)},
    )


def _open_vetting_site_visit(request, pk: int) -> SiteVisit:
    """A request to the user's own host whose list is open today; else 404 (another
    host's list, a host that vets nobody and a list before its day look the same)."""

    site_visit = _host_site_visit(request, pk)
    if not vetting_open(site_visit):
        raise Http404
    return site_visit


@never_cache
@host_required
def host_vetting(request, pk: int):
    site_visit = _open_vetting_site_visit(request, pk)
    if request.method == "POST":
        participant = get_object_or_404(
            Participant,
            pk=param_id(request.POST, "participant"),
            booking_id=site_visit.item.visit.booking_id,
        )
        status = param_choice(
            request.POST, "decision", [VettingStatus.CLEARED, VettingStatus.REFUSED]
        )
        try:
            vetting_decide(
                site_visit=site_visit, participant=participant, status=status, actor=request.user
            )
        except VisitError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Saved: %(status)s.") % {"status": VettingStatus(status).label}
            )
        return redirect("visits:host_vetting", pk=pk)
    listing = vetting_list(site_visit)
    return render(
        request,
        "visits/host_vetting.html",
        {
            "site_visit": site_visit,
            "item": site_visit.item,
            "listing": listing,
        },
    )


@never_cache
@host_required
def host_vetting_csv(request, pk: int):
    site_visit = _open_vetting_site_visit(request, pk)
    response = HttpResponse(
        vetting_csv(vetting_list(site_visit)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="vetting-{site_visit.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- attendance


def host_or_manager_required(view):
    """Signed in, a programme manager or a host member, with TOTP set up (both are staff
    roles; these language-prefixed pages are outside the middleware's staff areas)."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        user = request.user
        manager = user.is_superuser or user_has_role(user, PROGRAMME_MANAGERS)
        host = user_has_role(user, HOSTS) and bool(selectors.host_keys_for_user(user))
        if not (manager or host):
            raise Http404
        if staff_mfa_required() and not _has_totp(user):
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Please set it up to continue."),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped


def _check_in_site_visit(request, pk: int) -> SiteVisit:
    """Managers reach every site visit being received. A host user reaches only its own
    accepted ones, of a visit not cancelled, and only from the site visit's day (the
    page names the delegation: no earlier than the host needs it); else 404."""

    user = request.user
    if user.is_superuser or user_has_role(user, PROGRAMME_MANAGERS):
        queryset = SiteVisit.objects.select_related("host", "item__visit__booking__organisation")
        return get_object_or_404(queryset, pk=pk, status__in=VETTED_STATES, item__removed=False)
    site_visit = get_object_or_404(
        selectors.site_visits_for_host_user(user).exclude(
            item__visit__status=VisitStatus.CANCELLED
        ),
        pk=pk,
        status=SiteVisitStatus.ACCEPTED,
        item__removed=False,
    )
    if timezone.localdate() < check_in_opens(site_visit):
        raise Http404
    return site_visit


@never_cache
@host_or_manager_required
def check_in(request, pk: int):
    """The phone page where the escort or the host checks participants in. Each button is
    a form (works without JavaScript); js/check-in.js queues presses in localStorage and
    sends them when the connection is back. The server keeps one check-in per person."""

    site_visit = _check_in_site_visit(request, pk)
    wants_json = request.headers.get("X-Requested-With") == "check-in"
    if request.method == "POST":
        participant = get_object_or_404(
            Participant,
            pk=param_id(request.POST, "participant"),
            booking_id=site_visit.item.visit.booking_id,
        )
        millis = param_int(request.POST, "at", required=False, min_value=0, max_value=2**53)
        try:
            attendance = attendance_check_in(
                site_visit=site_visit,
                participant=participant,
                actor=request.user,
                at_millis=millis,
            )
        except VisitError as error:
            if wants_json:
                return JsonResponse({"ok": False, "message": str(error.message)}, status=409)
            messages.error(request, error.message)
        else:
            if wants_json:
                return JsonResponse(
                    {
                        "ok": True,
                        "participant": participant.pk,
                        "arrived": timezone.localtime(attendance.checked_in_at).strftime("%H:%M"),
                    }
                )
            messages.success(request, _("%(name)s is checked in.") % {"name": participant})
        return redirect("visits:check_in", pk=pk)
    rows = check_in_rows(site_visit)
    return render(
        request,
        "visits/check_in.html",
        {
            "site_visit": site_visit,
            "item": site_visit.item,
            "rows": rows,
            "arrived": sum(1 for r in rows if r.arrived_at),
        },
    )
