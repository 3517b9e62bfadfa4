"""The one place that builds the Stripe client, from settings.

STRIPE_SECRET_KEY and STRIPE_API_BASE choose the server: Stripe itself, or localstripe
on loopback in the demo and the tests. The client never retries on its own
(max_network_retries=0): a retry is ours to make, with the idempotency key we stored
before the first attempt. Timeouts are short, because a checkout page that waits 80
seconds (the SDK's default) for a card service that does not answer is worse than a
clear "please try again".
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..errors import PaymentProviderError

# (connect, read) seconds. STRIPE_TIMEOUT_SECONDS overrides; the tests shorten it.
DEFAULT_TIMEOUT = (3.0, 10.0)
STRIPE_API_HOST = "api.stripe.com"


def _timeout() -> tuple[float, float]:
    value = getattr(settings, "STRIPE_TIMEOUT_SECONDS", DEFAULT_TIMEOUT)
    if isinstance(value, int | float):
        return (float(value), float(value))
    connect, read = value
    return (float(connect), float(read))


def stripe_client() -> stripe.StripeClient:
    """The configured client. Raises PaymentProviderError when no key is configured."""
    key = settings.STRIPE_SECRET_KEY
    if not key:
        raise PaymentProviderError(
            _("Card payments are not available at the moment. Please choose invoice payment.")
        )
    return _client(key, settings.STRIPE_API_BASE.rstrip("/"), _timeout())


@lru_cache(maxsize=8)
def _client(key: str, api_base: str, timeout: tuple[float, float]) -> stripe.StripeClient:
    # The requests-based HTTP client keeps one session per thread, so one client can be
    # shared by the web server's threads.
    return stripe.StripeClient(
        key,
        base_addresses={"api": api_base},
        max_network_retries=0,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def card_payments_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def is_stand_in() -> bool:
    """True when STRIPE_API_BASE is not Stripe: localstripe in the demo and the tests.

    localstripe's Stripe.js stand-in cannot confirm a card by itself (its
    confirmCardPayment only plays the 3-D Secure step), so the pay page then lets the
    server attach the tokenised card and confirm; see bookings.cards.payments.
    """
    host = urlsplit(settings.STRIPE_API_BASE).hostname or ""
    return host != STRIPE_API_HOST
