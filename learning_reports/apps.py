from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningReportsConfig(AppConfig):
    name = "learning_reports"
    verbose_name = _("Learning reports")

    def ready(self) -> None:
        from visits import signals as visit_signals

        from . import datamap, receivers, retention  # noqa: F401  (core.datamap, core.retention)

        visit_signals.visit_completed.connect(
            receivers.on_visit_completed, dispatch_uid="learning_reports.visit_completed"
        )
