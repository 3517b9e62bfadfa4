from django.db import models
from django.utils.translation import gettext_lazy as _


class BookingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    HELD = "held", _("Held")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    CONFIRMED = "confirmed", _("Confirmed")
    PAID = "paid", _("Paid in full")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


# States whose capacity counts only while the hold has not run out.
HOLDING_STATES = (BookingStatus.HELD, BookingStatus.AWAITING_PAYMENT)
# States that keep their seats and rooms for good.
COMMITTED_STATES = (BookingStatus.CONFIRMED, BookingStatus.PAID, BookingStatus.COMPLETED)
OPEN_STATES = (BookingStatus.DRAFT, *HOLDING_STATES, *COMMITTED_STATES)
FINAL_STATES = (BookingStatus.COMPLETED, BookingStatus.CANCELLED, BookingStatus.EXPIRED)


class BookingKind(models.TextChoices):
    DEPARTURE = "departure", _("Scheduled departure")
    TAILORED = "tailored", _("Tailored programme")


class OrganisationType(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    CITY = "city", _("City or municipality")
    AGENCY = "agency", _("Government agency")
    POLICE = "police", _("Police")
    RESCUE = "rescue", _("Rescue service")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card")
    INVOICE = "invoice", _("Invoice")


class PaymentKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    BALANCE = "balance", _("Balance")
    FULL = "full", _("Full amount")
    # What a cancellation leaves owed beyond what was paid (bookings.cancellation).
    FEE = "fee", _("Cancellation fee")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSING = "processing", _("Processing")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELED = "canceled", _("Canceled")


class LineKind(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    ACCOMMODATION = "accommodation", _("Accommodation")
    EXTRA = "extra", _("Extra")
    QUOTE = "quote", _("Quoted item")
    ADJUSTMENT = "adjustment", _("Adjustment")


class Occupancy(models.TextChoices):
    SINGLE = "single", _("Single occupancy")
    DOUBLE = "double", _("Double occupancy")


class ExtraKind(models.TextChoices):
    TRANSFER = "transfer", _("Airport transfer")
    INTERPRETER = "interpreter", _("Interpreter")
    DINNER = "dinner", _("Dinner")
    OTHER = "other", _("Other")


class ExtraUnit(models.TextChoices):
    PER_BOOKING = "booking", _("per booking")
    PER_PERSON = "person", _("per person")
    PER_DAY = "day", _("per day")


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    QUOTED = "quoted", _("Quoted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Offer expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")
