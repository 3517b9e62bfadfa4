"""The marker proof of retention (issue 14, "Proof"): on PostgreSQL, a delegation made
through the real services carries a unique marker in every personal field the data map
gives a period; after `retention_apply --as-of` a day past every period, a
`pg_dump --data-only` of the whole test database holds none of them, and a day before
the periods end it still holds them (so the test can fail).

The markers are committed (a transactional test: pg_dump reads another connection), the
card payment goes through localstripe with its signed webhooks to the live server (a
StripeEvent payload per event), and localstripe's missing `charge.succeeded` (the event
of real Stripe that carries the billing name and e-mail) is posted in Stripe's current
shape, signed, to the same webhook.

What the map keeps on purpose carries no marker: the contact's account (until it is
deleted), the organisation's billing details and the invoice's buyer (accounting law),
hosts' and resources' contacts (while active). `test_every_timed_field_of_the_map_has_a_marker`
keeps the list of marked fields equal to the map's timed fields, so a new personal field
needs a marker here before the suite passes.
"""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import datetime
import os
import secrets
import subprocess
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from bookings.enums import BookingStatus, PaymentKind
from bookings.models import Booking, Participant, Payment, StripeEvent
from core import datamap
from core.retention import months_ago
from tests.accounts.factories import make_user
from tests.bookings.factories import (
    default_policy,
    make_delegation,
    make_departure,
    programme_index,
    vat_rates,
)
from tests.bookings.localstripe_server import (  # noqa: F401 - fixtures
    api,
    event_payload,
    localstripe,
    signed,
    stripe_settings,
    stripe_webhooks,
    wait_for,
)
from tests.programmes.factories import ensure_locales
from tests.visits.factories import (
    make_host_user,
    make_manager,
    make_programme_with_hosts,
    open_all_week,
)

on_postgres_committed = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _postgres_committed(test):
    for mark in on_postgres_committed:
        test = mark(test)
    return test


