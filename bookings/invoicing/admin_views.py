"""The programme manager opens a card payment's receipt from the admin's booking page.

Registered by bookings.wagtail_hooks.BookingViewSet as `<booking>/receipts/<payment>/pdf/`
("receipt_pdf"), checked with the booking permission policy like the invoice PDF: whoever
may view or change bookings gets it, the same document the delegation downloads.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from ..backoffice.booking_views import BookingViewMixin
from ..enums import PaymentMethod, PaymentStatus
from ..models import Payment
from .receipts import receipt_pdf_response


class ReceiptPdfAdminView(BookingViewMixin, PermissionCheckedMixin, TemplateView):
    """A manager downloads the receipt of a succeeded card payment of a booking."""

    any_permission_required = ["view", "change"]

    def get(self, request, *args, **kwargs):
        payment = get_object_or_404(
            Payment,
            pk=kwargs["payment_pk"],
            booking=self.booking,
            method=PaymentMethod.CARD,
            status=PaymentStatus.SUCCEEDED,
        )
        return receipt_pdf_response(payment)
