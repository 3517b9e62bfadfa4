"""The invoicing wing's delegation-facing URLs, included by bookings/urls.py at
/<lang>/bookings/invoices/ in the "bookings" namespace."""

from django.urls import path

from .views import card_invoice_request, invoice_pdf, receipt_pdf

urlpatterns = [
    path("receipts/<str:reference>/<int:payment_id>.pdf", receipt_pdf, name="receipt_pdf"),
    path(
        "receipts/<str:reference>/<int:payment_id>/invoice/",
        card_invoice_request,
        name="card_invoice_request",
    ),
    path("<str:number>.pdf", invoice_pdf, name="invoice_pdf"),
]
