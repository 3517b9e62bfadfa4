"""delegations on the booking pages (bookings.extensions): the delegation's panel and
the admin booking page's link to the delegation's logistics."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bookings.enums import COMMITTED_STATES
from bookings.extensions import AdminLink, Panel, PanelLink

from .admin_views import NS, is_manager
from .enums import LetterStatus


def booking_panel(sender, booking, user, **kwargs):
    """ "Visas and protocol": the invitation letters, for a committed booking of the
    user's own organisation (the page's viewer may already see the booking)."""

    if booking.status not in COMMITTED_STATES:
        return None
    if not booking.organisation.members.filter(pk=user.pk).exists():
        return None
    issued = booking.invitation_letters.filter(status=LetterStatus.ISSUED).count()
    note = (
        ngettext("%(n)d letter issued", "%(n)d letters issued", issued) % {"n": issued}
        if issued
        else ""
    )
    return Panel(
        key="letters",
        title=_("Visa invitation letters"),
        links=[
            PanelLink(
                _("Request an invitation letter"),
                reverse("delegations:letters", args=[booking.reference]),
                note,
            )
        ],
        order=20,
    )


def admin_booking_link(sender, booking, user, **kwargs):
    """ "Delegation: Letters, protocol, rooming, badges" on the admin booking page."""

    if not is_manager(user):
        return None
    waiting = booking.invitation_letters.filter(status=LetterStatus.REQUESTED).count()
    return AdminLink(
        key="delegation",
        label=_("Delegation"),
        text=_("Letters, protocol, rooming and badges"),
        url=reverse(f"{NS}:booking", args=[booking.pk]),
        note=_("Letter requests waiting: %(n)d") % {"n": waiting} if waiting else "",
        order=20,
    )
