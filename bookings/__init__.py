"""Bookings: the core and its wings.

The core is this package's top level: models, enums, errors, pricing, selectors (every
read: capacity left, amount paid, the payment plan, room availability), the services
(services, cancellation, quotes, participants, waiting_list, departures, allotments,
erasure) and the lifecycle. The wings call the core and never each other's internals:

- bookings.cards: card payments with Stripe, the webhook, disputes, the pay pages, their
  tasks (Celery names "bookings.payment_tasks.<function>");
- bookings.invoicing: invoices, credit notes, the invoice, quote and receipt PDFs;
- bookings.backoffice: the programme managers' pages in the Wagtail admin.

One urls.py (this package's) routes the delegation's pages, the wings' included.

The rules the code keeps
========================

1. **Only bookings.lifecycle writes `Booking.status`.** Every state change is a row of
   its transition table (from-state, to-state, action): `booking_move` /
   `booking_open` lock the booking, check the state, save, write the audit entry named
   after the transition and send its e-mail and signal through the outbox. No other
   module assigns the status (tests/bookings/test_lifecycle.py scans the source).
2. **One lock order for the whole project** (written out in core.transitions):
   departure → booking → visit between wholes (a tailored request before its booking);
   the whole before its parts (a departure before its allotment nights; a booking
   before its payments, invoices and credit notes, refunds, waiting-list entry; a visit
   before its site visits); rows of one kind in id order. A service that starts from a
   part (an invoice marked paid, a refund Stripe answers) looks up its whole's id
   without a lock, locks the whole, then the part. No call to Stripe or any outside
   system is made while rows are locked: lock, record the intent, commit, call, apply.
3. **Admin edits of capacity, dates and money go through services**, never through a
   model form saved as is: a departure's seats, dates and status through
   bookings.departures, an allotment's night, room type and rooms through
   bookings.allotments, a booking's confirmation, cancellation and refunds through
   bookings.services and bookings.cancellation, an invoice marked paid through
   bookings.invoicing.services. Each locks, validates (never below what is sold) and
   audits; the back office only shows and links to them.
"""
