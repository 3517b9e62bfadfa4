"""The server errors of issue 13, one test each: every request here used to be a 500.

Each test sends the request the probe found and asserts what the sender sees (400, 404,
a form error or the usual redirect) and that nothing was stored for a refused request.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import time

import pytest
from django.urls import reverse

from bookings.backoffice.allotment_views import BulkAllotmentForm
from bookings.forms import ParticipantRowFormSet
from bookings.models import Organisation, Participant, StripeEvent
from core.forms import GuardedModelFormSet
from core.models import AuditEntry
from programmes.selectors import search_terms
from tests.bookings.factories import make_delegation
from tests.visits.factories import make_manager, make_visit
from visits.forms import AvailabilityForm, IncidentForm
from visits.models import Risk

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
WEBHOOK_SECRET = "whsec_issue13"


def _signed(body: str, *, at: int | None = None) -> str:
    at = at or int(time.time())
    digest = hmac.new(WEBHOOK_SECRET.encode(), f"{at}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


@pytest.fixture
def webhook(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET

    def post(body: str, signature: str):
        return client.post(
            reverse("stripe_webhook"),
            data=body.encode("utf-8"),
            content_type="application/json",
            headers={"Stripe-Signature": signature},
        )

    return post


# 1
def test_webhook_deeply_nested_body_is_refused_before_parsing(webhook):
    body = "[" * 100_000
    response = webhook(body, _signed(body))
    assert response.status_code == 400
    nested = '{"id": "evt_1", "type": "x", "data": {"object": {"a": ' + "[" * 40 + "]" * 40 + "}}}"
    assert webhook(nested, _signed(nested)).status_code == 400
    assert StripeEvent.objects.count() == 0


# 2
def test_webhook_non_ascii_signature_is_a_400(webhook):
    body = '{"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi"}}}'
    response = webhook(body, "t=1,v1=éé")
    assert response.status_code == 400
    assert response.json()["error"] == "malformed Stripe-Signature header"
    assert StripeEvent.objects.count() == 0


# 3
@pytest.mark.parametrize("q", ['a"b', '">', "AND", "*", "a OR", "NEAR(a b)", "^x:y", "(("])
def test_search_text_is_data_never_query_syntax(q):
    terms = search_terms(q)
    for operator in ('"', "*", "(", ")", "^", ":", ">", "AND", "OR", "NEAR"):
        assert operator not in terms


def test_programme_search_with_query_syntax_answers_a_page(client):
    from tests.programmes.factories import build_catalogue

    build_catalogue()
    for q in ('a"b', '">', "AND", "*", "security AND"):
        response = client.get("/en/programmes/", {"q": q})
        assert response.status_code == 200, q


# 4
@pytest.mark.parametrize("value", ["²", HUGE, "-1", "1e3", "٣"])
def test_tailored_request_ignores_a_malformed_programme(client, value):
    _, user = make_delegation()
    client.force_login(user)
    response = client.get(reverse("bookings:tailored_request"), {"programme": value})
    assert response.status_code == 200


# 5
def test_participant_rows_with_a_tampered_initial_count_are_a_form_error():
    people = [Participant(pk=1), Participant(pk=2)]
    for initial in ("-1", "0", "1", "7", HUGE):
        data = {
            "p-TOTAL_FORMS": "2",
            "p-INITIAL_FORMS": initial,
            "p-0-first_name": "Anna",
            "p-1-first_name": "Jonas",
        }
        formset = ParticipantRowFormSet(data, participants=people, prefix="p")
        assert not formset.is_valid(), initial
    data["p-INITIAL_FORMS"] = "2"
    assert ParticipantRowFormSet(data, participants=people, prefix="p").is_valid()


# 6
def test_organisation_next_that_is_not_an_address_goes_to_my_bookings(client):
    _, user = make_delegation()
    client.force_login(user)
    response = client.post(
        reverse("bookings:organisation_create") + "?next=abc",
        {
            "name": "City of Tartu",
            "country": "EE",
            "type": "city",
            "billing_address": "Raekoja plats 1, Tartu",
            "next": "abc",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("bookings:mine")
    assert Organisation.objects.filter(name="City of Tartu").count() == 1


# 7
@pytest.mark.parametrize(
    "field",
    [
        "largest_group",
        "delegations_per_day",
        "buffer_before_minutes",
        "buffer_after_minutes",
        "minimum_notice_days",
        "vetting_days",
    ],
)
def test_host_availability_numbers_have_an_upper_bound(field):
    form = AvailabilityForm({field: HUGE})
    assert field in form.errors


# 8
@pytest.mark.parametrize(
    "changes,field",
    [
        ({"release_days": HUGE}, "release_days"),
        ({"rooms": HUGE}, "rooms"),
        ({"first_night": "0001-01-01"}, "first_night"),
        ({"last_night": "9999-12-31"}, "last_night"),
    ],
)
def test_bulk_allotment_bounds(changes, field):
    data = {
        "first_night": "2027-01-01",
        "last_night": "2027-01-03",
        "rooms": "3",
        "release_days": "30",
        **changes,
    }
    form = BulkAllotmentForm(data)
    assert not form.is_valid()
    assert field in form.errors


@pytest.fixture
def manager_on_visit(client, settings):
    settings.STAFF_MFA_REQUIRED = False  # the MFA gate is tested in tests/accounts
    manager = make_manager()
    client.force_login(manager)
    visit = make_visit()
    return visit, reverse("visits_admin:detail", args=[visit.pk])


# 9
@pytest.mark.parametrize("item", ["²", HUGE, "-1", "x"])
def test_visit_move_with_a_malformed_item_is_a_message(client, manager_on_visit, item):
    visit, url = manager_on_visit
    response = client.post(url, {"action": "move", "item": item}, follow=True)
    assert response.status_code == 200
    assert "Please choose an item." in response.content.decode()


# 10
def test_risk_formset_with_a_tampered_initial_count_saves_nothing(client, manager_on_visit):
    visit, url = manager_on_visit
    assessment = visit.risk_assessment
    risks = list(assessment.risks.order_by("pk"))
    data = {"action": "risks", "risks-TOTAL_FORMS": str(len(risks) or 1)}
    data["risks-INITIAL_FORMS"] = "-1"
    for n in range(len(risks) or 1):
        data |= {
            f"risks-{n}-likelihood": "2",
            f"risks-{n}-impact": "2",
            f"risks-{n}-mitigation": "m",
            f"risks-{n}-owner": "o",
        }
    before = Risk.objects.count()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert Risk.objects.count() == before
    # And the guard itself, on the formset class the view uses.
    from django.forms import modelformset_factory

    formset_class = modelformset_factory(
        Risk, fields=["likelihood", "impact"], extra=0, formset=GuardedModelFormSet
    )
    formset = formset_class(
        {"risks-TOTAL_FORMS": "1", "risks-INITIAL_FORMS": "-1"},
        queryset=Risk.objects.none(),
        prefix="risks",
    )
    assert not formset.is_valid()


# 11
@pytest.mark.parametrize("when", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_incident_at_the_edge_of_the_calendar_is_a_form_error(when):
    form = IncidentForm(
        {"occurred_at": when, "severity": "low", "description": "x"},
    )
    assert "occurred_at" in form.errors


def test_incident_post_at_year_one_is_refused(client, manager_on_visit):
    visit, url = manager_on_visit
    response = client.post(
        url,
        {
            "action": "incident",
            "incident-occurred_at": "0001-01-01T00:00",
            "incident-severity": "low",
            "incident-description": "x",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert not visit.incidents.exists()


# 12
@pytest.mark.parametrize(
    "name,value", [("departure", "²"), ("programme", HUGE), ("departure", HUGE)]
)
def test_admin_bookings_filter_with_malformed_ids(client, settings, name, value):
    from tests.bookings.test_admin import manager

    settings.STAFF_MFA_REQUIRED = False
    client.force_login(manager())
    for path in ("/admin/bookings/", "/admin/bookings/results/"):
        response = client.get(path, {name: value})
        assert response.status_code == 200, path


# 13
def test_audit_log_missing_entry_is_a_404(client, settings):
    from tests.bookings.test_admin import manager

    settings.STAFF_MFA_REQUIRED = False
    client.force_login(manager())
    missing = (AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    # (LocaleMiddleware sends a 404 on to the language-prefixed address, a 404 too.)
    response = client.get(reverse("auditentry:inspect", args=[missing]), follow=True)
    assert response.status_code == 404


def test_dates_helper_bounds():
    from core.params import BadParameter, param_date, param_int

    assert param_int({"n": "42"}, "n") == 42
    for bad in ("²", "٣", HUGE, "0", "-5", "1.5", " "):
        with pytest.raises(BadParameter):
            param_int({"n": bad}, "n")
    with pytest.raises(BadParameter):
        param_date({"d": "0001-01-01"}, "d")
    assert param_date({"d": "2027-05-01"}, "d") == datetime.date(2027, 5, 1)
