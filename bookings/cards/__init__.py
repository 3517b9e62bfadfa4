"""The card wing: payments with Stripe PaymentIntents (payments), the Stripe client
(stripe_client), the signed webhook (webhooks), disputes, the pay pages (views, urls) and
their Celery tasks (tasks, named "bookings.payment_tasks.<function>" as before the move).
The localstripe command (bookings/management/commands/run_localstripe.py) stays a
management command of the bookings app.

It calls the core (models, pricing, selectors, services) and moves a booking's status
only through bookings.lifecycle.
"""
