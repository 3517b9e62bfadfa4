from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Bookings")

    def ready(self) -> None:
        # function-level: apps.py loads before any models; ready() runs once all are loaded
        from programmes.selectors import register_seats_taken

        from . import datamap, retention  # noqa: F401  (core.datamap, core.retention)
        from .selectors import departures_seats_taken

        register_seats_taken(departures_seats_taken)
