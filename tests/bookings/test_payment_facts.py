"""12.7: a fact about a PaymentIntent lands only on the payment that still uses it.

`payment_apply_intent` looks the payment up by intent id before it locks. If the intent
is replaced in between (a declined card on localstripe, a cancelled intent), the fact
is about the old intent and must change nothing: the id is checked again under the lock.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections, transaction

from bookings.cards.payments import payment_apply_intent
from bookings.enums import PaymentMethod, PaymentStatus
from bookings.models import Booking, Payment

from .test_invoicing import _booking

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_fact_about_a_replaced_intent_changes_nothing():
    booking = _booking(PaymentMethod.CARD)
    payment = booking.payments.order_by("due_date", "pk").first()
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_old")
    replaced = threading.Event()
    errors: list[str] = []

    def replace_intent():
        # What _replace_intent writes, in the lock order it uses (booking, payment),
        # held long enough for the fact about the old intent to queue behind it.
        try:
            with transaction.atomic():
                Booking.objects.select_for_update().get(pk=booking.pk)
                locked = Payment.objects.select_for_update().get(pk=payment.pk)
                replaced.set()
                time.sleep(0.5)
                locked.stripe_payment_intent_id = "pi_new"
                locked.save(update_fields=["stripe_payment_intent_id"])
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    thread = threading.Thread(target=replace_intent)
    thread.start()
    replaced.wait(5)
    # Looked up while pi_old is still the committed id, applied after pi_new replaced it.
    result = payment_apply_intent(
        payment_intent_id="pi_old", status="canceled", amount_received_cents=0
    )
    thread.join(10)

    assert errors == []
    assert result is not None
    payment.refresh_from_db()
    assert payment.stripe_payment_intent_id == "pi_new"
    assert payment.status == PaymentStatus.PENDING
