from django.utils.translation import gettext_lazy as _


class ReportError(Exception):
    """A refusal the user should read. `message` is translatable and safe to show."""

    default_message = _("This report cannot be changed that way.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class InvalidTransition(ReportError):
    default_message = _("This is not possible in the report's current state.")


class LinkNotUsable(ReportError):
    default_message = _("This link does not work.")
