"""Start localstripe, a stateful fake of the Stripe API, on loopback for the demo.

localstripe's own command line binds every interface and keeps its state in
/tmp/localstripe.pickle. This command binds 127.0.0.1 only and keeps the state file in
a temporary folder (or --data-dir), so the demo never exposes it and never shares state
with another run. The tests start it the same way, through `serve()`.

    python manage.py run_localstripe --port 8420

Then point the site at it (what `make demo` does when no real Stripe keys are set):
STRIPE_API_BASE=http://127.0.0.1:8420, STRIPE_JS_URL=http://127.0.0.1:8420/js.stripe.com/v3/,
STRIPE_SECRET_KEY=sk_test_<anything>, STRIPE_PUBLISHABLE_KEY=pk_test_<anything>. Webhooks
are registered with `--webhook-url` and `--webhook-secret` (the site's
STRIPE_WEBHOOK_SECRET).
"""

from __future__ import annotations

import asyncio
import pickle
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

LOOPBACK = "127.0.0.1"


def _keep_state_in(data_file: Path) -> None:
    """Make localstripe's store read and write `data_file` instead of /tmp/localstripe.pickle."""
    # function-level: localstripe/aiohttp are dev-only; the command loads without them
    from localstripe import resources

    def dump_to_disk(store) -> None:
        with open(data_file, "wb") as f:
            pickle.dump(store, f, protocol=pickle.HIGHEST_PROTOCOL)

    def try_load_from_disk(store) -> None:
        try:
            with open(data_file, "rb") as f:
                old = pickle.load(f)  # noqa: S301 - our own file, written by this process
        except FileNotFoundError:
            return
        store.clear()
        store.update(old)

    resources.Store.dump_to_disk = dump_to_disk
    resources.Store.try_load_from_disk = try_load_from_disk


def serve(
    *,
    port: int,
    host: str = LOOPBACK,
    data_dir: str | None = None,
    webhook_url: str = "",
    webhook_secret: str = "",
) -> None:
    """Run localstripe until interrupted. Blocks. Importable without Django settings."""
    # function-level: localstripe/aiohttp are dev-only; the command loads without them
    from aiohttp import web
    from localstripe.server import app
    from localstripe.webhooks import register_webhook

    folder = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="localstripe-"))
    folder.mkdir(parents=True, exist_ok=True)
    _keep_state_in(folder / "localstripe.pickle")
    if webhook_url and webhook_secret:
        register_webhook("paamaja", webhook_url, webhook_secret, None)
    # run_app closes the loop it is given; a fresh one keeps this usable from a thread.
    web.run_app(
        app,
        host=host,
        port=port,
        print=None,
        access_log=None,
        handle_signals=True,
        loop=asyncio.new_event_loop(),
    )


class Command(BaseCommand):
    help = "Run localstripe (fake Stripe API and Stripe.js stand-in) on 127.0.0.1."
    # It touches neither the database nor the models: start at once.
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8420)
        parser.add_argument("--data-dir", default="", help="Folder for the state file.")
        parser.add_argument(
            "--webhook-url", default="", help="e.g. http://127.0.0.1:8000/stripe/webhook/"
        )
        parser.add_argument("--webhook-secret", default="", help="the site's STRIPE_WEBHOOK_SECRET")

    def handle(
        self, *args, port: int, data_dir: str, webhook_url: str, webhook_secret: str, **options
    ):
        self.stdout.write(
            f"localstripe on http://{LOOPBACK}:{port} "
            f"(Stripe.js stand-in at http://{LOOPBACK}:{port}/js.stripe.com/v3/)"
        )
        self.stdout.flush()
        serve(
            port=port,
            data_dir=data_dir or None,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
        )
