from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Partner API")

    def ready(self) -> None:
        from . import datamap, receivers  # noqa: F401  (core.datamap; webhook events)

        receivers.connect()
