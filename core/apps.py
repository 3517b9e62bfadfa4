from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Cross-cutting records every app writes: the audit log and the outbox."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from . import personal_data  # noqa: F401  (core.datamap, core.retention)
