"""Date and time inputs that the browser can read in every language (issue 11 item 4).

A `type=date` input's value must be ISO (YYYY-MM-DD), `type=time` HH:MM and
`datetime-local` YYYY-MM-DDTHH:MM, whatever the page's language. Django's DateInput
writes the first of the active locale's DATE_INPUT_FORMATS instead ("2.12.2026" in
Finnish), which the browser throws away: the input shows empty and the required field
is refused. Every form uses these widgets; Django always accepts the ISO forms back.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_noop

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class IsoTimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs=attrs, format=format or ISO_TIME)


class IsoDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs=attrs, format=format or ISO_DATETIME)


# Wagtail's ChoiceBlock offers "- Select an option -" as the blank choice, and Wagtail
# has no Finnish or Swedish for it. Naming the msgid here puts it in our catalogue
# (LOCALE_PATHS come first), so its translation lives with ours.
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")
