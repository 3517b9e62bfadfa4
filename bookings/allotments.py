"""The one way an allotment night changes: its room type, night, rooms and release date.

An allotment is a hotel's rooms of one type for one night; bookings reserve rooms on it
(RoomReservation). `allotment_update` runs in one transaction and locks the allotment
first (the row a checkout locks before it counts rooms, bookings.services), then
refuses, with nothing changed:

- moving it to another night or room type while rooms on it are booked or held (the
  reservations would silently land on a night or room the delegation did not book);
- fewer rooms than are booked or held.

Every change writes an audit entry on the allotment (from → to of each field).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record

from .errors import BookingError
from .models import Allotment, RoomType
from .selectors import allotment_rooms_taken
from .services import _race_window  # the one test-only pause between count and write


class AllotmentError(BookingError):
    default_message = _("This allotment cannot be changed that way.")


def _locking() -> bool:
    # Test-only switch: the concurrency test turns this lock off to show the race.
    return getattr(settings, "BOOKINGS_ALLOTMENT_LOCKING_ENABLED", True)


def allotment_refusal(
    allotment: Allotment, *, room_type_id: int, night: datetime.date, rooms: int, taken: int
) -> tuple[str, str] | None:
    """(field, message) when the change is not allowed with `taken` rooms booked or held."""
    if taken and (room_type_id != allotment.room_type_id or night != allotment.night):
        field = "night" if night != allotment.night else "room_type"
        return field, str(
            _(
                "%(taken)s rooms of this night are booked or held: it cannot move to "
                "another night or room type. Add the other night instead."
            )
            % {"taken": taken}
        )
    if rooms < taken:
        return "rooms", str(
            _("%(taken)s rooms of this night are booked or held: it cannot have fewer.")
            % {"taken": taken}
        )
    return None


def allotment_update(
    *,
    allotment: Allotment,
    room_type: RoomType,
    night: datetime.date,
    rooms: int,
    release_date: datetime.date,
    actor,
) -> Allotment:
    with transaction.atomic():
        queryset = Allotment.objects.all()
        if _locking():
            queryset = queryset.select_for_update()
        current = queryset.get(pk=allotment.pk)
        taken = allotment_rooms_taken(allotment_id=current.pk)
        _race_window()
        refusal = allotment_refusal(
            current, room_type_id=room_type.pk, night=night, rooms=rooms, taken=taken
        )
        if refusal is not None:
            raise AllotmentError(refusal[1])
        new = {
            "room_type_id": room_type.pk,
            "night": night,
            "rooms": rooms,
            "release_date": release_date,
        }
        changes = {
            name: (_plain(getattr(current, name)), _plain(value))
            for name, value in new.items()
            if getattr(current, name) != value
        }
        if not changes:
            return current
        for name, value in new.items():
            setattr(current, name, value)
        current.save(update_fields=[name.removesuffix("_id") for name in changes])
        audit_record(
            subject=current,
            action="allotment_update",
            actor=actor,
            data={"changes": changes, "taken": taken},
        )
    return current


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value