# The map's retention rules that end (the others keep by law or while an account, a host
# or a resource is active; see the module docstring).
TIMED = {
    datamap.BOOKING_PERIOD,
    datamap.TRAVEL_PERIOD,
    datamap.VISIT_PERIOD,
    datamap.OUTBOX_PERIOD,
    datamap.AUDIT_PERIOD,
    datamap.STRIPE_PERIOD,
    datamap.ENQUIRY_PERIOD,
    datamap.CONSENT_PERIOD,
}
# Timed fields that hold no value a test could mark, with the reason.
NOT_MARKED = {
    "bookings.participant.nationality": "a country code, kept as a count",
    "bookings.participant.consent_named_in_reports": "a yes/no",
    "learning_reports.feedbackinvitation.participant": "a link, kept as a count",
    "visits.briefingacknowledgement.participant": "a link, kept as a count",
    "visits.attendance.participant": "a link, kept as a count",
    "visits.vettingdecision.participant": "a link; the row is deleted",
    "visits.needssharingconsent.participant": "a link; the row is deleted",
    "bookings.booking.contact": "a link to the account (kept while it exists)",
    "bookings.tailoredrequest.contact": "a link to the account (kept while it exists)",
    "bookings.waitinglistentry.contact": "a link to the account; the row is deleted",
    "learning_reports.learningreport.share_nonce": "a random nonce, no person in it",
    "learning_reports.feedbackresponse.quote_country": "a country code",
    "delegations.invitationletter.nationality": "a country code",
    "delegations.invitationletter.requested_by": "a link to the account; cleared with the booking",
}
# Each marked field and the markers the walk below puts into it.
MARKED = {
    "bookings.participant.first_name": ["first", "first2"],
    "bookings.participant.last_name": ["last", "last2"],
    "bookings.participant.title": ["title"],
    "bookings.participant.organisation": ["porg"],
    "bookings.participant.email": ["pmail", "pmail2"],
    "bookings.participant.date_of_birth": ["1971-03-17"],
    "bookings.participant.id_document_type": ["doctype"],
    "bookings.participant.id_document_number": ["passport", "passport2"],
    "bookings.participant.id_document_expiry": ["2041-09-23"],
    "bookings.participant.dietary_needs": ["diet"],
    "bookings.participant.accessibility_needs": ["access"],
    "bookings.participant.emergency_contact_name": ["emname"],
    "bookings.participant.emergency_contact_phone": ["emphone"],
    "bookings.booking.notes": ["notes"],
    "bookings.tailoredrequest.message": ["request"],
    "bookings.quote.accepted_ip": ["198.51.100.173"],
    "bookings.quote.accepted_user_agent": ["agent"],
    "bookings.stripeevent.payload": ["billname", "billmail"],
    "core.outboxmessage.kwargs": ["pmail", "delegationmsg"],
    "core.outboxmessage.last_error": [],  # nothing fails in this walk
    "core.auditentry.data": ["198.51.100.173", "agent"],
    "visits.incident.description": ["incident"],
    "visits.incident.informed": ["informed"],
    "visits.incident.actions": ["actions"],
    "visits.itineraryitem.attendees": ["attendees"],
    "visits.itineraryitem.notes": ["itemnotes"],
    "visits.visit.manager_phone": ["mgrphone"],
    "visits.sitevisit.decline_reason": ["decline"],
    "learning_reports.feedbackresponse.apply_at_home": ["applyhome"],
    "learning_reports.feedbackresponse.improve": ["improve"],
    "learning_reports.feedbackresponse.quote_name": ["first2", "last2"],
    "learning_reports.sitevisitrating.comment": ["sitecomment"],
    "learning_reports.followupresponse.behaviour": ["behaviour"],
    "learning_reports.followupresponse.results": ["results"],
    "learning_reports.followupresponse.cooperation_details": ["cooperation"],
    "learning_reports.followupresponse.quote_name": ["first2", "last2"],
    "learning_reports.hostdebrief.how_it_went": ["howitwent"],
    "learning_reports.hostdebrief.questions_asked": ["questions"],
    "learning_reports.hostdebrief.follow_up_contacts": ["followcontacts"],
    "learning_reports.learningreport.content": ["first2", "last2"],
    "learning_reports.reportversion.content": ["first2", "last2"],
    "learning_reports.reviewcomment.text": ["review"],
    "wagtailforms.formsubmission.form_data": ["enquiry"],
    "delegations.invitationletter.full_name": ["lettername"],
    "delegations.invitationletter.purpose": ["letterpurpose"],
    "delegations.invitationletter.passport_number": ["lpassport"],
    "delegations.invitationletter.passport_expiry": ["2039-05-11"],
    "delegations.invitationletter.date_of_birth": ["1968-07-04"],
    "delegations.invitationletter.refusal_reason": ["refusal"],
    "delegations.participantprotocol.honorific": ["honorific"],
    "delegations.participantprotocol.form_of_address": ["addressform"],
    "delegations.participantprotocol.position": ["position"],
    "delegations.roomassignment.special_needs": ["roomneeds"],
    "delegations.roominglistsending.rows": ["roomneeds"],
    "delegations.roominglistsending.recipient": ["hoteldesk"],
}


class Markers:
    """One unique marker per name: letters only, so they survive every field's checks."""

    def __init__(self):
        self.run = secrets.token_hex(4)
        self.made: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name[0].isdigit():  # a date or an IP address: unique enough as it is
            return self.made.setdefault(name, name)
        return self.made.setdefault(name, f"Zqmk{name}{self.run}")

    def email(self, name: str) -> str:
        return f"{self(name).lower()}@agency.example"

    def found_in(self, text: str) -> set[str]:
        low = text.lower()
        return {name for name, marker in self.made.items() if marker.lower() in low}


def pg_dump() -> str:
    """Every table of the test database, data only, as pg_dump writes it."""
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    command = ["pg_dump", "--data-only", "--no-owner", "-d", settings["NAME"]]
    if settings.get("HOST"):
        command += ["-h", settings["HOST"]]
    if settings.get("PORT"):
        command += ["-p", str(settings["PORT"])]
    if settings.get("USER"):
        command += ["-U", settings["USER"]]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return result.stdout


