"""Every interface string has a Finnish and a Swedish translation, and the catalogues work.

The first test extracts the strings afresh (Django's makemessages, GNU gettext) into a
temporary copy of site/locale, so a string added to a template, form or e-mail without a
translation fails here even if nobody re-ran makemessages. To fix a failure:

    .venv/bin/python site/locale/translate.py --extract --missing /tmp/new.txt

fill in the blocks in /tmp/new.txt, add them to a file in site/locale/strings/, and run
translate.py again (see the docstring of site/locale/translate.py).
"""

from __future__ import annotations

import importlib.util
import io
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "site" / "locale"
LANGUAGES = ("fi", "sv")


def _translate_module():
    spec = importlib.util.spec_from_file_location("paamaja_translate", LOCALE_DIR / "translate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parent.parent.name)


def _label(message) -> str:
    return repr(message.id[0] if message.pluralizable else message.id)


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> dict[str, Path]:
    """makemessages over the whole project into a copy of site/locale."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.fail(
            "GNU gettext (xgettext, msgmerge) is not installed; `make install` installs "
            "Debian's gettext package."
        )
    target = tmp_path_factory.mktemp("locale")
    for lang in LANGUAGES:
        (target / lang / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po", target / lang / "LC_MESSAGES")
    _translate_module().extract(target)
    return {lang: target / lang / "LC_MESSAGES" / "django.po" for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_in_the_code_has_a_translation(fresh_catalogues, lang):
    catalog = _read(fresh_catalogues[lang])
    assert len(catalog) > 500, "makemessages found suspiciously few strings"
    untranslated = [
        _label(m)
        for m in catalog
        if m.id and (not m.string or (m.pluralizable and not all(m.string)))
    ]
    fuzzy = [_label(m) for m in catalog if m.id and m.fuzzy]
    assert not untranslated, (
        f"{len(untranslated)} strings have no {lang} translation "
        f"(see tests/i18n/test_translations.py for how to add them): {untranslated[:15]}"
    )
    assert not fuzzy, f"fuzzy (guessed) {lang} translations: {fuzzy[:15]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_catalogue_is_complete_and_keeps_every_placeholder(lang):
    """The .po in the repository: no gaps, no fuzzy entries, placeholders intact, and it
    compiles (Babel, as `make messages` does)."""
    catalog = _read(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po")
    assert not catalog.fuzzy, "the header is marked fuzzy: pybabel would refuse to compile"
    assert [m for m in catalog if m.id and m.fuzzy] == []
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog.check()]
    assert errors == []
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert compiled.tell() > 10_000


def test_the_dictionaries_have_no_translation_that_no_longer_matches_a_string():
    """Warns nobody silently: a dictionary entry whose msgid changed is dead weight; the
    count keeps the dictionaries from drifting far from the code."""
    table = _translate_module().load_strings()
    catalog = _read(LOCALE_DIR / "fi" / "LC_MESSAGES" / "django.po")
    in_code = {tuple(m.id) if m.pluralizable else m.id for m in catalog if m.id}
    stale = [key for key in table if key not in in_code]
    assert len(stale) <= 25, f"{len(stale)} dictionary entries match no string: {stale[:10]}"


@pytest.fixture
def compiled_locale(tmp_path, settings):
    """The repository's .po files compiled into a temporary LOCALE_PATHS, so the test does
    not depend on `make messages` having run."""
    for lang in LANGUAGES:
        target = tmp_path / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        with (target / "django.mo").open("wb") as handle:
            write_mo(handle, _read(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]  # resets Django's translation cache
    yield tmp_path
    translation.trans_real._translations = {}


@pytest.mark.parametrize(
    ("lang", "skip_link", "tagline"),
    [
        ("en", "Skip to main content", "Security visitor programmes"),
        ("fi", "Siirry pääsisältöön", "Turvallisuusalan vierailuohjelmat"),
        ("sv", "Hoppa till huvudinnehållet", "Besöksprogram inom säkerhet"),
    ],
)
@pytest.mark.django_db
def test_pages_under_a_language_prefix_are_in_that_language(
    client, compiled_locale, lang, skip_link, tagline
):
    from tests.programmes.factories import build_catalogue

    catalogue = build_catalogue()
    programme = catalogue.programmes[0]
    if lang != "en":
        programme = catalogue.translations[lang][programme.slug]
    for path in (f"/{lang}/", programme.url):
        html = client.get(path).content.decode()
        assert f'<html lang="{lang}"' in html
        assert skip_link in html
        assert tagline in html
    html = client.get(programme.url).content.decode()
    expected = {"en": "Dates and prices", "fi": "Päivämäärät ja hinnat", "sv": "Datum och priser"}
    assert expected[lang] in html
