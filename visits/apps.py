from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits")

    def ready(self) -> None:
        from bookings import signals as booking_signals

        from . import receivers

        booking_signals.booking_confirmed.connect(
            receivers.on_booking_confirmed, dispatch_uid="visits.booking_confirmed"
        )
        booking_signals.booking_cancelled.connect(
            receivers.on_booking_cancelled, dispatch_uid="visits.booking_cancelled"
        )
