from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_BOUNDS
from core.widgets import IsoDateInput

from .enums import AppliedLevel, ObjectiveMet, QuoteConsent, ReportSection

RATING_CHOICES = [(i, str(i)) for i in range(1, 6)]
NPS_CHOICES = [(i, str(i)) for i in range(0, 11)]


class FeedbackForm(forms.Form):
    """The questionnaire after the visit. Site visits and objectives add fields."""

    overall_rating = forms.TypedChoiceField(
        label=_("Overall, how would you rate the visit? (1 = poor, 5 = excellent)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    nps = forms.TypedChoiceField(
        label=_(
            "How likely is it that you would recommend this programme to a colleague? "
            "(0 = not at all likely, 10 = extremely likely)"
        ),
        choices=NPS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    apply_at_home = forms.CharField(
        label=_("What will you apply at home?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    improve = forms.CharField(
        label=_("What should we improve?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.ChoiceField(
        label=_("May we quote your written answers in the learning report?"),
        choices=QuoteConsent.choices,
        initial=QuoteConsent.NONE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, site_visits=(), objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_visits = list(site_visits)
        self.objectives = list(objectives)
        self.site_fields = []
        for sv in self.site_visits:
            rating = f"site_{sv.pk}_rating"
            comment = f"site_{sv.pk}_comment"
            self.fields[rating] = forms.TypedChoiceField(
                label=_("Your rating (1–5)"),
                choices=[("", _("No answer")), *RATING_CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[comment] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.site_fields.append((sv, self[rating], self[comment]))
        self.objective_fields = []
        for position, text in enumerate(self.objectives):
            name = f"objective_{position}"
            self.fields[name] = forms.TypedChoiceField(
                label=text, choices=ObjectiveMet.choices, coerce=int, widget=forms.RadioSelect
            )
            self.objective_fields.append(self[name])

    def site_ratings(self) -> list[tuple[int, int | None, str]]:
        return [
            (
                sv.pk,
                self.cleaned_data.get(f"site_{sv.pk}_rating"),
                self.cleaned_data.get(f"site_{sv.pk}_comment", ""),
            )
            for sv in self.site_visits
        ]

    def objective_levels(self) -> list[tuple[int, int]]:
        return [(p, self.cleaned_data[f"objective_{p}"]) for p in range(len(self.objectives))]


class FollowUpForm(forms.Form):
    applied_level = forms.TypedChoiceField(
        label=_("How much of what you learned during the visit have you applied?"),
        choices=AppliedLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    behaviour = forms.CharField(
        label=_("What have you or your organisation done differently since the visit?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    results = forms.CharField(
        label=_("What results has it had?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    cooperation = forms.BooleanField(
        label=_("Cooperation with an organisation you met in Finland has started"),
        required=False,
    )
    cooperation_details = forms.CharField(
        label=_("Which cooperation?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.ChoiceField(
        label=_("May we quote your written answers in the learning report?"),
        choices=QuoteConsent.choices,
        initial=QuoteConsent.NONE,
        widget=forms.RadioSelect,
    )


class ReportTextsForm(forms.Form):
    observations = forms.CharField(
        label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    lessons_learned = forms.CharField(
        label=_("Lessons learned"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReviewCommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=ReportSection.choices)
    text = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HostDebriefForm(forms.Form):
    how_it_went = forms.CharField(
        label=_("How did the visit go?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    questions_asked = forms.CharField(
        label=_("What did the delegation ask about?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_contacts = forms.CharField(
        label=_("Follow-up contacts or cooperation that came out of it"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cooperation = forms.BooleanField(
        label=_("Cooperation has been agreed or has started"), required=False
    )


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=IsoDateInput(), validators=DATE_BOUNDS
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=IsoDateInput(), validators=DATE_BOUNDS
    )
    programme = forms.TypedChoiceField(
        label=_("Programme"), required=False, coerce=int, empty_value=None
    )
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    host = forms.TypedChoiceField(label=_("Host"), required=False, coerce=int, empty_value=None)
    country = forms.CharField(
        label=_("Country (ISO code)"), required=False, max_length=2, min_length=2
    )

    def __init__(self, *args, programmes=(), themes=(), hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["programme"].choices = everything + list(programmes)
        self.fields["theme"].choices = everything + list(themes)
        self.fields["host"].choices = everything + list(hosts)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class ShareLinkForm(forms.Form):
    """The day a new share link stops working (services.report_share_rotate)."""

    expires_on = forms.DateField(
        label=_("Last day the link works"),
        widget=IsoDateInput(),
        validators=DATE_BOUNDS,
    )
