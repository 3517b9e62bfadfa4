"""An extension point of the booking page: apps above bookings add panels to it without
bookings importing them (the way pretix's `order_info` signal lets plugins add to the
order page).

A receiver of `booking_panels` is called with `booking` and `user` (the person viewing
the page, already allowed to see the booking) and returns a `Panel` or None. It checks
for itself what that user may see of its objects, as its own pages do. The booking page
renders the panels with one include, "bookings/_extension_panels.html".

The admin's booking page has its own extension point, `admin_booking_links`: a receiver
is called with `booking` and `user` (a programme manager already allowed to see the
booking in the admin) and returns an `AdminLink` or None, e.g. visits' "Open the visit".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.dispatch import Signal

booking_panels = Signal()
admin_booking_links = Signal()


@dataclass(frozen=True)
class PanelLink:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    links: list[PanelLink] = field(default_factory=list)
    order: int = 50


def panels_for(*, booking, user) -> list[Panel]:
    """Every panel the higher apps give for this booking and viewer, in their order."""
    panels = []
    for _receiver, panel in booking_panels.send_robust(sender=None, booking=booking, user=user):
        if isinstance(panel, Panel) and panel.links:
            panels.append(panel)
    return sorted(panels, key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class AdminLink:
    """One row of the admin booking page's summary: `label` (the row's name), a link
    with `text` to `url`, and an optional `note` after it (e.g. the visit's status)."""

    key: str
    label: str
    text: str
    url: str
    note: str = ""
    order: int = 50


def admin_links_for(*, booking, user) -> list[AdminLink]:
    """Every link the higher apps give for this booking on its admin page, in order."""
    links = []
    for _receiver, link in admin_booking_links.send_robust(sender=None, booking=booking, user=user):
        if isinstance(link, AdminLink):
            links.append(link)
    return sorted(links, key=lambda link: (link.order, link.key))
