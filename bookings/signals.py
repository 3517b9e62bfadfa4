"""Announcements for higher apps (visits listens; bookings never imports visits)."""

from django.dispatch import Signal

# Sent after commit when a booking becomes confirmed. kwargs: booking_id
booking_confirmed = Signal()
# Sent after commit when a booking is cancelled. kwargs: booking_id
booking_cancelled = Signal()
# Sent (through the outbox, bookings.tasks.announce_booking_moved) when a booking's dates
# moved with its departure. kwargs: booking_id
booking_dates_changed = Signal()
