"""Every model of ours names itself, singular and plural, in Finnish and Swedish (issue 11).

Without `verbose_name_plural` Django makes the plural by appending "s" to the translated
singular: the Finnish admin said "5 varauss" for five bookings ("varaukset"). This walks
every concrete model of our apps and checks that both names are set in the model's own
Meta and that the Finnish and Swedish catalogues translate them.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation import trans_real

OUR_APPS = {
    "accounts",
    "bookings",
    "core",
    "delegations",
    "learning_reports",
    "programmes",
    "visits",
}


def our_models():
    return sorted(
        (m for m in apps.get_models() if m._meta.app_label in OUR_APPS),
        key=lambda m: m._meta.label,
    )


def test_the_walk_finds_our_models():
    labels = {m._meta.label for m in our_models()}
    assert {"bookings.Booking", "visits.Visit", "programmes.ProgrammePage"} <= labels
    assert len(labels) > 50


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m._meta.label)
def test_model_has_translated_singular_and_plural_names(model):
    own = model._meta.original_attrs
    assert "verbose_name" in own, f"{model._meta.label}: Meta.verbose_name is not set"
    assert "verbose_name_plural" in own, f"{model._meta.label}: Meta.verbose_name_plural not set"
    for language in ("fi", "sv"):
        catalogue = trans_real.translation(language)._catalog
        for attr in ("verbose_name", "verbose_name_plural"):
            with translation.override("en"):
                msgid = str(own[attr])
            assert msgid in catalogue and catalogue[msgid], (
                f"{model._meta.label}.{attr} {msgid!r} has no {language} translation"
            )


def test_finnish_admin_counts_bookings_in_the_plural():
    from bookings.models import Booking

    with translation.override("fi"):
        assert str(Booking._meta.verbose_name_plural) == "varaukset"
    with translation.override("sv"):
        assert str(Booking._meta.verbose_name_plural) == "bokningar"
