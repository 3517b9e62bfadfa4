"""Run the retention the daily task runs, as if today were --as-of; print counts per model."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from core.retention import retention_apply


class Command(BaseCommand):
    help = "Erase personal data past its retention period (what the daily task runs)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="YYYY-MM-DD, default today")
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, as_of=None, dry_run=False, **options):
        day = None
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError as error:
                raise CommandError("--as-of must be YYYY-MM-DD") from error
        counts = retention_apply(as_of=day, dry_run=dry_run)
        prefix = "would change" if dry_run else "changed"
        for label in sorted(counts):
            self.stdout.write(f"{label}: {prefix} {counts[label]}")
