from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolumeConfig(AppConfig):
    """The benchmark's large data set (`manage.py load_volume`); the top layer."""

    name = "volume"
    verbose_name = _("Benchmark volume data")
