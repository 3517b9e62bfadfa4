"""The delegation's invoice and credit-note PDFs.

Included by bookings/urls.py as `path("invoices/", include("bookings.invoice_views"))`,
so the URL is /<lang>/bookings/invoices/<number>.pdf, named "bookings:invoice_pdf".
Only members of the booking's organisation get the document; anyone else gets a 404,
which does not tell them whether the number exists.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_GET

from .enums import PaymentMethod, PaymentStatus
from .models import Invoice, Payment
from .pdf import invoice_pdf_response
from .receipts import receipt_pdf_response
from .selectors import bookings_for_user


@require_GET
@login_required
def invoice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    invoice = get_object_or_404(
        Invoice.objects.filter(booking__in=bookings_for_user(request.user)), number=number
    )
    return invoice_pdf_response(invoice)


@require_GET
@login_required
def receipt_pdf(request: HttpRequest, reference: str, payment_id: int) -> HttpResponse:
    """A card payment's receipt, under its booking's reference (never a bare sequential
    id); 404 for anyone outside the booking's organisation."""
    payment = get_object_or_404(
        Payment.objects.filter(
            booking__in=bookings_for_user(request.user),
            booking__reference=reference,
            method=PaymentMethod.CARD,
            status=PaymentStatus.SUCCEEDED,
        ),
        pk=payment_id,
    )
    return receipt_pdf_response(payment)


urlpatterns = [
    path("receipts/<str:reference>/<int:payment_id>.pdf", receipt_pdf, name="receipt_pdf"),
    path("<str:number>.pdf", invoice_pdf, name="invoice_pdf"),
]
