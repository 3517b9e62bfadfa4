"""The programme managers' back office in the Wagtail admin: listing, detail, actions."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from bookings.enums import (
    BookingKind,
    BookingStatus,
    InvoiceKind,
    LineKind,
    PaymentKind,
    PaymentMethod,
    PaymentStatus,
    QuoteStatus,
)
from bookings.models import (
    Allotment,
    Booking,
    BookingLine,
    CancellationPolicy,
    CancellationRule,
    Hotel,
    Invoice,
    Participant,
    Payment,
    Quote,
    QuoteLine,
    RoomType,
    VatRate,
)
from bookings.services import (
    RoomRequest,
    booking_checkout,
    booking_set_accommodation,
    booking_start,
)
from core.models import AuditEntry, OutboxMessage

from .factories import (
    default_policy,
    make_delegation,
    make_departure,
    make_room_type,
    vat_rates,
)

pytestmark = pytest.mark.django_db

_n = itertools.count(1)


# --------------------------------------------------------------------------- helpers


def staff_user(group: str | None = None, *, superuser: bool = False, extra_perms=()) -> User:
    """A user in `group` with TOTP set up (staff roles must have it, see accounts)."""
    email = f"staff{next(_n)}@paamaja.example"
    if superuser:
        user = User.objects.create_superuser(email=email, password="pw-123456789")
    else:
        user = User.objects.create_user(email=email, password="pw-123456789")
    if group:
        user.groups.add(Group.objects.get(name=group))
    for app_label, codename in extra_perms:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    TOTP.activate(user, generate_totp_secret())
    return user


def manager() -> User:
    return staff_user("Programme managers")


def host_with_admin_access() -> User:
    """A host who may enter the admin (for their own things) but not bookings."""
    return staff_user("Hosts", extra_perms=[("wagtailadmin", "access_admin")])


def make_booking(
    *,
    departure=None,
    organisation=None,
    contact=None,
    status: str = BookingStatus.CONFIRMED,
    kind: str = BookingKind.DEPARTURE,
    participants: int = 4,
    payments=(),
    hold_minutes: int = 20,
) -> Booking:
    """A booking written directly (no capacity checks): for listings and actions."""
    departure = departure or make_departure(seats=200)
    if organisation is None:
        organisation, contact = make_delegation()
    booking = Booking.objects.create(
        kind=kind,
        status=status,
        organisation=organisation,
        contact=contact,
        programme=departure.page,
        departure=departure if kind == BookingKind.DEPARTURE else None,
        participants_count=participants,
        start_date=departure.start_date,
        end_date=departure.end_date,
        hold_expires_at=timezone.now() + datetime.timedelta(minutes=hold_minutes)
        if status in (BookingStatus.HELD, BookingStatus.AWAITING_PAYMENT)
        else None,
        cancellation_policy=default_policy(),
    )
    BookingLine.objects.create(
        booking=booking,
        kind=LineKind.PROGRAMME,
        description="Programme",
        quantity=Decimal(participants),
        unit_price=Decimal("1000.00"),
        vat_rate=Decimal("25.5"),
    )
    BookingLine.objects.create(
        booking=booking,
        kind=LineKind.ACCOMMODATION,
        description="Hotel, 2 nights",
        quantity=Decimal("2"),
        unit_price=Decimal("120.00"),
        vat_rate=Decimal("14"),
        position=10,
    )
    for amount, payment_status, due_date in payments:
        Payment.objects.create(
            booking=booking,
            kind=PaymentKind.FULL,
            method=PaymentMethod.INVOICE,
            amount=Decimal(amount),
            status=payment_status,
            due_date=due_date,
        )
    return booking


def invoiced_booking(*, participants: int = 5, days_ahead: int = 90):
    """A departure booking through the real services: rooms, checkout by invoice."""
    vat_rates()
    default_policy()
    departure = make_departure(seats=20, days_ahead=days_ahead)
    organisation, contact = make_delegation(country="EE")
    booking = booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=participants,
    )
    nights = [departure.start_date, departure.start_date + datetime.timedelta(days=1)]
    room_type = make_room_type(nights=nights, rooms=10)
    booking_set_accommodation(
        booking=booking,
        requests=[RoomRequest(room_type=room_type, occupancy="single", rooms=2)],
        arrival=nights[0],
        departure=nights[-1] + datetime.timedelta(days=1),
        actor=contact,
    )
    booking = booking_checkout(booking=booking, payment_method=PaymentMethod.INVOICE, actor=contact)
    return booking, contact


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --------------------------------------------------------------------------- roles


def test_migration_gives_programme_managers_the_bookings_permissions():
    managers = Group.objects.get(name="Programme managers")
    codenames = set(managers.permissions.values_list("codename", flat=True))
    assert {"view_booking", "change_booking", "add_allotment", "change_vatrate"} <= codenames
    assert {"view_auditentry", "view_outboxmessage", "change_bookingpolicy"} <= codenames
    # Financial records are never deleted or made up by hand.
    assert not {"delete_booking", "add_booking", "delete_invoice", "delete_payment"} & codenames
    assert not {"change_auditentry", "delete_auditentry"} & codenames


def test_migration_creates_the_vat_rates_and_the_default_cancellation_policy():
    rates = dict(VatRate.objects.values_list("code", "rate"))
    assert rates["general"] == Decimal("25.50")
    assert rates["accommodation"] == Decimal("14.00")
    policy = CancellationPolicy.objects.get(is_default=True)
    assert list(policy.rules.values_list("days_before", "refund_percent")) == [
        (60, Decimal("100.00")),
        (30, Decimal("50.00")),
        (0, Decimal("0.00")),
    ]


@pytest.mark.parametrize(
    "who",
    ["anonymous", "delegation", "host", "developer"],
)
def test_only_programme_managers_reach_the_bookings(client, who):
    booking = make_booking()
    if who == "delegation":
        client.force_login(booking.contact)
    elif who == "host":
        client.force_login(host_with_admin_access())
    elif who == "developer":
        client.force_login(
            staff_user("Regional developers", extra_perms=[("wagtailadmin", "access_admin")])
        )
    urls = [
        reverse("booking:index"),
        reverse("booking:inspect", args=[booking.pk]),
        reverse("booking:cancel", args=[booking.pk]),
        reverse("booking_manifests:index"),
        reverse("booking_manifests:manifest", args=[booking.departure_id]),
        reverse("booking_manifests:csv", args=[booking.departure_id]),
        reverse("allotment:index"),
    ]
    for url in urls:
        response = client.get(url)
        if who in ("host", "developer"):
            # Wagtail answers a permission refusal inside the admin with a redirect to
            # the dashboard and a message.
            assert response.status_code in (302, 403), url
            if response.status_code == 302:
                assert response["Location"] == reverse("wagtailadmin_home"), url
        else:
            assert response.status_code == 302, url
            assert "/admin/" not in response["Location"].split("?")[0], url
    response = client.post(reverse("booking:cancel", args=[booking.pk]), {"reason": "x"})
    assert response.status_code in (302, 403)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_bookings_menu_shows_for_managers_only(client):
    client.force_login(manager())
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert reverse("booking:index") in response.content.decode()
    # The admin's search offers bookings as a search area.
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "PMJ"})
    assert reverse("booking:index") + "?q=PMJ" in response.content.decode()
    client.force_login(host_with_admin_access())
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse("booking:index") not in response.content.decode()


def test_view_only_users_cannot_act(client):
    booking = make_booking(kind=BookingKind.TAILORED, status=BookingStatus.HELD)
    viewer = staff_user(
        extra_perms=[("wagtailadmin", "access_admin"), ("bookings", "view_booking")]
    )
    client.force_login(viewer)
    assert client.get(reverse("booking:inspect", args=[booking.pk])).status_code == 200
    response = client.post(reverse("booking:confirm", args=[booking.pk]), {"reason": ""})
    assert response.status_code in (302, 403)
    assert response.get("Location") in (None, reverse("wagtailadmin_home"))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.HELD


# --------------------------------------------------------------------------- listing


def test_booking_list_shows_the_columns(client):
    today = timezone.localdate()
    booking = make_booking(
        payments=[("4240.00", PaymentStatus.PENDING, today - datetime.timedelta(days=3))]
    )
    client.force_login(manager())
    response = client.get(reverse("booking:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert booking.reference in html
    assert booking.organisation.name in html
    assert "Germany (DE)" in html
    assert booking.programme.title in html
    assert "Confirmed" in html
    assert "Overdue" in html
    # 4 × 1000.00 + 2 × 120.00, VAT included
    assert "€4,240.00" in html
    assert reverse("booking:inspect", args=[booking.pk]) in html
    # No way to add, edit or delete a booking by hand.
    assert "/admin/bookings/new/" not in html
    for url in [
        "/admin/bookings/new/",
        f"/admin/bookings/edit/{booking.pk}/",
        f"/admin/bookings/delete/{booking.pk}/",
    ]:
        assert client.get(url, follow=True).status_code == 404, url


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# The listing of 5 or of 50 bookings costs the same number of queries (pinned).
LIST_QUERIES = 18


def test_booking_list_query_count_does_not_grow_with_rows(client):
    today = timezone.localdate()
    departure = make_departure(seats=500)
    organisation, contact = make_delegation()

    def add(count):
        for i in range(count):
            state = [
                ("100.00", PaymentStatus.SUCCEEDED, today),
                ("200.00", PaymentStatus.PENDING, today + datetime.timedelta(days=30)),
                ("300.00", PaymentStatus.PENDING, today - datetime.timedelta(days=1)),
            ][i % 3]
            make_booking(
                departure=departure, organisation=organisation, contact=contact, payments=[state]
            )

    client.force_login(manager())
    url = reverse("booking:index")
    filtered = url + "?payment_state=overdue&status=confirmed&country=DE&q=PMJ"
    add(5)
    client.get(url)  # warm caches (content types, site, locales)
    five, five_filtered = _list_queries(client, url), _list_queries(client, filtered)
    add(45)
    fifty, fifty_filtered = _list_queries(client, url), _list_queries(client, filtered)
    response = client.get(url)
    assert response.content.decode().count('href="/admin/bookings/') >= 50
    assert five == fifty == LIST_QUERIES
    # Filter choices are validated and rendered with a few more queries, still fixed.
    assert five_filtered == fifty_filtered <= LIST_QUERIES + 3


def test_booking_list_filters_and_search(client):
    today = timezone.localdate()
    paid = make_booking(payments=[("1.00", PaymentStatus.SUCCEEDED, today)])
    due = make_booking(
        payments=[("1.00", PaymentStatus.PENDING, today + datetime.timedelta(days=5))]
    )
    overdue = make_booking(
        payments=[("1.00", PaymentStatus.PENDING, today - datetime.timedelta(days=5))]
    )
    organisation, contact = make_delegation(country="FR")
    french = make_booking(organisation=organisation, contact=contact, status=BookingStatus.HELD)
    client.force_login(manager())
    url = reverse("booking:index_results")

    def listed(query):
        html = client.get(url, query).content.decode()
        return {b.reference for b in (paid, due, overdue, french) if b.reference in html}

    assert listed({"payment_state": "paid"}) == {paid.reference}
    assert listed({"payment_state": "due"}) == {due.reference}
    assert listed({"payment_state": "overdue"}) == {overdue.reference}
    assert listed({"payment_state": "none"}) == {french.reference}
    assert listed({"status": "held"}) == {french.reference}
    assert listed({"country": "FR"}) == {french.reference}
    assert listed({"programme": paid.programme_id}) == {paid.reference}
    assert listed({"departure": due.departure_id}) == {due.reference}
    assert listed({"q": overdue.reference.lower()}) == {overdue.reference}
    assert listed({"q": organisation.name}) == {french.reference}
    # A value that is not a choice is ignored with a message, not a 500.
    assert client.get(url, {"payment_state": "bogus"}).status_code == 200


# --------------------------------------------------------------------------- detail


def test_booking_detail_shows_everything_a_manager_needs(client):
    booking, contact = invoiced_booking(participants=5)
    Participant.objects.create(
        booking=booking,
        first_name="Kadri",
        last_name="Tamm",
        email="kadri@siseministeerium.example",
        nationality="EE",
        emergency_contact_name="Mart",
        emergency_contact_phone="+372 555 0100",
        dietary_needs="vegetarian",
    )
    Participant.objects.create(booking=booking, first_name="Jaan", last_name="Kask")
    invoice = booking.invoices.get()
    client.force_login(manager())

    response = client.get(reverse("booking:inspect", args=[booking.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert booking.reference in html
    assert booking.organisation.name in html
    assert contact.email in html
    # Lines, the VAT breakdown per rate and the total (5 × 1000.00 + 2 rooms × 2 nights × 120.00)
    assert "25.5 %" in html and "14 %" in html
    assert "€5,480.00" in html
    # Payments, invoices with their PDF and the action to mark them paid
    assert invoice.number in html
    assert reverse("booking:invoice_pdf", args=[booking.pk, invoice.pk]) in html
    assert reverse("booking:invoice_mark_paid", args=[booking.pk, invoice.pk]) in html
    # Participants and what is missing
    assert "Kadri Tamm" in html
    assert "3 of 5 participants not entered yet" in html
    assert "Jaan Kask: " in html
    # Rooms and the timeline from the audit log
    assert "Standard" in html
    assert "checkout" in html and "hold" in html
    assert reverse("booking:cancel", args=[booking.pk]) in html
    assert reverse("booking_manifests:manifest", args=[booking.departure_id]) in html


def test_booking_detail_of_an_unknown_booking_is_404(client):
    client.force_login(manager())
    response = client.get(reverse("booking:inspect", args=[999999]), follow=True)
    assert response.status_code == 404


# --------------------------------------------------------------------------- actions


def test_confirm_a_tailored_booking(client):
    booking = make_booking(kind=BookingKind.TAILORED, status=BookingStatus.HELD)
    user = manager()
    client.force_login(user)
    url = reverse("booking:confirm", args=[booking.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Yes, confirm the booking" in page.content.decode()

    response = client.post(url, {"reason": "Signed offer received"})
    assert response.status_code == 302
    assert response["Location"] == reverse("booking:inspect", args=[booking.pk])
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    entry = AuditEntry.objects.filter(object_id=str(booking.pk), action="confirm").get()
    assert entry.actor == user
    assert entry.data == {"reason": "Signed offer received"}
    assert any("confirmed" in m for m in messages_of(response))


def test_a_domain_refusal_becomes_a_message_and_changes_nothing(client):
    booking = make_booking(kind=BookingKind.TAILORED, status=BookingStatus.DRAFT)
    client.force_login(manager())
    before = AuditEntry.objects.count()
    response = client.post(reverse("booking:confirm", args=[booking.pk]), {"reason": ""})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DRAFT
    assert AuditEntry.objects.count() == before
    assert any("not in a state" in m for m in messages_of(response))


def test_a_scheduled_departure_booking_is_not_confirmed_by_hand(client):
    booking = make_booking(status=BookingStatus.HELD)
    client.force_login(manager())
    response = client.post(reverse("booking:confirm", args=[booking.pk]), {"reason": ""})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.HELD


def test_mark_an_invoice_paid(client):
    booking, _ = invoiced_booking()
    invoice = booking.invoices.get()
    user = manager()
    client.force_login(user)
    url = reverse("booking:invoice_mark_paid", args=[booking.pk, invoice.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert invoice.number in page.content.decode()

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, {"paid_on": tomorrow.isoformat()})
    assert response.status_code == 200  # the form says the date is in the future
    invoice.refresh_from_db()
    assert invoice.paid_at is None

    response = client.post(url, {"paid_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    invoice.refresh_from_db()
    booking.refresh_from_db()
    assert invoice.paid_at is not None
    assert booking.status == BookingStatus.PAID
    assert AuditEntry.objects.filter(action="mark_paid", actor=user).exists()

    # Again: refused with a message, nothing changes.
    paid_at = invoice.paid_at
    response = client.post(url, {"paid_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.paid_at == paid_at


def test_an_invoice_of_another_booking_is_404(client):
    booking, _ = invoiced_booking()
    other = make_booking()
    invoice = booking.invoices.get()
    client.force_login(manager())
    url = reverse("booking:invoice_mark_paid", args=[other.pk, invoice.pk])
    assert client.get(url, follow=True).status_code == 404
    pdf_url = reverse("booking:invoice_pdf", args=[other.pk, invoice.pk])
    assert client.get(pdf_url, follow=True).status_code == 404


def test_cancel_shows_the_refund_the_policy_gives_then_cancels(client):
    booking, _ = invoiced_booking(days_ahead=45)
    invoice = booking.invoices.get()
    # What invoicing.invoice_mark_paid records (the action itself is tested above).
    now = timezone.now()
    Invoice.objects.filter(pk=invoice.pk).update(paid_at=now)
    Payment.objects.filter(pk=invoice.payment_id).update(
        status=PaymentStatus.SUCCEEDED, paid_at=now
    )
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.PAID)
    client.force_login(manager())
    url = reverse("booking:cancel", args=[booking.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    # 45 days before arrival: the 30-day rule, 50 % of the 5,480.00 paid
    assert "at least 30 days before arrival: 50 % refunded" in html
    assert "€2,740.00" in html

    response = client.post(url, {"reason": ""})
    assert response.status_code == 200  # a reason is required
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PAID

    response = client.post(url, {"reason": "Ministerial visit postponed"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    note = Invoice.objects.get(booking=booking, kind=InvoiceKind.CREDIT_NOTE)
    assert note.credited_invoice == invoice
    detail = client.get(reverse("booking:inspect", args=[booking.pk])).content.decode()
    assert note.number in detail
    # A cancelled booking offers no second cancellation.
    response = client.get(url)
    assert response.status_code == 302


def test_resend_an_email_goes_out_again_as_first_sent(client):
    booking = make_booking()
    first = OutboxMessage.objects.create(
        task="bookings.tasks.send_booking_email",
        kwargs={
            "booking_id": booking.pk,
            "template": "balance_reminder",
            "payment_id": 7,
            "amount": "2968.00",
        },
    )
    user = manager()
    client.force_login(user)
    url = reverse("booking:resend_email", args=[booking.pk])
    page = client.get(url).content.decode()
    assert "Balance reminder" in page
    assert "Booking confirmation" in page  # a confirmed booking can always get it again

    # Only this booking's e-mails can be chosen.
    other = OutboxMessage.objects.create(
        task="bookings.tasks.send_booking_email",
        kwargs={"booking_id": booking.pk + 1000, "template": "receipt"},
    )
    assert client.post(url, {"email": str(other.pk)}).status_code == 200
    assert OutboxMessage.objects.count() == 2

    response = client.post(url, {"email": str(first.pk)})
    assert response.status_code == 302
    again = OutboxMessage.objects.exclude(pk__in=[first.pk, other.pk]).get()
    assert again.task == first.task and again.kwargs == first.kwargs
    assert AuditEntry.objects.filter(
        object_id=str(booking.pk), action="email_resend", actor=user
    ).exists()

    response = client.post(url, {"email": "confirmation"})
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(
        kwargs={"booking_id": booking.pk, "template": "confirmation"}
    ).exists()


def test_nothing_to_resend_for_a_draft(client):
    booking = make_booking(status=BookingStatus.DRAFT)
    client.force_login(manager())
    response = client.get(reverse("booking:resend_email", args=[booking.pk]))
    assert response.status_code == 302
    assert any("No e-mail" in m for m in messages_of(response))


def test_send_a_quote(client):
    booking = make_booking(kind=BookingKind.TAILORED, status=BookingStatus.DRAFT)
    quote = Quote.objects.create(
        booking=booking, valid_until=timezone.localdate() + datetime.timedelta(days=30)
    )
    QuoteLine.objects.create(
        quote=quote,
        description="Tailored programme",
        quantity=Decimal("6"),
        unit_price=Decimal("2100.00"),
        vat_rate=Decimal("25.5"),
    )
    client.force_login(manager())
    detail = client.get(reverse("booking:inspect", args=[booking.pk])).content.decode()
    url = reverse("booking:quote_send", args=[booking.pk, quote.pk])
    assert url in detail
    page = client.get(url)
    assert "€12,600.00" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SENT
    assert OutboxMessage.objects.filter(kwargs__template="quote").exists()


# --------------------------------------------------------------------------- catalogue


def test_catalogue_listings_and_forms_open(client):
    make_room_type(nights=[timezone.localdate() + datetime.timedelta(days=60)])
    client.force_login(manager())
    for name in [
        "organisation",
        "hotel",
        "roomtype",
        "allotment",
        "extra",
        "vatrate",
        "cancellationpolicy",
    ]:
        assert client.get(reverse(f"{name}:index")).status_code == 200, name
        assert client.get(reverse(f"{name}:add")).status_code == 200, name
    assert client.get(reverse("allotment:bulk")).status_code == 200
    hotel = Hotel.objects.get()
    assert client.get(reverse("hotel:edit", args=[hotel.pk])).status_code == 200


def _formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_create_a_cancellation_policy_with_its_rules(client):
    client.force_login(manager())
    data = {
        "name": "Generous",
        **_formset(
            "rules",
            [
                {"days_before": "14", "refund_percent": "100"},
                {"days_before": "0", "refund_percent": "25"},
                {"days_before": "", "refund_percent": ""},
            ],
        ),
    }
    response = client.post(reverse("cancellationpolicy:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = CancellationPolicy.objects.get(name="Generous")
    assert list(policy.rules.values_list("days_before", "refund_percent")) == [
        (14, Decimal("100.00")),
        (0, Decimal("25.00")),
    ]
    assert not policy.is_default


def test_a_second_default_policy_and_duplicate_rules_are_refused(client):
    client.force_login(manager())
    data = {
        "name": "Other",
        "is_default": "on",
        **_formset(
            "rules",
            [
                {"days_before": "10", "refund_percent": "100"},
                {"days_before": "10", "refund_percent": "50"},
            ],
        ),
    }
    response = client.post(reverse("cancellationpolicy:add"), data)
    assert response.status_code == 200
    assert not CancellationPolicy.objects.filter(name="Other").exists()
    assert not CancellationRule.objects.filter(days_before=10).exists()


def test_edit_a_hotel_and_add_a_room_type_inline(client):
    rates = vat_rates()
    hotel = Hotel.objects.create(name="Hotel Kenraali", address="Hallituskatu 1", city="Mikkeli")
    client.force_login(manager())
    data = {
        "name": "Hotel Kenraali",
        "address": "Hallituskatu 1",
        "city": "Mikkeli",
        "phone": "",
        "latitude": "",
        "longitude": "",
        **_formset(
            "room_types",
            [
                {
                    "name": "Superior",
                    "price_single": "140.00",
                    "price_double": "170.00",
                    "vat_rate": str(rates["accommodation"].pk),
                }
            ],
        ),
    }
    response = client.post(reverse("hotel:edit", args=[hotel.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(hotel.room_types.values_list("name", "price_single")) == [
        ("Superior", Decimal("140.00"))
    ]


def test_bulk_allotments_create_and_update_nights_but_never_below_what_is_taken(client):
    booking, _ = invoiced_booking()
    reservation = booking.rooms.first()
    room_type = reservation.allotment.room_type
    first = reservation.allotment.night
    client.force_login(manager())
    url = reverse("allotment:bulk")
    data = {
        "room_type": room_type.pk,
        "first_night": (first - datetime.timedelta(days=1)).isoformat(),
        "last_night": (first + datetime.timedelta(days=2)).isoformat(),
        "rooms": "1",
        "release_days": "21",
    }
    # Two rooms of the first night are booked: one room per night is refused.
    response = client.post(url, data)
    assert response.status_code == 200
    assert "more rooms booked or held" in response.content.decode()
    assert Allotment.objects.filter(room_type=room_type).count() == 2

    response = client.post(url, {**data, "rooms": "6"})
    assert response.status_code == 302
    allotments = Allotment.objects.filter(room_type=room_type).order_by("night")
    assert [a.rooms for a in allotments] == [6, 6, 6, 6]
    assert all(a.release_date == a.night - datetime.timedelta(days=21) for a in allotments)

    response = client.post(
        url, {**data, "last_night": (first - datetime.timedelta(days=3)).isoformat()}
    )
    assert response.status_code == 200


def test_an_allotment_night_cannot_drop_below_its_booked_rooms(client):
    booking, _ = invoiced_booking()
    allotment = booking.rooms.first().allotment
    client.force_login(manager())
    url = reverse("allotment:edit", args=[allotment.pk])
    data = {
        "room_type": allotment.room_type_id,
        "night": allotment.night.isoformat(),
        "release_date": allotment.release_date.isoformat(),
        "rooms": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    allotment.refresh_from_db()
    assert allotment.rooms == 10
    response = client.post(url, {**data, "rooms": "2"})
    assert response.status_code == 302
    allotment.refresh_from_db()
    assert allotment.rooms == 2


def test_allotment_list_filters_by_hotel_room_type_and_night(client):
    night = timezone.localdate() + datetime.timedelta(days=60)
    kept = make_room_type(nights=[night, night + datetime.timedelta(days=1)])
    other = make_room_type(nights=[night])
    client.force_login(manager())
    url = reverse("allotment:index_results")

    def listed(query):
        html = client.get(url, query).content.decode()
        return {
            a.room_type_id
            for a in Allotment.objects.all()
            if reverse("allotment:edit", args=[a.pk]) in html
        }

    assert listed({"hotel": kept.hotel_id}) == {kept.pk}
    assert listed({"room_type": other.pk}) == {other.pk}
    assert listed({"night_from": (night + datetime.timedelta(days=1)).isoformat()}) == {kept.pk}
    export = client.get(reverse("allotment:index"), {"export": "csv"})
    assert export.status_code == 200
    assert kept.hotel.name in b"".join(export.streaming_content).decode()


def test_deleting_what_bookings_use_is_refused_not_a_500(client):
    booking, _ = invoiced_booking()
    room_type = booking.rooms.first().allotment.room_type
    client.force_login(manager())
    response = client.post(reverse("roomtype:delete", args=[room_type.pk]))
    assert response.status_code in (302, 403)
    assert RoomType.objects.filter(pk=room_type.pk).exists()
    response = client.post(reverse("organisation:delete", args=[booking.organisation_id]))
    assert response.status_code in (302, 403)
    assert booking.organisation.__class__.objects.filter(pk=booking.organisation_id).exists()


@pytest.mark.parametrize("viewset", ["allotment", "hotel", "roomtype", "cancellationpolicy"])
def test_catalogue_listings_do_not_query_per_row(client, viewset):
    client.force_login(manager())
    url = reverse(f"{viewset}:index")

    def add(count):
        for i in range(count):
            room_type = make_room_type(
                nights=[timezone.localdate() + datetime.timedelta(days=60 + i)]
            )
            policy = CancellationPolicy.objects.create(name=f"Policy {room_type.pk}")
            CancellationRule.objects.create(policy=policy, days_before=7, refund_percent=50)

    add(2)
    client.get(url)
    few = _list_queries(client, url)
    add(8)
    assert _list_queries(client, url) == few