def retention_apply(as_of: datetime.date) -> str:
    out = StringIO()
    call_command("retention_apply", "--as-of", as_of.isoformat(), stdout=out)
    return out.getvalue()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The day whose `months_ago(…, months)` is `day` (the last day inside the period)."""
    candidate = day + datetime.timedelta(days=months * 31)
    while months_ago(candidate, months) > day:
        candidate -= datetime.timedelta(days=1)
    return candidate


def test_every_timed_field_of_the_map_has_a_marker():
    """A new personal field with a period fails here until the walk below marks it."""
    timed = {
        f"{e.model}.{e.field}" for e in datamap.entries() if e.retention in TIMED and not e.key
    }
    assert timed - set(MARKED) - set(NOT_MARKED) == set()
    assert set(MARKED) - timed == set(), "marked fields the map does not list"


# --------------------------------------------------------------------------- the walk


def _pay_by_card_with_billing_details(intent_id: str, m: Markers) -> None:
    """What the card holder does, with their name and e-mail on the card (Stripe keeps
    them as billing details; localstripe's payment_intent events leave them out)."""
    client = api()
    method = client.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"},
            "billing_details": {"name": m("billname"), "email": m.email("billmail")},
        }
    )
    client.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
    assert client.v1.payment_intents.confirm(intent_id).status == "succeeded"


