"""Country names in a language, from Babel (the codes are ISO 3166 alpha-2)."""

from __future__ import annotations

from babel import Locale
from django.utils import translation

from core.formatting import babel_locale

_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}


def country_name(code: str, language: str | None = None) -> str:
    if not code:
        return ""
    territories = Locale.parse(babel_locale(language or translation.get_language())).territories
    return territories.get(code.upper(), code.upper())


def country_choices(codes=None) -> list[tuple[str, str]]:
    territories = Locale.parse(babel_locale(translation.get_language())).territories
    pairs = [
        (iso, name)
        for iso, name in territories.items()
        if len(iso) == 2
        and iso.isalpha()
        and iso not in _NOT_COUNTRIES
        and (codes is None or iso in codes)
    ]
    return sorted(pairs, key=lambda item: item[1].casefold())
