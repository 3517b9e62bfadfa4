"""The programme page editor's "Departures" tab: departures shown, never edited there.

A departure's seats, dates and status are capacity that bookings sell: they change only
through the back office's services (bookings.departures), which lock the departure and
check what is sold. This panel lists the programme's departures and the links those
actions offer. Programmes sits below bookings, so the links come from Wagtail hooks
named DEPARTURE_ADMIN_HOOK: each is called with `page`, `departures` and `request` and
returns a DepartureAdmin (or None).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import Panel

DEPARTURE_ADMIN_HOOK = "programme_departure_admin"


@dataclass(frozen=True)
class AdminLink:
    label: str
    url: str


@dataclass
class DepartureAdmin:
    # Page-wide links (e.g. "Add departure").
    links: list[AdminLink] = field(default_factory=list)
    # Per departure id: a note (e.g. "12 of 20 seats sold or held") and its links.
    notes: dict[int, str] = field(default_factory=dict)
    actions: dict[int, list[AdminLink]] = field(default_factory=dict)


def programme_departures(page):
    """A programme's departures: those of every language version (they hang off one)."""
    # function-level: import cycle programmes.panels ↔ programmes.models
    from .models import Departure

    if not page.pk:
        return []
    return list(
        Departure.objects.filter(page__translation_key=page.translation_key).order_by(
            "start_date", "pk"
        )
    )


class DeparturesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "programmes/admin/departures_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            departures = programme_departures(page)
            admin = DepartureAdmin()
            for hook in hooks.get_hooks(DEPARTURE_ADMIN_HOOK):
                answer = hook(page=page, departures=departures, request=self.request)
                if answer is None:
                    continue
                admin.links += answer.links
                admin.notes.update(answer.notes)
                for pk, links in answer.actions.items():
                    admin.actions.setdefault(pk, []).extend(links)
            context.update(
                {
                    "page_saved": bool(page.pk),
                    "rows": [
                        {
                            "departure": d,
                            "note": admin.notes.get(d.pk, ""),
                            "links": admin.actions.get(d.pk, []),
                        }
                        for d in departures
                    ],
                    "links": admin.links,
                    "empty_text": _("This programme has no departures yet."),
                }
            )
            return context
