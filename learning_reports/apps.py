from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningReportsConfig(AppConfig):
    name = "learning_reports"
    verbose_name = _("Learning reports")
