"""Announcements for higher apps (visits listens; bookings never imports visits).

None of these is sent inside the transaction that moved the booking: the move enqueues
an outbox message (bookings.lifecycle.booking_move, bookings.departures.departure_move)
and an outbox task sends the signal after the commit, in the claim's transaction, so a
receiver that fails rolls back with the claim and the message is retried (12.10).
"""

from django.dispatch import Signal

# Sent through the outbox (bookings.tasks.announce_booking) after the commit of a move
# that confirms the booking (lifecycle EFFECTS: checkout_invoice, confirm,
# reinstate_late_payment). kwargs: booking_id
booking_confirmed = Signal()
# Sent through the outbox (bookings.tasks.announce_booking) after the commit of the
# lifecycle's "cancel" move. kwargs: booking_id
booking_cancelled = Signal()
# Sent through the outbox (bookings.tasks.announce_booking_moved) after the commit of a
# departure_move that moved the booking's dates. kwargs: booking_id
booking_dates_changed = Signal()
