from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from core.forms import DATE_BOUNDS
from core.widgets import IsoDateInput, IsoDateTimeInput, IsoTimeInput
from programmes.models import HostOrganisation

from .busy import UnsafeCalendarURL, check_public_url
from .enums import ItemKind, Severity
from .hours import day_parse
from .models import Resource
from .timeutil import HELSINKI, at
from .vetting import vetting_field_choices


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class HelsinkiSlotForm(forms.Form):
    """A date with start and end times, read as Europe/Helsinki."""

    date = forms.DateField(label=_("Date"), widget=IsoDateInput(), validators=DATE_BOUNDS)
    start = forms.TimeField(label=_("Starts"), widget=IsoTimeInput())
    end = forms.TimeField(label=_("Ends"), widget=IsoTimeInput())

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["end"] <= data["start"]:
            raise forms.ValidationError(_("The end must be after the start."))
        data["starts_at"] = at(data["date"], data["start"])
        data["ends_at"] = at(data["date"], data["end"])
        return data


class ProposeForm(HelsinkiSlotForm):
    pass


class MoveItemForm(HelsinkiSlotForm):
    accept_warnings = forms.BooleanField(label=_("Send despite the warnings"), required=False)


class AddItemForm(HelsinkiSlotForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    host = forms.ModelChoiceField(label=_("Host organisation"), queryset=None, required=False)
    attendees = forms.CharField(label=_("Who attends"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = HostOrganisation.objects.filter(
            locale=Locale.get_default()
        ).order_by("name")


class SendForm(forms.Form):
    accept_warnings = forms.BooleanField(label=_("Send despite the warnings"), required=False)


class IncidentForm(forms.Form):
    occurred_at = forms.DateTimeField(label=_("When"), widget=IsoDateTimeInput())
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3})
    )
    informed = forms.CharField(label=_("Who was informed"), required=False)
    actions = forms.CharField(
        label=_("Actions"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if not 1900 <= value.year <= 2100:
            # Converting year 1 or 9999 to UTC overflows (issue 13).
            raise forms.ValidationError(_("Enter a date between 1900 and 2100."))
        if value.tzinfo is None:
            value = value.replace(tzinfo=HELSINKI)
        return value


class DelegationMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}))


WEEKDAYS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


def weekday_field(number: int) -> forms.CharField:
    return forms.CharField(
        label=WEEKDAYS[number],
        required=False,
        max_length=200,
        help_text=_("For example 09:00-16:00; empty = closed."),
    )


class WeekdayHoursMixin:
    """Seven fields, day_0 (Monday) … day_6, each "09:00-16:00" (several with commas);
    `weekly_hours_from_days` turns them into the stored shape (visits.hours). A day left
    empty is closed; all seven empty means no weekly hours are kept."""

    def add_weekday_fields(self) -> None:
        for number in range(7):
            self.fields[f"day_{number}"] = weekday_field(number)

    def weekly_hours_from_days(self, data) -> dict:
        hours = {}
        for number in range(7):
            raw = (data.get(f"day_{number}") or "").strip()
            if not raw:
                continue
            try:
                hours[str(number)] = day_parse(raw)
            except ValidationError as error:
                self.add_error(f"day_{number}", error)
        return hours


class AvailabilityForm(WeekdayHoursMixin, forms.Form):
    """A host's availability. Opening hours per weekday as "09:00-16:00" (several with
    commas); empty means closed that day. Closed dates one per line (YYYY-MM-DD)."""

    largest_group = forms.IntegerField(
        label=_("Largest group"), min_value=1, max_value=10000, required=False
    )
    delegations_per_day = forms.IntegerField(
        label=_("Delegations per day"), min_value=1, max_value=100
    )
    buffer_before_minutes = forms.IntegerField(
        label=_("Buffer before (minutes)"), min_value=0, max_value=1440
    )
    buffer_after_minutes = forms.IntegerField(
        label=_("Buffer after (minutes)"), min_value=0, max_value=1440
    )
    minimum_notice_days = forms.IntegerField(
        label=_("Minimum notice (days)"), min_value=0, max_value=365
    )
    vetting_days = forms.IntegerField(
        label=_("Participant list needed (days before)"), min_value=0, max_value=365
    )
    vetting_fields = forms.MultipleChoiceField(
        label=_("Fields needed for vetting"),
        help_text=_(
            "Leave all unticked if you do not vet visitors. You will see these fields of "
            "each participant, and nothing else, from the day the list is needed."
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    visitor_rules = forms.CharField(
        label=_("Visitor rules"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    busy_calendar_url = forms.URLField(
        label=_("Busy-time calendar (ICS URL)"), required=False, assume_scheme="https"
    )
    closed_dates = forms.CharField(
        label=_("Closed dates (one per line, YYYY-MM-DD)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vetting_fields"].choices = vetting_field_choices()
        self.add_weekday_fields()

    def clean_busy_calendar_url(self):
        url = self.cleaned_data.get("busy_calendar_url") or ""
        if url:
            try:
                check_public_url(url)
            except UnsafeCalendarURL:
                raise forms.ValidationError(
                    _(
                        "Päämaja reads busy-time calendars only from public internet "
                        "addresses (http or https). Check the calendar's sharing link."
                    )
                ) from None
        return url

    def clean(self):
        data = super().clean()
        data["weekly_hours"] = self.weekly_hours_from_days(data)
        dates = []
        for line in (data.get("closed_dates") or "").split():
            try:
                dates.append(datetime.date.fromisoformat(line.strip()))
            except ValueError:
                self.add_error("closed_dates", _("%(value)s is not a date.") % {"value": line})
        data["closed_date_list"] = dates
        return data


class DutyOfCareForm(forms.ModelForm):
    class Meta:
        from .models import Visit

        model = Visit
        fields = [
            "confidential",
            "manager",
            "manager_phone",
            "escort",
            "nearest_hospital",
            "meeting_points",
        ]
        widgets = {"meeting_points": forms.Textarea(attrs={"rows": 2})}


class AssignResourceForm(forms.Form):
    resource = forms.ModelChoiceField(label=_("Interpreter or escort"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = Resource.objects.filter(active=True)
