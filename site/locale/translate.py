#!/usr/bin/env python
"""Fill site/locale/{fi,sv}/LC_MESSAGES/django.po from the translation dictionaries.

The dictionaries are the plain-text files in site/locale/strings/*.txt, one entry per
block, separated by a blank line:

    msgid: Save and continue
    fi: Tallenna ja jatka
    sv: Spara och fortsätt

    msgid: %(n)s room
    msgid_plural: %(n)s rooms
    fi[0]: %(n)s huone
    fi[1]: %(n)s huonetta
    sv[0]: %(n)s rum
    sv[1]: %(n)s rum

Lines starting with "#" are comments. Text runs from after ": " to the end of the line
(write a newline inside a string as \\n). Placeholders (%(name)s, {name}, %%) must appear
in the translation as in the msgid; the script checks them.

Usage (from the project root):

    .venv/bin/python site/locale/translate.py            # fill the .po files
    .venv/bin/python site/locale/translate.py --extract  # run makemessages first, then fill
    .venv/bin/python site/locale/translate.py --extract --missing /tmp/new.txt
        # ...and write every msgid that has no translation yet as a block to fill in;
        # paste the filled blocks into a file in site/locale/strings/ and run again.
    make messages                                        # compile the .mo files
    make translations                                    # all of it, and list what is missing

Exits with status 1 when a msgid has no translation or a translation breaks a
placeholder, so it can guard a commit. tests/i18n/test_translations.py runs the same
checks on a fresh extraction.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parent
BASE_DIR = LOCALE_DIR.parent.parent
STRINGS_DIR = LOCALE_DIR / "strings"
LANGUAGES = ("fi", "sv")
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
LANGUAGE_TEAMS = {"fi": "Finnish", "sv": "Swedish"}
# makemessages must not wander into installed packages, caches or build output. "locale"
# too: makemessages sends the strings of every file below a folder that holds a "locale"
# folder into that one, which would split an extraction into a temporary folder in two.
IGNORE = [
    "locale",
    ".venv",
    ".tools",
    "node_modules",
    "staticfiles",
    "media",
    "test-artifacts",
    ".hypothesis",
    ".ruff_cache",
    "bench/results",
]

Key = str | tuple[str, str]


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n")


def _escape(text: str) -> str:
    return text.replace("\n", "\\n")


def load_strings(directory: Path = STRINGS_DIR) -> dict[Key, dict[str, str | list[str]]]:
    """Every translation in the dictionaries: {msgid or (msgid, plural): {lang: text}}."""
    table: dict[Key, dict[str, str | list[str]]] = {}
    for path in sorted(directory.glob("*.txt")):
        for number, block in enumerate(path.read_text(encoding="utf-8").split("\n\n"), 1):
            fields: dict[str, str] = {}
            for line in block.splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                name, sep, value = line.partition(": ")
                if not sep:
                    raise ValueError(f"{path.name}, block {number}: no 'name: text' in {line!r}")
                fields[name.strip()] = _unescape(value)
            if not fields:
                continue
            if "msgid" not in fields:
                raise ValueError(f"{path.name}, block {number}: no msgid")
            entry: dict[str, str | list[str]] = {}
            if "msgid_plural" in fields:
                key: Key = (fields["msgid"], fields["msgid_plural"])
                for lang in LANGUAGES:
                    forms = [fields.get(f"{lang}[0]", ""), fields.get(f"{lang}[1]", "")]
                    if all(forms):
                        entry[lang] = forms
            else:
                key = fields["msgid"]
                for lang in LANGUAGES:
                    if fields.get(lang):
                        entry[lang] = fields[lang]
            table.setdefault(key, {}).update(entry)
    return table


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / "django.po"


def extract(locale_dir: Path = LOCALE_DIR) -> None:
    """Run Django's makemessages (GNU gettext) for fi and sv into locale_dir."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env.setdefault("PAAMAJA_QUIET_DB_FALLBACK", "1")
    code = (
        "import django, sys; from django.conf import settings; django.setup();"
        "settings.LOCALE_PATHS = [sys.argv[1]];"
        "from django.core.management import call_command;"
        "call_command('makemessages', locale=['fi', 'sv'], ignore_patterns=sys.argv[2:],"
        " verbosity=0)"
    )
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", code, str(locale_dir), *IGNORE],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )


def fill(lang: str, table, locale_dir: Path = LOCALE_DIR) -> tuple[list[Key], list[str]]:
    """Write the translations of `lang` into its .po file.

    Returns (msgids without a translation, placeholder errors). Fuzzy guesses that
    msgmerge made are dropped rather than kept: a wrong translation is worse than the
    English original, and a missing one is reported.
    """
    path = po_path(lang, locale_dir)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    catalog.fuzzy = False
    catalog.language_team = f"{LANGUAGE_TEAMS[lang]} <programmes@paamaja.example>"
    catalog.last_translator = "Päämaja <programmes@paamaja.example>"
    catalog.obsolete.clear()
    missing: list[Key] = []
    for message in catalog:
        if not message.id:
            continue
        key: Key = tuple(message.id) if message.pluralizable else message.id
        text = table.get(key, {}).get(lang)
        message.flags.discard("fuzzy")
        message.previous_id = []
        if text:
            message.string = tuple(text) if message.pluralizable else text
        else:
            message.string = ("", "") if message.pluralizable else ""
            missing.append(key)
    errors = [
        f"{lang}: {message.id!r}: {'; '.join(str(e) for e in errs)}"
        for message, errs in catalog.check()
    ]
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, include_previous=False)
    _set_header(path, lang)
    return missing, errors


def _set_header(path: Path, lang: str) -> None:
    """Babel keeps the header's "Language:" and "Plural-Forms:"; make sure they are right."""
    text = path.read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith('"Language: '):
            line = f'"Language: {lang}\\n"\n'
        elif line.startswith('"Plural-Forms: '):
            line = f'"Plural-Forms: {PLURAL_FORMS}\\n"\n'
        lines.append(line)
    path.write_text("".join(lines), encoding="utf-8")


def write_missing(keys: list[Key], target: Path) -> None:
    blocks = []
    for key in keys:
        if isinstance(key, tuple):
            lines = [f"msgid: {_escape(key[0])}", f"msgid_plural: {_escape(key[1])}"]
            lines += [f"{lang}[{n}]: " for lang in LANGUAGES for n in (0, 1)]
        else:
            lines = [f"msgid: {_escape(key)}"] + [f"{lang}: " for lang in LANGUAGES]
        blocks.append("\n".join(lines))
    target.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extract", action="store_true", help="run makemessages first")
    parser.add_argument("--missing", type=Path, help="write untranslated msgids here")
    args = parser.parse_args(argv)
    if args.extract:
        extract()
    table = load_strings()
    all_missing: dict[Key, None] = {}
    status = 0
    for lang in LANGUAGES:
        missing, errors = fill(lang, table)
        for key in missing:
            all_missing[key] = None
        for error in errors:
            print(error, file=sys.stderr)
        if errors:
            status = 1
        print(f"{lang}: {len(missing)} untranslated, {len(errors)} placeholder errors")
    if args.missing and not all_missing and args.missing.exists():
        args.missing.unlink()
    if all_missing:
        status = 1
        if args.missing:
            write_missing(list(all_missing), args.missing)
            print(f"Untranslated msgids written to {args.missing}")
        else:
            for key in list(all_missing)[:20]:
                print(f"  untranslated: {key!r}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
