"""Announcements for higher apps (visits listens; bookings never imports visits)."""

from django.dispatch import Signal

# Sent after commit when a booking becomes confirmed. kwargs: booking_id
booking_confirmed = Signal()
# Sent after commit when a booking is cancelled. kwargs: booking_id
booking_cancelled = Signal()
