"""A programme line names its start date in the reader's language (issue 11): the line
is stored as booked ("Title (12.03.2027)"), and the booking pages showed that date the
same way in every language, unlike the dates of every other step."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from bookings.enums import LineKind
from bookings.models import BookingLine
from bookings.views._common import priced_lines

from .test_admin import make_booking

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "(March 12, 2027)"), ("fi", "(12. maaliskuuta 2027)"), ("sv", "(12 mars 2027)")],
)
def test_the_programme_line_shows_its_date_as_the_language_writes_dates(language, shown):
    booking = make_booking()
    booking.lines.all().delete()
    title = booking.programme.title
    BookingLine.objects.create(
        booking=booking,
        kind=LineKind.PROGRAMME,
        description=f"{title} ({datetime.date(2027, 3, 12):%d.%m.%Y})",
        quantity=Decimal("4"),
        unit_price=Decimal("1000.00"),
        vat_rate=Decimal("25.5"),
    )
    with translation.override(language):
        (line,) = priced_lines(booking)
    assert line.description.endswith(shown), line.description
    assert "12.03.2027" not in line.description
    stored = booking.lines.get()
    assert stored.description.endswith("(12.03.2027)")  # documents keep it as issued