def _charge_succeeded(client, settings, payment: Payment, m: Markers) -> None:
    """Stripe's `charge.succeeded` in its current shape (localstripe sends no charge.*
    events), signed with the webhook secret: the billing details are in its payload."""
    charge = {
        "id": f"ch_test_{secrets.token_hex(6)}",
        "object": "charge",
        "amount": int(payment.amount * 100),
        "currency": "eur",
        "status": "succeeded",
        "payment_intent": payment.stripe_payment_intent_id,
        "receipt_email": m.email("billmail"),
        "billing_details": {"name": m("billname"), "email": m.email("billmail")},
        "metadata": {"payment_id": str(payment.pk)},
    }
    body, header = signed(event_payload("charge.succeeded", charge), settings.STRIPE_WEBHOOK_SECRET)
    response = client.post(
        reverse("stripe_webhook"),
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 200, response.content


def _a_delegation_through_every_service(client, settings, m: Markers) -> Booking:
    from bookings.cards.payments import payment_intent_for
    from bookings.participants import participant_invite, participant_update
    from bookings.quotes import quote_accept, quote_prepare, quote_send, tailored_request_create
    from learning_reports.enums import InvitationKind, QuoteConsent, ReportSection
    from learning_reports.models import FeedbackInvitation, LearningReport
    from learning_reports.services import (
        feedback_submit,
        follow_up_submit,
        host_debrief_save,
        invitations_create,
        report_approve,
        report_publish,
        report_submit,
        review_comment_add,
    )
    from learning_reports.tasks import compile_report
    from visits.enums import ItemKind
    from visits.models import SiteVisit, Visit
    from visits.services import (
        briefing_acknowledge,
        delegation_message_send,
        incident_log,
        item_add,
        site_visit_accept,
        site_visit_decline,
        site_visit_send,
        visit_complete,
        visit_update_duty_of_care,
    )

    ensure_locales()  # a transactional test starts from a flushed database
    programme_index()
    vat_rates()
    default_policy()
    programme, hosts = make_programme_with_hosts(days=2, items_per_day=2)
    hosts[0].requires_id_check = True  # the host vets its visitors: passports are asked
    hosts[0].save(update_fields=["requires_id_check"])
    organisation, contact = make_delegation()
    manager = make_manager()
    # An enquiry-form submission, as the form page stores it (its view is walked in
    # tests/programmes/test_enquiry.py; a form page here would need the whole catalogue).
    FormSubmission.objects.create(
        page=programme, form_data={"organisation": m("enquiry"), "email": m.email("enquiry")}
    )

    # The tailored request and its quote, accepted for card payment.
    start = timezone.localdate() + datetime.timedelta(days=40)
    request = tailored_request_create(
        organisation=organisation,
        contact=contact,
        programme=programme,
        preferred_start=start,
        preferred_end=start + datetime.timedelta(days=1),
        group_size=2,
        message=f"Please include {m('request')} in the programme.",
    )
    quote = quote_prepare(
        request=request,
        lines=[
            {
                "description": "Tailored programme, 2 days",
                "quantity": Decimal("2"),
                "unit_price": Decimal("1500.00"),
                "vat_rate": Decimal("25.5"),
            }
        ],
        valid_until=timezone.localdate() + datetime.timedelta(days=14),
        actor=manager,
    )
    quote_send(quote=quote, actor=manager)
    booking = quote_accept(
        quote=quote,
        actor=contact,
        ip=m("198.51.100.173"),
        user_agent=f"Mozilla/5.0 {m('agent')}",
        payment_method="card",
    )
    Booking.objects.filter(pk=booking.pk).update(notes=f"{m('notes')} arrives late")

    # The participants: one invited by e-mail, both fill in every detail.
    first, second = list(booking.participants.order_by("pk"))
    participant_invite(participant=first, email=m.email("pmail"), actor=contact)
    for participant, suffix in ((first, ""), (second, "2")):
        participant_update(
            participant=Participant.objects.get(pk=participant.pk),
            data={
                "first_name": m("first" + suffix),
                "last_name": m("last" + suffix),
                "title": m("title"),
                "organisation": m("porg"),
                "email": m.email("pmail" + suffix),
                "nationality": "DE",
                "date_of_birth": datetime.date(1971, 3, 17),
                "id_document_type": m("doctype"),
                "id_document_number": m("passport" + suffix),
                "id_document_expiry": datetime.date(2041, 9, 23),
                "dietary_needs": m("diet"),
                "accessibility_needs": m("access"),
                "emergency_contact_name": m("emname"),
                "emergency_contact_phone": m("emphone"),
                "consent_named_in_reports": True,
            },
            actor=contact,
        )
    m("1971-03-17"), m("2041-09-23")

    # The deposit by card on localstripe; its signed webhooks confirm the booking, and
    # the confirmation makes the visit (through the outbox).
    deposit = booking.payments.get(kind__in=[PaymentKind.DEPOSIT, PaymentKind.FULL])
    payment_intent_for(payment=deposit)
    deposit.refresh_from_db()
    _pay_by_card_with_billing_details(deposit.stripe_payment_intent_id, m)
    wait_for(
        lambda: (
            Booking.objects.get(pk=booking.pk).status
            in (BookingStatus.CONFIRMED, BookingStatus.PAID)
        ),
        what="payment_intent.succeeded from localstripe",
    )
    _charge_succeeded(client, settings, deposit, m)
    wait_for(
        lambda: (
            StripeEvent.objects.filter(processed_at__isnull=True).count() == 0
            and StripeEvent.objects.count() >= 2
        ),
        what="both Stripe events applied",
    )
    visit = wait_for(lambda: Visit.objects.filter(booking=booking).first(), what="the visit")

    # The visit: duty of care, an item, the hosts' answers, a message, an incident.
    visit_update_duty_of_care(visit=visit, actor=manager, manager_phone=m("mgrphone"))
    begins = timezone.make_aware(datetime.datetime.combine(start, datetime.time(18)))
    item_add(
        visit=visit,
        kind=ItemKind.MEAL,
        title="Dinner",
        starts_at=begins,
        ends_at=begins + datetime.timedelta(hours=2),
        actor=manager,
        attendees=m("attendees"),
        notes=m("itemnotes"),
    )
    site_visits = list(SiteVisit.objects.filter(item__visit=visit).select_related("host"))
    by_host = {}
    for site_visit in site_visits:
        by_host.setdefault(site_visit.host_id, site_visit)
    accepted_sv, declined_sv = (by_host[hosts[0].pk], by_host[hosts[1].pk])
    for host, site_visit in ((hosts[0], accepted_sv), (hosts[1], declined_sv)):
        open_all_week(host)
        site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    host_user = make_host_user(hosts[0])
    other_host_user = make_host_user(hosts[1])
    site_visit_accept(site_visit=accepted_sv, actor=host_user)
    site_visit_decline(site_visit=declined_sv, actor=other_host_user, reason=m("decline"))
    delegation_message_send(
        visit=visit, actor=manager, subject="Tomorrow", body=f"Dear {m('delegationmsg')}"
    )
    briefing_acknowledge(participant=Participant.objects.get(pk=first.pk))
    incident_log(
        visit=visit,
        actor=manager,
        occurred_at=begins,
        description=m("incident"),
        informed=m("informed"),
        actions=m("actions"),
    )
    visit_complete(visit=visit, actor=manager)

    # Feedback: the first without consent (free text marked), the second named.
    invitations_create(visit_id=visit.pk)
    mine = FeedbackInvitation.objects.get(participant_id=first.pk, kind=InvitationKind.FEEDBACK)
    theirs = FeedbackInvitation.objects.get(participant_id=second.pk, kind=InvitationKind.FEEDBACK)
    feedback_submit(
        invitation=mine,
        overall_rating=4,
        nps=8,
        apply_at_home=m("applyhome"),
        improve=m("improve"),
        consent=QuoteConsent.NONE,
        site_ratings=[(accepted_sv.pk, 5, m("sitecomment"))],
    )
    feedback_submit(
        invitation=theirs,
        overall_rating=5,
        nps=9,
        apply_at_home="Joint rescue drills.",
        consent=QuoteConsent.NAMED,
    )
    invitations_create(visit_id=visit.pk, kind=InvitationKind.FOLLOW_UP)
    follow_up = FeedbackInvitation.objects.get(
        participant_id=first.pk, kind=InvitationKind.FOLLOW_UP
    )
    follow_up_submit(
        invitation=follow_up,
        applied_level=3,
        behaviour=m("behaviour"),
        results=m("results"),
        cooperation=True,
        cooperation_details=m("cooperation"),
        consent=QuoteConsent.NONE,
    )
    theirs_later = FeedbackInvitation.objects.get(
        participant_id=second.pk, kind=InvitationKind.FOLLOW_UP
    )
    follow_up_submit(
        invitation=theirs_later,
        applied_level=4,
        behaviour="We train together now.",
        consent=QuoteConsent.NAMED,
    )
    host_debrief_save(
        site_visit=accepted_sv,
        actor=host_user,
        how_it_went=m("howitwent"),
        questions_asked=m("questions"),
        follow_up_contacts=m("followcontacts"),
    )

    # The report: compiled, reviewed with a comment, approved and published.
    report = LearningReport.objects.get(visit=visit)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    developer = make_user(f"dev.{m.run}@region.example", role="Regional developers")
    report_submit(report=report, actor=manager)
    review_comment_add(
        report=report, actor=developer, section=ReportSection.values[0], text=m("review")
    )
    report_approve(report=report, actor=developer)
    report_publish(report=report, actor=developer)
    _delegation_logistics(booking, first, manager, contact, m)
    return Booking.objects.get(pk=booking.pk)


def _delegation_logistics(booking, participant, manager, contact, m: Markers) -> None:
    """A visa letter issued and one refused, protocol, a room and the hotel's list."""
    from bookings.models import Hotel
    from delegations.letters import letter_issue, letter_refuse, letter_request
    from delegations.protocol import protocol_update
    from delegations.rooming import room_assign, rooming_list_send

    booking = Booking.objects.get(pk=booking.pk)
    participant = Participant.objects.get(pk=participant.pk)
    data = {
        "full_name": m("lettername"),
        "date_of_birth": datetime.date(1968, 7, 4),
        "nationality": "IN",
        "passport_number": m("lpassport"),
        "passport_expiry": datetime.date(2039, 5, 11),
        "purpose": m("letterpurpose"),
        "arrival": booking.start_date,
        "departure": booking.end_date,
        "entry_state": "FI",
    }
    letter_issue(
        letter=letter_request(booking=booking, participant=participant, actor=contact, data=data),
        actor=manager,
    )
    letter_refuse(
        letter=letter_request(booking=booking, participant=None, actor=contact, data=data),
        actor=manager,
        reason=m("refusal"),
    )
    m("1968-07-04"), m("2039-05-11")
    protocol_update(
        participant=participant,
        data={
            "honorific": m("honorific"),
            "form_of_address": m("addressform"),
            "position": m("position"),
            "rank": 1,
        },
        actor=manager,
    )
    hotel = Hotel.objects.create(name="Hotel Kaleva", address="Hallituskatu 1", city="Mikkeli")
    room_assign(
        booking=booking,
        hotel=hotel,
        data={
            "participant": participant,
            "occupancy": "single",
            "arrival": booking.start_date,
            "departure": booking.end_date + datetime.timedelta(days=1),
            "special_needs": m("roomneeds"),
        },
        actor=manager,
    )
    rooming_list_send(booking=booking, hotel=hotel, recipient=m.email("hoteldesk"), actor=manager)


def _expected(fields: list[str]) -> set[str]:
    return {name for field in fields for name in MARKED[field]}


@_postgres_committed
def test_no_marker_survives_retention_of_a_visited_and_paid_booking(
    client, settings, stripe_webhooks
):
    m = Markers()
    booking = _a_delegation_through_every_service(client, settings, m)
    end = booking.end_date

    # Before any run: every marked field holds its marker somewhere in the database.
    before = m.found_in(pg_dump())
    missing = {name for names in MARKED.values() for name in names} - before
    assert not missing, f"the walk did not store these markers: {sorted(missing)}"

    # The visit's last day: passports stay; Stripe payloads are already reduced.
    retention_apply(end)
    found = m.found_in(pg_dump())
    assert {"passport", "passport2", "doctype", "2041-09-23", "lpassport", "1968-07-04"} <= found
    assert not {"billname", "billmail"} & found, "Stripe payloads kept billing details"

    # The day after it: the travel documents are gone, everything else stays.
    retention_apply(end + datetime.timedelta(days=1))
    found = m.found_in(pg_dump())
    assert not {"passport", "passport2", "doctype", "2041-09-23", "lpassport", "1968-07-04"} & found
    assert {"first", "last", "diet", "notes", "incident", "request", "review"} <= found

    # The last day of the 12 months: names, needs, notes and free text are still there.
    last_day = add_months(end, 12)
    retention_apply(last_day)
    found = m.found_in(pg_dump())
    long_lived = _expected(
        [
            "bookings.participant.first_name",
            "bookings.participant.email",
            "bookings.participant.dietary_needs",
            "bookings.booking.notes",
            "bookings.tailoredrequest.message",
            "bookings.quote.accepted_user_agent",
            "visits.incident.description",
            "visits.sitevisit.decline_reason",
            "learning_reports.feedbackresponse.improve",
            "learning_reports.hostdebrief.how_it_went",
            "learning_reports.reviewcomment.text",
        ]
    )
    assert long_lived - found == set(), "erased before the period ended"

    # A day past every period: no marker anywhere.
    output = retention_apply(last_day + datetime.timedelta(days=1))
    dump = pg_dump()
    survivors = m.found_in(dump)
    assert not survivors, _where(dump, m, survivors)
    assert m.run not in output  # the command prints counts, never data


def _where(dump: str, m: Markers, names: set[str]) -> str:
    """The tables (COPY blocks) where markers survived, for the failure message."""
    lines, table, hits = dump.splitlines(), "", []
    for line in lines:
        if line.startswith("COPY "):
            table = line.split()[1]
        for name in names:
            if m.made[name].lower() in line.lower():
                hits.append(f"{name} in {table}: {line[:300]}")
    return "markers survived retention:\n  " + "\n  ".join(hits[:40])


# --------------------------------------------------------------------------- unfinished


def today_plus(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@_postgres_committed
def test_no_marker_survives_an_expired_hold_or_a_cancelled_booking_after_30_days(client):
    from bookings.cancellation import booking_cancel
    from bookings.participants import (
        participant_invite,
        participant_slots_ensure,
        participant_update,
    )
    from bookings.services import booking_checkout, booking_expire, booking_start

    m = Markers()
    ensure_locales()
    departure = make_departure(seats=20)
    bookings = []
    for kind in ("expired", "cancelled"):
        organisation, contact = make_delegation()
        booking = booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=1
        )
        (participant,) = participant_slots_ensure(booking=booking)
        participant_invite(participant=participant, email=m.email(f"{kind}mail"), actor=contact)
        participant_update(
            participant=Participant.objects.get(pk=participant.pk),
            data={
                "first_name": m(f"{kind}first"),
                "last_name": m(f"{kind}last"),
                "organisation": m(f"{kind}org"),
                "nationality": "FI",
                "dietary_needs": m(f"{kind}diet"),
                "accessibility_needs": m(f"{kind}access"),
                "emergency_contact_name": m(f"{kind}emname"),
                "emergency_contact_phone": m(f"{kind}emphone"),
            },
            actor=contact,
        )
        Booking.objects.filter(pk=booking.pk).update(notes=m(f"{kind}notes"))
        if kind == "expired":
            Booking.objects.filter(pk=booking.pk).update(
                hold_expires_at=timezone.now() - datetime.timedelta(minutes=1)
            )
            booking_expire(booking=Booking.objects.get(pk=booking.pk))
        else:
            booking = booking_checkout(
                booking=Booking.objects.get(pk=booking.pk), payment_method="invoice", actor=contact
            )
            booking_cancel(booking=booking, actor=contact, reason="Plans changed")
        bookings.append(Booking.objects.get(pk=booking.pk))
    # A tailored programme: the request, the quote accepted (its IP address and user
    # agent, also in the audit payload), then cancelled.
    from bookings.quotes import quote_accept, quote_prepare, quote_send, tailored_request_create

    organisation, contact = make_delegation()
    programme = departure.page
    request = tailored_request_create(
        organisation=organisation,
        contact=contact,
        programme=programme,
        preferred_start=today_plus(60),
        preferred_end=today_plus(62),
        group_size=1,
        message=m("tailoredrequest"),
    )
    quote = quote_prepare(
        request=request,
        lines=[
            {
                "description": "Tailored programme",
                "quantity": Decimal("1"),
                "unit_price": Decimal("2100.00"),
                "vat_rate": Decimal("25.5"),
            }
        ],
        valid_until=today_plus(14),
        actor=None,
    )
    quote_send(quote=quote, actor=None)
    booking = quote_accept(
        quote=quote, actor=contact, ip=m("198.51.100.174"), user_agent=m("tailoredagent")
    )
    (participant,) = booking.participants.all()
    participant_update(
        participant=participant,
        data={"first_name": m("tailoredfirst"), "dietary_needs": m("tailoreddiet")},
        actor=contact,
    )
    booking_cancel(booking=Booking.objects.get(pk=booking.pk), actor=contact, reason="Not now")
    bookings.append(Booking.objects.get(pk=booking.pk))
    assert [b.status for b in bookings] == [BookingStatus.EXPIRED, *[BookingStatus.CANCELLED] * 2]

    assert m.found_in(pg_dump()) == set(m.made)
    today = timezone.localdate()
    # The 30th day after the last change: still there.
    retention_apply(today + datetime.timedelta(days=30))
    found = m.found_in(pg_dump())
    assert {"expiredfirst", "expireddiet", "cancelledfirst", "cancellednotes"} <= found
    assert {"tailoredrequest", "tailoredagent", "198.51.100.174", "tailoredfirst"} <= found
    # Past the short period (and the 14 days of the delivered outbox messages): gone,
    # the audit payloads about these bookings, their quotes and participants too.
    retention_apply(today + datetime.timedelta(days=31))
    dump = pg_dump()
    survivors = m.found_in(dump)
    assert not survivors, _where(dump, m, survivors)
