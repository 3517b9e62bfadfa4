"""bookings' part of the data map (core.datamap)."""

from core import datamap as d


def _p(field, kind, purpose, retention=d.BOOKING_PERIOD, erasure=d.BLANK, model="Participant"):
    d.declare(
        f"bookings.{model}",
        field,
        kind=kind,
        purpose=purpose,
        retention=retention,
        erasure=erasure,
    )


for _f in ("first_name", "last_name", "title", "organisation"):
    _p(_f, d.IDENTITY, "name badges, hosts' lists, reports with consent")
_p("email", d.CONTACT, "private link to enter details, feedback invitation")
_p("date_of_birth", d.IDENTITY, "vetting by hosts that require it")
_p("nationality", d.IDENTITY, "country counts in reports", erasure=d.COUNT)
for _f in ("id_document_type", "id_document_number", "id_document_expiry"):
    _p(_f, d.TRAVEL_DOCUMENT, "vetting by hosts that require it", retention=d.TRAVEL_PERIOD)
_p("dietary_needs", d.HEALTH, "meals")
_p("accessibility_needs", d.HEALTH, "access at sites and hotels")
_p("emergency_contact_name", d.IDENTITY, "duty of care")
_p("emergency_contact_phone", d.CONTACT, "duty of care")
_p("consent_named_in_reports", d.IDENTITY, "quotes by name", erasure=d.BLANK)
d.not_personal("bookings.Participant", "booking", "invite_version", "invited_at")
d.not_personal("bookings.Participant", "completed_at", "anonymised_at")

_p("notes", d.FREE_TEXT, "delegation's remarks on the booking", model="Booking")
_p("contact", d.IDENTITY, "who booked", erasure=d.PSEUDONYMISE, model="Booking")
_p("message", d.FREE_TEXT, "what a tailored programme should cover", model="TailoredRequest")
_p("contact", d.IDENTITY, "who asked", erasure=d.PSEUDONYMISE, model="TailoredRequest")
_p("accepted_ip", d.NETWORK, "proof of acceptance", model="Quote")
_p("accepted_user_agent", d.NETWORK, "proof of acceptance", model="Quote")
_p("contact", d.IDENTITY, "who waits", erasure=d.DELETE, model="WaitingListEntry")
d.declare(
    "bookings.StripeEvent",
    "payload",
    kind=d.CONTACT,
    purpose="apply a payment (billing names and e-mails)",
    retention=d.STRIPE_PERIOD,
    erasure=d.BLANK,
)
d.declare(
    "bookings.Invoice",
    "buyer",
    kind=d.CONTACT,
    purpose="the invoice's buyer",
    retention=d.ACCOUNTING_PERIOD,
    erasure=d.KEEP,
)
for _f in ("billing_address", "billing_email", "vat_id", "purchase_order_reference"):
    d.declare(
        "bookings.Organisation",
        _f,
        kind=d.CONTACT,
        purpose="invoicing the delegation's organisation",
        retention=d.WHILE_ACCOUNT,
        erasure=d.KEEP,
    )
d.declare(
    "bookings.Payment",
    "failure_message",
    kind=d.FREE_TEXT,
    purpose="why a payment failed",
    retention=d.ACCOUNTING_PERIOD,
    erasure=d.KEEP,
)
d.declare(
    "bookings.Hotel",
    "phone",
    kind=d.CONTACT,
    purpose="the hotel's desk",
    retention=d.HOST_PERIOD,
    erasure=d.BLANK,
)

d.not_personal("bookings.BookingPolicy")
d.not_personal("bookings.VatRate")
d.not_personal("bookings.CancellationPolicy")
d.not_personal("bookings.CancellationRule")
d.not_personal("bookings.RoomType")
d.not_personal("bookings.Allotment")
d.not_personal("bookings.Extra")
d.not_personal("bookings.BookingLine")
d.not_personal("bookings.RoomReservation")
d.not_personal("bookings.BookingExtra")
d.not_personal("bookings.Refund")
d.not_personal("bookings.Dispute")
d.not_personal("bookings.InvoiceSequence")
d.not_personal("bookings.InvoiceLine")
d.not_personal("bookings.QuoteLine")
d.not_personal("bookings.Hotel", "name", "address", "city", "latitude", "longitude")
d.not_personal("bookings.Organisation", "name", "country", "type", "join_code", "created_at")
for _m, _fields in {
    "Booking": "reference kind status organisation programme departure participants_count "
    "start_date end_date payment_method language hold_expires_at participant_deadline "
    "needs_attention created_at updated_at",
    "Payment": "booking invoice kind method amount currency due_date status "
    "stripe_payment_intent_id idempotency_key paid_at created_at status_changed_at checked_at",
    "StripeEvent": "event_id type object_id received_at processed_at",
    "Invoice": "booking kind number reference issued_on due_date paid_at reminded_at credits",
    "TailoredRequest": "organisation programme preferred_start preferred_end group_size "
    "language status booking created_at",
    "Quote": "booking valid_until status sent_at accepted_at created_at accepted_by "
    "deposit_percent balance_due_days invoice_payment_days",
    "WaitingListEntry": "departure organisation participants_count language status "
    "offer_expires_at created_at offered_booking",
}.items():
    d.not_personal(f"bookings.{_m}", *_fields.split())
d.not_personal("bookings.Booking", "cancellation_policy")
d.not_personal("bookings.Invoice", "payment", "credited_invoice")
