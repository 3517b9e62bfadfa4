"""An extension point of the booking page: apps above bookings add panels to it without
bookings importing them (the way pretix's `order_info` signal lets plugins add to the
order page).

A receiver of `booking_panels` is called with `booking` and `user` (the person viewing
the page, already allowed to see the booking) and returns a `Panel` or None. It checks
for itself what that user may see of its objects, as its own pages do. The booking page
renders the panels with one include, "bookings/_extension_panels.html".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.dispatch import Signal

booking_panels = Signal()


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
