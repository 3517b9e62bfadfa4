"""Delegation-facing booking URLs (under the language prefix, e.g. /en/bookings/...)."""

from django.urls import include, path

app_name = "bookings"

# Three modules own the views: the booking journey (bookings.views), card payment
# (bookings.cards.views) and the invoice PDFs (bookings.invoicing.urls). Each exposes `urlpatterns`.
urlpatterns = [
    path("", include("bookings.views_urls")),
    path("pay/", include("bookings.cards.urls")),
    path("invoices/", include("bookings.invoicing.urls")),
]
