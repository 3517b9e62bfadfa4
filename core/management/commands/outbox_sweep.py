from django.core.management.base import BaseCommand

from core.outbox import outbox_sweep


class Command(BaseCommand):
    help = "Dispatch outbox messages that were not handed to the broker (e.g. it was down)."

    def handle(self, *args, **options):
        sent = outbox_sweep()
        self.stdout.write(f"dispatched={sent}")
