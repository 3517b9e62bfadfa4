"""Random and hostile values posted to every public form and to the Stripe webhook
(hypothesis): never a 500, a rejected request changes no record, and the form says
what is wrong.

The Django test client re-raises any exception a view lets escape, so "never a 500"
means: no exception and no 5xx status, for every example.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from bookings.models import Booking, Organisation, Participant, StripeEvent, TailoredRequest
from core.models import AuditEntry, OutboxMessage
from tests.bookings.factories import make_delegation

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "'; DROP TABLE bookings_booking; --",
    "\x00",
    "\u202eevil",
    "𝕳𝖊𝖑𝖑𝖔 😀 Ωμέγα ئۇيغۇرچە",
    "A" * 10_000,
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "../../etc/passwd",
    "{{ 7*7 }}",
    "%s%s%s%n",
]
value = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.dates().map(str),
)
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def form_data(fields: list[str]):
    """Some of the fields (missing ones are part of the attack), each a hostile value.

    A browser always sends the CSRF field with a form, so even an "empty" form is a
    non-empty POST (views bind `request.POST or None`); the test client does not check it.
    """
    return st.dictionaries(st.sampled_from(fields), value, max_size=len(fields)).map(
        lambda d: {"csrfmiddlewaretoken": "x" * 32, **d}
    )


def _counts(*models) -> dict:
    return {m.__name__: m.objects.count() for m in (*models, AuditEntry, OutboxMessage)}


def assert_rejected_cleanly(response, before: dict, models, *, accepted_statuses=(302,)):
    assert response.status_code < 500, response.status_code
    if response.status_code in accepted_statuses:
        return  # the values happened to be valid: accepted, as they should be
    assert _counts(*models) == before, "a rejected request changed records"
    if response.status_code == 200 and response.context and "form" in response.context:
        form = response.context["form"]
        assert form.errors, "the form was shown again without saying what is wrong"
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html  # escaped, never echoed raw


# --------------------------------------------------------------------------- the forms


@pytest.fixture
def contact(client):
    _, user = make_delegation()
    client.force_login(user)
    return user


@EXAMPLES
@given(data=form_data(["email", "password1", "password2"]))
def test_sign_up(client, data):
    before = _counts(User)
    response = client.post(reverse("account_signup"), data)
    assert_rejected_cleanly(response, before, [User])
    client.logout()


@EXAMPLES
@given(data=form_data(["login", "password", "remember"]))
def test_login(client, data):
    response = client.post(reverse("account_login"), data)
    assert response.status_code < 500
    assert "_auth_user_id" not in client.session


@EXAMPLES
@given(
    data=form_data(
        [
            "name",
            "country",
            "type",
            "vat_id",
            "billing_address",
            "billing_email",
            "purchase_order_reference",
        ]
    )
)
def test_organisation_form(client, contact, data):
    before = _counts(Organisation)
    response = client.post(reverse("bookings:organisation_create"), data)
    assert_rejected_cleanly(response, before, [Organisation])


@EXAMPLES
@given(data=form_data(["participants_count", "organisation"]))
def test_booking_start(client, contact, data, departure):
    before = _counts(Booking)
    response = client.post(reverse("bookings:start", args=[departure.pk]), data)
    assert_rejected_cleanly(response, before, [Booking])


@EXAMPLES
@given(
    data=form_data(
        [
            "programme",
            "preferred_start",
            "preferred_end",
            "group_size",
            "themes",
            "hosts",
            "message",
            "organisation",
        ]
    )
)
def test_tailored_request(client, contact, data):
    before = _counts(TailoredRequest, Booking)
    response = client.post(reverse("bookings:tailored_request"), data)
    assert_rejected_cleanly(response, before, [TailoredRequest, Booking])


@EXAMPLES
@given(
    data=form_data(
        [
            "first_name",
            "last_name",
            "email",
            "nationality",
            "id_document_type",
            "id_document_number",
            "id_document_expiry",
            "date_of_birth",
            "emergency_contact_phone",
            "consent_named_in_reports",
        ]
    )
)
def test_participant_link_form(client, data, participant_link):
    participant, url = participant_link
    before_row = Participant.objects.filter(pk=participant.pk).values().get()
    response = client.post(url, data)
    assert response.status_code < 500
    if response.status_code == 200 and response.context and response.context.get("form"):
        if response.context["form"].errors:
            assert Participant.objects.filter(pk=participant.pk).values().get() == before_row


@EXAMPLES
@given(data=form_data(["organisation", "email", "group_size"]))
def test_enquiry_form(client, data, enquiry_url):
    from wagtail.contrib.forms.models import FormSubmission

    before = _counts(FormSubmission)
    response = client.post(enquiry_url, data)
    assert response.status_code < 500
    form = (response.context or {}).get("form")
    if form is not None and form.errors:
        assert _counts(FormSubmission) == before
        assert b"<script>alert(1)</script>" not in response.content


@EXAMPLES
@given(
    body=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(str.encode),
        st.dictionaries(st.text(max_size=20), value, max_size=5).map(
            lambda d: json.dumps(d).encode()
        ),
        st.builds(
            lambda i, t: json.dumps({"id": i, "type": t, "data": {"object": {"id": i}}}).encode(),
            value,
            value,
        ),
    ),
    signature=st.one_of(st.just(""), value, st.text(max_size=200)),
)
def test_stripe_webhook(client, settings, body, signature):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_reliability"
    before = _counts(StripeEvent)
    response = client.post(
        reverse("stripe_webhook"),
        body,
        content_type="application/json",
        headers={"Stripe-Signature": signature},
    )
    assert response.status_code == 400
    assert _counts(StripeEvent) == before


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def departure():
    from tests.bookings.factories import make_departure

    return make_departure(seats=40)


@pytest.fixture
def participant_link():
    from bookings.participants import participant_slots_ensure, participant_token
    from tests.bookings.test_views import confirmed_booking, journey_world

    booking = confirmed_booking(journey_world()["departure"])
    participant = participant_slots_ensure(booking=booking)[0]
    token = participant_token(participant)
    return participant, reverse("bookings:participant_details", kwargs={"token": token})


@pytest.fixture
def enquiry_url():
    from tests.programmes.factories import build_catalogue

    return build_catalogue(translate=False).enquiry.url


# ---------------------------------------------------------- visits and learning reports


@pytest.fixture
def completed_visit():
    from tests.learning_reports.factories import invite, make_completed_visit

    world = make_completed_visit(participants=2)
    return world, invite(world)


@pytest.fixture
def staff_without_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False  # the MFA gate is tested in tests/accounts


@EXAMPLES
@given(
    data=form_data(
        [
            "overall_rating",
            "nps",
            "apply_at_home",
            "improve",
            "consent",
            "quote_name",
            "site_1_rating",
            "site_1_comment",
            "objective_0",
            "objective_1",
        ]
    )
)
def test_feedback_questionnaire(client, completed_visit, data):
    from learning_reports.models import FeedbackResponse

    world, invitations = completed_visit
    sv = world.site_visits[0]
    # The site-visit fields are named by the real site visit's id.
    data = {k.replace("site_1_", f"site_{sv.pk}_"): v for k, v in data.items()}
    before = _counts(FeedbackResponse)
    response = client.post(f"/en/feedback/{invitations[0].token}/", data)
    assert_rejected_cleanly(response, before, [FeedbackResponse])


@EXAMPLES
@given(
    data=form_data(
        [
            "applied_level",
            "behaviour",
            "results",
            "cooperation",
            "cooperation_details",
            "consent",
            "quote_name",
        ]
    )
)
def test_follow_up_questionnaire(client, follow_up_invitation, data):
    from learning_reports.models import FollowUpResponse

    before = _counts(FollowUpResponse)
    response = client.post(f"/en/follow-up/{follow_up_invitation.token}/", data)
    assert_rejected_cleanly(response, before, [FollowUpResponse])


@pytest.fixture
def follow_up_invitation(completed_visit):
    from learning_reports.enums import InvitationKind
    from tests.learning_reports.factories import invite

    world, _ = completed_visit
    return invite(world, kind=InvitationKind.FOLLOW_UP)[0]


def _host_member(client, site_visit):
    from tests.visits.factories import make_host_user

    user = make_host_user(site_visit.host)
    client.force_login(user)
    return user


@EXAMPLES
@given(data=form_data(["how_it_went", "questions_asked", "follow_up_contacts", "cooperation"]))
def test_host_debrief(client, completed_visit, staff_without_mfa, data):
    from learning_reports.models import HostDebrief

    world, _ = completed_visit
    sv = world.site_visits[0]
    _host_member(client, sv)
    before = _counts(HostDebrief)
    response = client.post(f"/en/host/debrief/{world.booking.reference}/{sv.pk}/", data)
    assert_rejected_cleanly(response, before, [HostDebrief])


@EXAMPLES
@given(
    data=form_data(["action", "decline-reason", "propose-date", "propose-start", "propose-end"]),
    action=st.sampled_from(["decline", "propose", "accept", "", "<b>", "delete"]),
)
def test_host_answer_to_a_request(client, staff_without_mfa, host_request, data, action):
    from visits.models import SiteVisit

    site_visit = host_request
    before_row = SiteVisit.objects.filter(pk=site_visit.pk).values().get()
    response = client.post(
        reverse("visits:host_request", args=[site_visit.pk]), {**data, "action": action}
    )
    assert response.status_code < 500
    if response.status_code != 302:  # refused: the request is exactly as it was
        assert SiteVisit.objects.filter(pk=site_visit.pk).values().get() == before_row
        assert b"<script>alert(1)</script>" not in response.content


@EXAMPLES
@given(
    data=form_data(
        [
            "largest_group",
            "delegations_per_day",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "minimum_notice_days",
            "vetting_days",
            "visitor_rules",
            "busy_calendar_url",
            "closed_dates",
            "day_0",
            "day_6",
        ]
    )
)
def test_host_availability(client, staff_without_mfa, host_request, data):
    from visits.models import HostAvailability

    site_visit = host_request
    rows = lambda: list(HostAvailability.objects.filter(host=site_visit.host).values())  # noqa: E731
    before = rows()
    response = client.post(reverse("visits:host_availability", args=[site_visit.host_id]), data)
    assert response.status_code < 500
    if response.status_code != 302:
        assert rows() == before
        assert b"<script>alert(1)</script>" not in response.content


@pytest.fixture
def host_request(client, django_capture_on_commit_callbacks):
    from tests.visits.factories import make_manager, make_visit, open_all_week
    from visits.models import SiteVisit
    from visits.services import site_visit_send

    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    open_all_week(site_visit.host)
    with django_capture_on_commit_callbacks(execute=True):
        site_visit_send(site_visit=site_visit, actor=make_manager(), accept_warnings=True)
    site_visit.refresh_from_db()
    _host_member(client, site_visit)
    return site_visit
