from django.utils.translation import gettext_lazy as _


class VisitError(Exception):
    """A refusal the user should read. `message` is translatable and safe to show."""

    default_message = _("This visit cannot be changed that way.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class InvalidTransition(VisitError):
    default_message = _("This is not possible in the current state.")


class SlotTaken(VisitError):
    default_message = _("The host has no slot left on that day: someone else took it first.")


class ConflictError(VisitError):
    """Sending was refused because of conflicts; `conflicts` lists them."""

    default_message = _("This request has conflicts and was not sent.")

    def __init__(self, conflicts, message=None):
        self.conflicts = list(conflicts)
        reasons = "; ".join(str(c.message) for c in self.conflicts)
        super().__init__(message or f"{self.default_message} {reasons}")
