"""Stripe's decline reasons in the page's language (issue 11 item 5).

Stripe words its card errors in English ("Your card was declined."). We show our own
translated sentence for each decline code, and for the English messages Stripe (and
localstripe) put in `last_payment_error.message`, which is what a failed payment keeps.
Anything we do not recognise becomes the general "declined" sentence, never English.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

GENERIC = "card_declined"


def _messages() -> dict[str, str]:
    return {
        "card_declined": _("Your card was declined."),
        "generic_decline": _("Your card was declined."),
        "do_not_honor": _("Your card was declined."),
        "lost_card": _("Your card was declined."),
        "stolen_card": _("Your card was declined."),
        "fraudulent": _("Your card was declined."),
        "insufficient_funds": _("Your card has insufficient funds."),
        "expired_card": _("Your card has expired."),
        "incorrect_cvc": _("Your card's security code is incorrect."),
        "invalid_cvc": _("Your card's security code is incorrect."),
        "incorrect_number": _("Your card number is incorrect."),
        "invalid_number": _("Your card number is incorrect."),
        "invalid_expiry_month": _("Your card's expiration date is incorrect."),
        "invalid_expiry_year": _("Your card's expiration date is incorrect."),
        "processing_error": _(
            "An error occurred while processing your card. Please try again in a moment."
        ),
        "authentication_required": _("Your bank asked to confirm this payment. Please try again."),
        "card_not_supported": _("Your card does not support this type of purchase."),
        "currency_not_supported": _("Your card does not support payments in euros."),
    }


# Stripe's English messages, as stored from last_payment_error.message, to their code.
STRIPE_ENGLISH = {
    "your card was declined.": "card_declined",
    "your card has insufficient funds.": "insufficient_funds",
    "your card has expired.": "expired_card",
    "your card's security code is incorrect.": "incorrect_cvc",
    "your card number is incorrect.": "incorrect_number",
    "your card's expiration month is invalid.": "invalid_expiry_month",
    "your card's expiration year is invalid.": "invalid_expiry_year",
    "an error occurred while processing your card. try again in a little bit.": (
        "processing_error"
    ),
}


def decline_message(*, code: str | None = None, message: str | None = None) -> str:
    """Our translated sentence for a decline code, or for Stripe's stored message."""
    messages = _messages()
    for candidate in (code, STRIPE_ENGLISH.get((message or "").strip().lower()), message):
        if candidate and candidate in messages:
            return messages[candidate]
    return messages[GENERIC]


def card_error_message(exc: BaseException) -> str | None:
    """The translated reason of a stripe.CardError behind a domain error, if there is one."""
    cause = exc.__cause__
    if cause is None or not hasattr(cause, "code"):
        return None
    error = getattr(cause, "error", None)
    code = getattr(error, "decline_code", None) or getattr(cause, "code", None)
    return decline_message(code=code, message=getattr(cause, "user_message", None))
