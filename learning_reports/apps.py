from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningReportsConfig(AppConfig):
    name = "learning_reports"
    verbose_name = _("Learning reports")

    def ready(self) -> None:
        # function-level: apps.py loads before any models; ready() runs once all are loaded
        from bookings.extensions import booking_panels
        from visits import signals as visit_signals

        from . import datamap, receivers, retention  # noqa: F401  (core.datamap, core.retention)

        booking_panels.connect(receivers.booking_panel, dispatch_uid="learning_reports.panel")
        visit_signals.visit_completed.connect(
            receivers.on_visit_completed, dispatch_uid="learning_reports.visit_completed"
        )
