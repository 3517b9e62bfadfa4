"""The admin's "Host availability": a form per weekday, saved through the service.

The generic model views edited HostAvailability directly: `weekly_hours` as raw JSON
(a typo could store anything, and the visit pages that read it then failed) and around
`services.host_availability_update`. Here the opening hours are seven text fields (one
per weekday, "09:00-16:00", several with commas; visits.hours checks them) and both the
create and the edit view save through the service: locked, validated, audited.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView

from .errors import VisitError
from .forms import WEEKDAYS, WeekdayHoursMixin, weekday_field
from .hours import day_text, weekly_hours_read
from .models import HostAvailability
from .services import host_availability_update

SERVICE_FIELDS = [
    "largest_group",
    "delegations_per_day",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "minimum_notice_days",
    "vetting_days",
    "visitor_rules",
    "busy_calendar_url",
]
DAY_FIELDS = [f"day_{n}" for n in range(7)]


class HostAvailabilityAdminForm(WeekdayHoursMixin, WagtailAdminModelForm):
    day_0 = weekday_field(0)
    day_1 = weekday_field(1)
    day_2 = weekday_field(2)
    day_3 = weekday_field(3)
    day_4 = weekday_field(4)
    day_5 = weekday_field(5)
    day_6 = weekday_field(6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hours = weekly_hours_read(self.instance.weekly_hours)
        for number in range(7):
            self.fields[f"day_{number}"].initial = day_text(self.hours.on(number))
        if self.instance.pk and "host" in self.fields:
            # The row belongs to its host: another host gets its own row.
            self.fields["host"].disabled = True

    def clean(self):
        cleaned = super().clean()
        cleaned["weekly_hours"] = self.weekly_hours_from_days(cleaned)
        return cleaned


class ThroughServiceMixin:
    """Save with host_availability_update; its refusal is shown on the form."""

    def save_instance(self):
        data = self.form.cleaned_data
        existing = getattr(self, "object", None)  # None on the create view
        host = existing.host if getattr(existing, "host_id", None) else data["host"]
        return host_availability_update(
            host=host,
            actor=self.request.user,
            weekly_hours=data["weekly_hours"],
            **{name: data[name] for name in SERVICE_FIELDS if name in data},
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except VisitError as error:
            form.add_error(None, str(error.message))
            return self.form_invalid(form)


class HostAvailabilityCreateView(ThroughServiceMixin, CreateView):
    pass


class HostAvailabilityEditView(ThroughServiceMixin, EditView):
    def get(self, request, *args, **kwargs):
        # The response renders lazily: a message added after the view ran still shows.
        response = super().get(request, *args, **kwargs)
        if not weekly_hours_read(self.object.weekly_hours).readable:
            messages.warning(
                request,
                _(
                    "The saved opening hours of %(host)s could not be read in full; only "
                    "what could be read is shown. Saving stores the hours as shown here."
                )
                % {"host": self.object.host},
            )
        return response


def hours_summary(availability: HostAvailability) -> str:
    hours = weekly_hours_read(availability.weekly_hours)
    if not hours.readable:
        return _("cannot be read: open to correct")
    if not hours.entered:
        return _("not entered")
    return "; ".join(
        f"{str(WEEKDAYS[n])[:2]} {day_text(hours.on(n))}" for n in range(7) if hours.on(n)
    )


EDIT_HANDLER = ObjectList(
    [
        FieldPanel("host"),
        MultiFieldPanel(
            [FieldPanel(name) for name in DAY_FIELDS],
            heading=gettext_lazy("Weekly opening hours"),
        ),
        FieldRowPanel([FieldPanel("largest_group"), FieldPanel("delegations_per_day")]),
        FieldRowPanel([FieldPanel("buffer_before_minutes"), FieldPanel("buffer_after_minutes")]),
        FieldRowPanel([FieldPanel("minimum_notice_days"), FieldPanel("vetting_days")]),
        FieldPanel("visitor_rules"),
        FieldPanel("busy_calendar_url"),
    ],
    base_form_class=HostAvailabilityAdminForm,
)

LIST_DISPLAY = [
    "host",
    Column("hours", label=gettext_lazy("Opening hours"), accessor=hours_summary),
    "delegations_per_day",
    "largest_group",
    "minimum_notice_days",
]
