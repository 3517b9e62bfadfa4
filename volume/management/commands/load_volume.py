"""`python manage.py load_volume`: the benchmark's large data set, from a fixed seed."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from volume.loader import SEED, SIZES, VolumeLoader


class Command(BaseCommand):
    help = (
        "Fill the database with the benchmark's data set (the demo plus, for --size large, "
        "60 programmes and 300 host organisations in three languages, 5,000 bookings with "
        "40,000 participants, 2,000 visits, 100,000 feedback answers). Reproducible: the "
        "same seed gives the same data. Meant for an empty database of the benchmark's own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="large")
        parser.add_argument("--seed", type=int, default=SEED)

    def handle(self, *args, size: str, seed: int, **options):
        if VolumeLoader.already_loaded():
            raise CommandError(
                "This database already holds a volume data set; load it into an empty one."
            )
        started = time.monotonic()
        quiet = options["verbosity"] == 0
        loader = VolumeLoader(size=size, seed=seed, out=None if quiet else self.stdout.write)
        counts = loader.run()
        if not quiet:
            summary = ", ".join(f"{key}={value}" for key, value in counts.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Volume data set '{size}' loaded in {time.monotonic() - started:.0f} s: "
                    f"{summary}"
                )
            )
