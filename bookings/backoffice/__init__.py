"""The back-office wing: the programme managers' pages in the Wagtail admin, registered
by bookings/wagtail_hooks.py.

- booking_views: the bookings' list and each booking's page, and the reads they share;
- booking_actions: confirm, cancel, resend an e-mail, mark an invoice paid, send a quote;
- manifests: departures and their manifests (page and CSV);
- catalogue: hotels and room types, cancellation policies (the generic inline-formset
  panel they use is core.panels);
- departure_views, allotment_views: capacity, dates and rooms, changed only through
  bookings.departures and bookings.allotments (locked, checked, audited);
- tailored_views: tailored requests and their quotes;
- erasure_views: erasing and exporting a participant's or a contact's data.

Views stay thin: each action calls one service function and shows a domain refusal
(BookingError) as a message, with nothing changed. No view writes a booking's status.
"""
