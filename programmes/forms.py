from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from .enums import DurationBand, PriceBand, ProgrammeLanguage
from .models import ThemePage

DEPARTURE_WINDOWS = [
    ("", _("Any time")),
    ("90", _("Within 3 months")),
    ("180", _("Within 6 months")),
    ("365", _("Within a year")),
]


class ProgrammeFilterForm(forms.Form):
    """The programme index's filters, submitted by GET. Invalid values are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=ThemePage.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    duration = forms.ChoiceField(
        label=_("Duration"), required=False, choices=[("", _("Any length")), *DurationBand.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *ProgrammeLanguage.choices],
    )
    group_size = forms.IntegerField(
        label=_("Group size"), required=False, min_value=1, max_value=500
    )
    price_band = forms.ChoiceField(
        label=_("Price"), required=False, choices=[("", _("Any price")), *PriceBand.choices]
    )
    departure_within = forms.ChoiceField(
        label=_("Next departure"), required=False, choices=DEPARTURE_WINDOWS
    )

    def __init__(self, *args, locale: Locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = (
            ThemePage.objects.live().filter(locale=locale).order_by("title")
        )
