from django.utils.translation import gettext_lazy as _


class BookingError(Exception):
    """A refusal the user should read. `message` is translatable and safe to show."""

    default_message = _("This booking cannot be changed that way.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NoLongerAvailable(BookingError):
    default_message = _("Sorry, this is no longer available: someone else booked it first.")


class InvalidTransition(BookingError):
    default_message = _("This booking is not in a state that allows that.")


class PaymentProviderError(BookingError):
    default_message = _(
        "We could not reach the card payment service. Nothing was charged; please try again."
    )
