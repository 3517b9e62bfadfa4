from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_BOUNDS, IdChoiceField
from core.widgets import IsoDateInput

from .countries import country_choices
from .enums import SCHENGEN_STATES, CostsPaidBy, Occupancy
from .models import InvitationLetter, ParticipantProtocol

# A letter may ask for a few days around the programme (travel days).
LETTER_MARGIN_DAYS = 7


class CountryChoiceField(forms.ChoiceField):
    def __init__(self, *, codes=None, **kwargs):
        self.codes = codes
        super().__init__(choices=self._choices_now, **kwargs)

    def _choices_now(self):
        return [("", _("Choose a country")), *country_choices(self.codes)]


def _label(name: str):
    """The model field's label, as a ModelForm would make it (lazy: translated per request)."""
    return capfirst(InvitationLetter._meta.get_field(name).verbose_name)


class LetterRequestForm(forms.ModelForm):
    """Exactly what embassies ask for; every field is required."""

    participant = IdChoiceField(
        label=_("Participant"), queryset=None, required=False, empty_label=_("Not listed yet")
    )
    nationality = CountryChoiceField(label=_("Nationality"))
    entry_state = CountryChoiceField(
        label=_("Schengen state of first entry"),
        codes=SCHENGEN_STATES,
        help_text=_("The country whose embassy or consulate receives the visa application."),
    )
    date_of_birth = forms.DateField(
        label=_label("date_of_birth"), widget=IsoDateInput(), validators=DATE_BOUNDS
    )
    passport_expiry = forms.DateField(
        label=_label("passport_expiry"), widget=IsoDateInput(), validators=DATE_BOUNDS
    )
    arrival = forms.DateField(
        label=_label("arrival"), widget=IsoDateInput(), validators=DATE_BOUNDS
    )
    departure = forms.DateField(
        label=_label("departure"), widget=IsoDateInput(), validators=DATE_BOUNDS
    )

    class Meta:
        model = InvitationLetter
        fields = [
            "participant",
            "full_name",
            "date_of_birth",
            "nationality",
            "passport_number",
            "passport_expiry",
            "purpose",
            "arrival",
            "departure",
            "entry_state",
        ]
        widgets = {
            "date_of_birth": IsoDateInput(),
            "passport_expiry": IsoDateInput(),
            "arrival": IsoDateInput(),
            "departure": IsoDateInput(),
        }
        help_texts = {
            "full_name": _("Exactly as printed in the passport."),
            "purpose": _("For example: official study visit on civil protection."),
        }

    def __init__(self, *args, booking, **kwargs):
        super().__init__(*args, **kwargs)
        self.booking = booking
        self.fields["participant"].queryset = booking.participants.order_by("last_name", "pk")
        if not self.is_bound:
            self.initial.setdefault("arrival", booking.start_date)
            self.initial.setdefault("departure", booking.end_date)

    def clean(self):
        data = super().clean()
        arrival, departure = data.get("arrival"), data.get("departure")
        margin = datetime.timedelta(days=LETTER_MARGIN_DAYS)
        if arrival and departure:
            if departure < arrival:
                self.add_error("departure", _("The departure cannot be before the arrival."))
            if (
                arrival < self.booking.start_date - margin
                or departure > self.booking.end_date + margin
            ):
                self.add_error(
                    "arrival",
                    _("The stay must be within %(days)d days of the programme's dates.")
                    % {"days": LETTER_MARGIN_DAYS},
                )
        expiry = data.get("passport_expiry")
        if expiry and departure and expiry <= departure:
            self.add_error("passport_expiry", _("The passport must be valid after the departure."))
        birth = data.get("date_of_birth")
        if birth and birth >= timezone.localdate():
            self.add_error("date_of_birth", _("The date of birth must be in the past."))
        return data

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "participant"}
        return data


class LetterDecisionForm(forms.Form):
    """The manager's decision: accommodation and who pays are printed on the letter."""

    accommodation = forms.CharField(label=_("Accommodation"), max_length=300, required=False)
    costs_paid_by = forms.ChoiceField(label=_("Costs paid by"), choices=CostsPaidBy.choices)
    reason = forms.CharField(label=_("Reason for refusing"), max_length=300, required=False)


class RoomAssignmentForm(forms.Form):
    participant = IdChoiceField(label=_("Participant"), queryset=None)
    occupancy = forms.ChoiceField(label=_("Room"), choices=Occupancy.choices)
    room = forms.CharField(
        label=_("Room shared as"),
        max_length=20,
        required=False,
        help_text=_("Give two participants who share a double room the same label, e.g. A."),
    )
    arrival = forms.DateField(label=_("Arrival"), widget=IsoDateInput(), validators=DATE_BOUNDS)
    departure = forms.DateField(label=_("Departure"), widget=IsoDateInput(), validators=DATE_BOUNDS)
    special_needs = forms.CharField(label=_("Special needs"), max_length=300, required=False)

    def __init__(self, *args, booking, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = booking.participants.order_by("last_name", "pk")

    def clean(self):
        data = super().clean()
        if data.get("arrival") and data.get("departure") and data["departure"] <= data["arrival"]:
            self.add_error("departure", _("The departure must be after the arrival."))
        return data


class RoomingSendForm(forms.Form):
    recipient = forms.EmailField(label=_("Hotel's e-mail"))


class ProtocolForm(forms.ModelForm):
    rank = forms.IntegerField(label=_("Rank"), min_value=0, max_value=999)
    car = forms.IntegerField(label=_("Car"), min_value=1, max_value=99, required=False)

    class Meta:
        model = ParticipantProtocol
        fields = ["honorific", "form_of_address", "position", "rank", "car", "speaks"]
