"""Bookings announce; visits react. Both signals are sent after the booking's commit."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def on_booking_confirmed(sender, booking_id: int, **kwargs) -> None:
    from .services import visit_create_for_booking

    visit = visit_create_for_booking(booking_id=booking_id)
    logger.info("visits: visit %s for booking %s", visit.pk, booking_id)


def on_booking_cancelled(sender, booking_id: int, **kwargs) -> None:
    from .models import Visit
    from .services import visit_cancel

    visit = Visit.objects.filter(booking_id=booking_id).first()
    if visit is not None:
        visit_cancel(visit=visit)
