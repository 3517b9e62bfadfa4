from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        # function-level: apps.py loads before any models; ready() runs once all are loaded
        from wagtail.signals import page_published

        from . import datamap, retention  # noqa: F401  (core.datamap, core.retention)
        from .models import ProgrammePage
        from .signals import reindex_published_programme

        page_published.connect(reindex_published_programme, sender=ProgrammePage)

        # function-level: apps.py loads before any models; ready() runs once all are loaded
        from .cache import connect_invalidation

        connect_invalidation()
