"""The invoicing wing: invoices and credit notes (services), their PDFs and the quote's
and receipts' PDFs, the delegation's document downloads (views, urls) and the admin's
receipt download (admin_views).

It calls the core (models, pricing, selectors, services) and never writes a booking's
status itself: a settled invoice asks bookings.services, which asks bookings.lifecycle.
"""
