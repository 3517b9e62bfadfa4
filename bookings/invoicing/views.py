"""The delegation's invoice and credit-note PDFs.

Routed by bookings/invoicing/urls.py, included by bookings/urls.py under "invoices/",
so the URL is /<lang>/bookings/invoices/<number>.pdf, named "bookings:invoice_pdf".
Only members of the booking's organisation get the document; anyone else gets a 404,
which does not tell them whether the number exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..enums import PaymentMethod, PaymentStatus
from ..errors import BookingError
from ..models import Invoice, Payment
from ..selectors import bookings_for_user
from .pdf import invoice_pdf_response
from .receipts import receipt_pdf_response
from .services import invoice_for_card_payment


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
    payment = _receipted_payment(request, reference, payment_id)
    return receipt_pdf_response(payment)


def _receipted_payment(request: HttpRequest, reference: str, payment_id: int) -> Payment:
    return get_object_or_404(
        Payment.objects.filter(
            booking__in=bookings_for_user(request.user),
            booking__reference=reference,
            method=PaymentMethod.CARD,
            status=PaymentStatus.SUCCEEDED,
        ),
        pk=payment_id,
    )


@require_POST
@login_required
def card_invoice_request(request: HttpRequest, reference: str, payment_id: int) -> HttpResponse:
    """The buyer asks for an invoice for a card payment: one, marked paid (asking again
    changes nothing); 404 for anyone outside the booking's organisation."""
    payment = _receipted_payment(request, reference, payment_id)
    try:
        invoice = invoice_for_card_payment(payment=payment, actor=request.user)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Invoice %(number)s, marked paid, is under Documents.") % {"number": invoice.number},
        )
    return redirect("bookings:detail", reference)
