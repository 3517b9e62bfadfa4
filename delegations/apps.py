from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    """Delegation logistics on the participant record bookings keep: visa invitation
    letters, protocol (precedence), rooming lists and badges. Sits above bookings and
    below visits: programmes ← bookings ← delegations ← visits ← learning_reports."""

    name = "delegations"
    verbose_name = _("Delegation logistics")

    def ready(self) -> None:
        # function-level: apps.py loads before any models; ready() runs once all are loaded
        from bookings.extensions import admin_booking_links, booking_panels

        from . import datamap, receivers, retention  # noqa: F401  (core.datamap, core.retention)

        booking_panels.connect(receivers.booking_panel, dispatch_uid="delegations.booking_panel")
        admin_booking_links.connect(
            receivers.admin_booking_link, dispatch_uid="delegations.admin_booking_link"
        )
