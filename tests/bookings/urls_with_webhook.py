"""The project's URLs plus the Stripe webhook, until config/urls.py mounts it itself.

Once config/urls.py has `path("stripe/webhook/", ...)`, the first match wins and this
module changes nothing.
"""

from django.urls import path

from bookings.cards import webhooks
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
    *project_urlpatterns,
]
