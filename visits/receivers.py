"""Bookings announce; visits react. Both signals are sent after the booking's commit."""

from __future__ import annotations

import logging

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bookings.extensions import AdminLink, Panel, PanelLink

from . import selectors
from .admin_views import NS, is_manager
from .enums import VisitStatus
from .models import Visit
from .services import (
    feeds_revoke_for_lost_group,
    feeds_revoke_for_lost_host,
    feeds_revoke_for_lost_organisation,
    visit_cancel,
    visit_create_for_booking,
)

logger = logging.getLogger(__name__)


def on_booking_confirmed(sender, booking_id: int, **kwargs) -> None:
    visit = visit_create_for_booking(booking_id=booking_id)
    logger.info("visits: visit %s for booking %s", visit.pk, booking_id)


def on_booking_cancelled(sender, booking_id: int, **kwargs) -> None:
    visit = Visit.objects.filter(booking_id=booking_id).first()
    if visit is not None:
        visit_cancel(visit=visit)


def booking_panel(sender, booking, user, **kwargs):
    """The booking page's "Your visit" panel (bookings.extensions): the itinerary (web,
    PDF), the safety briefing with how many participants have acknowledged it, the
    calendar address and, while the visit is on, the "today" view. Only for a user who may
    open the visit's own pages (selectors.visits_for_delegation_user)."""

    visit = selectors.visits_for_delegation_user(user).filter(booking=booking).first()
    if visit is None or visit.status == VisitStatus.CANCELLED:
        return None  # a cancelled booking's visit offers no itinerary, briefing or feed
    itinerary = reverse("visits:itinerary", args=[visit.pk])
    participants = booking.participants_count
    acknowledged = visit.acknowledgements.count()
    links = [
        PanelLink(_("Itinerary"), itinerary),
        PanelLink(_("Itinerary (PDF)"), reverse("visits:itinerary_pdf", args=[visit.pk])),
        PanelLink(
            _("Safety briefing"),
            reverse("visits:briefing", args=[visit.pk]),
            ngettext(
                "%(done)d of %(count)d participant has acknowledged it",
                "%(done)d of %(count)d participants have acknowledged it",
                participants,
            )
            % {"done": acknowledged, "count": participants},
        ),
        PanelLink(_("Calendar address for the itinerary"), f"{itinerary}#feed-heading"),
    ]
    if visit.starts_on <= timezone.localdate() <= visit.ends_on:
        links.insert(0, PanelLink(_("Today's programme"), reverse("visits:today", args=[visit.pk])))
    return Panel(key="visit", title=_("Your visit"), links=links, order=10)


def admin_booking_link(sender, booking, user, **kwargs):
    """The admin booking page's "Visit: Open the visit" (bookings.extensions), for a
    programme manager, once the booking has its visit."""

    if not is_manager(user):
        return None
    visit = Visit.objects.filter(booking=booking).first()
    if visit is None:
        return None
    return AdminLink(
        key="visit",
        label=_("Visit"),
        text=_("Open the visit"),
        url=reverse(f"{NS}:detail", args=[visit.pk]),
        note=visit.get_status_display(),
        order=10,
    )


# A person who loses a role loses the calendar feeds of that role (services.feeds_revoke_*).
# HostMembership is our own model: its post_delete covers every way a row goes. The
# memberships of delegation organisations and role groups are auto-created m2m tables,
# for which Django sends m2m_changed only (remove, clear, set; accounts.account_delete
# clears them through the relation so that it is sent there too).


def on_host_membership_deleted(sender, instance, **kwargs) -> None:
    feeds_revoke_for_lost_host(user_id=instance.user_id, host_id=instance.host_id)


def _removed_pairs(instance, action, reverse, pk_set, current) -> list[tuple[int, int]]:
    """(user id, other id) pairs an m2m change removes; `current(instance)` lists the
    other side's ids before a clear."""
    if action == "post_remove":
        ids = pk_set or ()
    elif action == "pre_clear":
        ids = current(instance)
    else:
        return []
    return [(instance.pk, i) if not reverse else (i, instance.pk) for i in ids]


def on_organisation_members_changed(sender, instance, action, reverse, pk_set, **kwargs):
    def current(obj):
        if reverse:  # obj is a user: their organisations
            return list(obj.delegation_organisations.values_list("pk", flat=True))
        return list(obj.members.values_list("pk", flat=True))

    # Forward (organisation.members) the instance is the organisation, not the user.
    for user_id, organisation_id in _removed_pairs(instance, action, not reverse, pk_set, current):
        feeds_revoke_for_lost_organisation(user_id=user_id, organisation_id=organisation_id)


def on_user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    def current(obj):
        if reverse:  # obj is a group: its users
            return list(obj.user_set.values_list("pk", flat=True))
        return list(obj.groups.values_list("pk", flat=True))

    names = dict(Group.objects.values_list("pk", "name"))
    for user_id, group_id in _removed_pairs(instance, action, reverse, pk_set, current):
        feeds_revoke_for_lost_group(user_id=user_id, group=names.get(group_id, ""))
