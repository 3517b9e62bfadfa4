from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ISSUED = "issued", _("issued")
    REFUSED = "refused", _("refused")


class CostsPaidBy(models.TextChoices):
    DELEGATION = "delegation", _("the delegation's organisation")
    HOST = "host", _("the host region")
    SHARED = (
        "shared",
        _("shared: the programme by the delegation, accommodation by the host region"),
    )


class Occupancy(models.TextChoices):
    SINGLE = "single", _("single")
    DOUBLE = "double", _("double")


class PrintList(models.TextChoices):
    """The printable lists in the delegation's order of precedence."""

    DELEGATION = "delegation", _("Delegation list for hosts")
    PLACE_CARDS = "place-cards", _("Place cards")
    CARS = "cars", _("Car allocation for transfers")
    SPEAKERS = "speakers", _("Speaking order")


# The Schengen states (ISO 3166 codes): where a visa holder may first enter.
SCHENGEN_STATES = (
    "AT BE BG CH CZ DE DK EE ES FI FR GR HR HU IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK"
).split()
