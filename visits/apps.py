from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits")

    def ready(self) -> None:
        from bookings import signals as booking_signals

        from . import datamap, receivers, retention  # noqa: F401  (core.datamap, core.retention)

        booking_signals.booking_confirmed.connect(
            receivers.on_booking_confirmed, dispatch_uid="visits.booking_confirmed"
        )
        from bookings.extensions import booking_panels

        booking_panels.connect(receivers.booking_panel, dispatch_uid="visits.booking_panel")
        booking_signals.booking_cancelled.connect(
            receivers.on_booking_cancelled, dispatch_uid="visits.booking_cancelled"
        )
