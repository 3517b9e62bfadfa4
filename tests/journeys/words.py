"""What the person reads in the page's language, for the journeys to find their way by:
the site's own translations (the .po files), so a Finnish run fails where a page shows
English."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.utils import formats, translation
from django.utils.text import capfirst

from programmes.templatetags.paamaja_tags import money


class Words:
    """What the person reads in the page's language: the site's own translations (the
    .po files), so a Finnish run fails where a page shows English."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, msgid: str, **values) -> str:
        with translation.override(self.language):
            text = str(translation.gettext(msgid))
        return text % values if values else text

    def n(self, singular: str, plural: str, number: int, **values) -> str:
        with translation.override(self.language):
            text = str(translation.ngettext(singular, plural, number))
        return text % values

    def field(self, verbose_name: str) -> str:
        """A form label from a model field: its verbose name, first letter capital."""
        return capfirst(self(verbose_name))

    def start(self, msgid: str) -> str:
        """The words before the first placeholder or tag of a message."""
        return re.split(r"%\(|<", self(msgid), maxsplit=1)[0].strip()

    def link_in(self, msgid: str) -> str:
        """The text of the link inside a message (allauth's "please %(link)ssign
        up%(end_link)s")."""
        return re.search(r"%\(link\)s(.*?)%\(end_link\)s", self(msgid)).group(1)

    def date(self, date: datetime.date) -> str:
        """A date as the page writes it (Finnish: 11. tammikuuta 2027)."""
        with translation.override(self.language):
            text = formats.date_format(date, "DATE_FORMAT")
        if self.language == "fi":  # "12. maaliskuuta 2027": the day first, with a point
            assert text.startswith(f"{date.day}.") and text.endswith(str(date.year)), text
        return text

    def money(self, amount: Decimal) -> str:
        """An amount as the page writes it (€1,234.00; Finnish 1 234,00 €)."""

        with translation.override(self.language):
            text = str(money(amount))
        if self.language == "fi":
            assert text.endswith("€") and "," in text and "." not in text, text
        return text
