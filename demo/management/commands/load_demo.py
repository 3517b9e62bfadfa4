"""`python manage.py load_demo`: demo content and one demo user per role, idempotently.

First the catalogue (programmes.demo.loader), then each app's demo in the order of
demo.loading.APP_DEMOS; then the summary.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import Resolver404, resolve
from django.utils import translation

from core.demo import DemoSection
from demo.loading import demo_context, load_app_demos
from programmes.demo.loader import DemoLoader, demo_counts
from programmes.demo.text import LANGUAGES


class Command(BaseCommand):
    help = (
        "Load the Päämaja demo: locales en/fi/sv, the page tree and its translations, host "
        "organisations, programmes with departures, images and one user per role; then the "
        "demo of each app above the catalogue (bookings, delegations, visits, learning "
        "reports: their `demo` modules). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Write the demo texts again over existing demo pages, hosts and users "
            "(new page revisions). Departures are only topped up, never rewritten.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. The demo users have published passwords: "
            "never use this on a production database.",
        )

    def handle(self, *args, refresh: bool, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates users whose passwords are printed, including a superuser. "
                "It runs only with DEBUG=True (config.settings.dev); use --force to run it "
                "anyway on a database that is not production."
            )
        started = time.monotonic()
        with _quiet(options["verbosity"]):
            loader = DemoLoader(refresh=refresh)
            result = loader.run()
            # The apps above programmes add their own demo content (demo.loading).
            sections = load_app_demos(
                demo_context(today=loader.today, refresh=refresh, stats=result.stats)
            )
        elapsed = time.monotonic() - started
        if options["verbosity"] == 0:
            return
        self._summary(result, sections, elapsed)

    # ------------------------------------------------------------------ output

    def _summary(self, result, sections: list[DemoSection], elapsed: float) -> None:
        out = self.stdout.write
        totals = {"created": 0, "updated": 0, "unchanged": 0}
        for (outcome, _kind), n in result.stats.items():
            totals[outcome] += n
        out(
            self.style.SUCCESS(
                f"Päämaja demo loaded in {elapsed:.1f} s: {totals['created']} created, "
                f"{totals['updated']} updated, {totals['unchanged']} unchanged."
            )
        )
        counts = demo_counts()

        def per_language(model: str) -> str:
            return " / ".join(str(counts[f"{model}[{code}]"]) for code in LANGUAGES)

        out("")
        out("Content (en / fi / sv)")
        for label, model in [
            ("Programmes", "ProgrammePage"),
            ("Themes", "ThemePage"),
            ("Standard pages", "StandardPage"),
            ("Host organisations", "HostOrganisation"),
        ]:
            out(f"  {label:<20} {per_language(model)}")
        out(f"  {'Departures':<20} {counts['Departure']} (shared by the translations)")
        out(f"  {'Images':<20} {counts['Image']}")
        out(f"  {'Pages in the tree':<20} {counts['Page'] - 1}")
        for section in sections:
            out("")
            out(str(section.title))
            width = max([20, *(len(str(label)) for label, _value in section.lines)])
            for label, value in section.lines:
                out(f"  {str(label):<{width}} {value}")

        base = settings.BASE_URL.rstrip("/")
        out("")
        out("Site")
        for code in LANGUAGES:
            home = result.home.get(code)
            if home is not None:
                out(f"  {code}  {base}{home.url}")

        out("")
        out("Demo users (sign in at " + base + "/accounts/login/)")
        rows = [("Role", "E-mail", "Password", "Where to go")]
        for user in result.users:
            rows.append((user.role, user.email, user.password, self._where(base, user.where)))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for n, row in enumerate(rows):
            out(
                "  "
                + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3]))
                + "  "
                + row[3]
            )
            if n == 0:
                out("  " + "  ".join("-" * w for w in widths) + "  " + "-" * 11)
        if getattr(settings, "STAFF_MFA_REQUIRED", True):
            out(
                "  Staff roles (manager, host, developer, admin) are asked to set up an "
                "authenticator app (TOTP) before they enter a staff area."
            )

    @staticmethod
    def _where(base: str, path: str) -> str:
        # URLs under a language prefix resolve only while that language is active.
        language = translation.get_language_from_path(path)
        with translation.override(language) if language else nullcontext():
            try:
                resolve(path)
            except Resolver404:
                return f"{base}{path} (not available yet: that area is not installed)"
        return f"{base}{path}"


# Loggers that report every page, task and e-mail the demo makes, one line each: the
# summary is what a new user needs to read. -v 2 keeps them.
CHATTY_LOGGERS = ("wagtail", "django_tasks", "celery", "kombu", "visits", "learning_reports")


@contextmanager
def _quiet(verbosity: int):
    if verbosity >= 2:
        yield
        return
    saved = {name: logging.getLogger(name).level for name in CHATTY_LOGGERS}
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
