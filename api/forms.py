from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_BOUNDS
from core.widgets import IsoDateInput

from .enums import SCOPES_FOR_OWNER, Event, Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Travel agency booking system”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Permissions"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        # ISO in every language: a date input cannot read "4.12.2026" (the Finnish
        # format), so the Finnish page came up with an empty expiry and refused to save.
        widget=IsoDateInput(),
        validators=DATE_BOUNDS,
        help_text=_("At most 12 months from today."),
    )

    def __init__(self, *args, owner_kind: str, **kwargs):
        kwargs.setdefault(
            "initial", {"expires_on": timezone.localdate() + datetime.timedelta(days=90)}
        )
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [
            (str(s), Scope(s).label) for s in SCOPES_FOR_OWNER[owner_kind]
        ]


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("A public https:// address of your system that receives the events."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), widget=forms.CheckboxSelectMultiple, choices=Event.choices
    )
