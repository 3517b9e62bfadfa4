"""The enquiry form for a tailored programme: stored, and e-mailed after commit."""

import pytest
from django.core import mail
from django.db import transaction
from wagtail.contrib.forms.models import FormSubmission

from programmes.models import EnquiryFormPage

from .factories import build_catalogue

pytestmark = pytest.mark.django_db

URL = "/en/enquiry/"
VALID = {
    "organisation": "Ministry of the Interior of Estonia",
    "email": "delegation@siseministeerium.example",
    "group_size": "14",
}


@pytest.fixture(scope="module")
def shared_catalogue(django_db_setup, django_db_blocker):
    """The catalogue, built once for this module (with its Finnish and Swedish copies)
    inside a transaction that is rolled back after the module; every test runs in a
    savepoint within it (`db`)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_catalogue(translate=True)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def catalogue(shared_catalogue, db):
    return shared_catalogue


@pytest.fixture
def enquiry(catalogue) -> EnquiryFormPage:
    return EnquiryFormPage.objects.get(pk=catalogue.enquiry.pk)


def test_the_form_shows_the_fields_the_editor_defined(client, enquiry):
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["organisation", "email", "group_size"]


def test_a_valid_enquiry_is_stored_and_emailed_once_after_commit(
    client, enquiry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, VALID)
        assert response.status_code == 200
        # Stored at once, e-mailed only when the transaction commits.
        assert FormSubmission.objects.filter(page=enquiry).count() == 1
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["managers@example.com"]
    assert message.from_email == "noreply@example.com"
    assert message.subject == "New enquiry"
    assert "Ministry of the Interior of Estonia" in message.body
    assert "delegation@siseministeerium.example" in message.body


def test_the_stored_submission_holds_what_was_sent(
    client, enquiry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, VALID)
    submission = FormSubmission.objects.get(page=enquiry)
    data = submission.get_data()
    assert data["organisation"] == VALID["organisation"]
    assert data["email"] == VALID["email"]
    assert str(data["group_size"]) == "14"


def test_the_visitor_sees_the_thank_you_page(client, enquiry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, VALID)
    assert response.status_code == 200
    assert "form" not in response.context or not response.context["form"].errors
    assert [t.name for t in response.templates][0] == "programmes/enquiry_form_page_landing.html"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**VALID, "organisation": ""}, "organisation"),
        ({**VALID, "email": "not-an-address"}, "email"),
        ({**VALID, "group_size": "many"}, "group_size"),
        ({}, "organisation"),
    ],
    ids=["no-organisation", "bad-email", "bad-number", "empty"],
)
def test_an_invalid_enquiry_shows_errors_and_stores_and_sends_nothing(
    client, enquiry, django_capture_on_commit_callbacks, data, field
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not FormSubmission.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


def test_an_invalid_enquiry_keeps_what_the_visitor_typed(client, enquiry):
    response = client.post(URL, {**VALID, "email": "not-an-address"})
    assert response.context["form"]["organisation"].value() == VALID["organisation"]
    assert VALID["organisation"].encode() in response.content


def test_several_recipients_get_one_email(client, enquiry, django_capture_on_commit_callbacks):
    enquiry.to_address = "managers@example.com, sales@example.com"
    enquiry.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, VALID)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["managers@example.com", "sales@example.com"]


def test_without_a_recipient_the_enquiry_is_stored_but_not_sent(
    client, enquiry, django_capture_on_commit_callbacks
):
    enquiry.to_address = ""
    enquiry.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, VALID)
    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=enquiry).count() == 1
    assert mail.outbox == []


def test_an_enquiry_in_finnish_is_stored_against_the_finnish_page(
    client, catalogue, django_capture_on_commit_callbacks
):
    fi_enquiry = catalogue.translations["fi"]["enquiry"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(fi_enquiry.url, VALID)
    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=fi_enquiry).count() == 1
    assert len(mail.outbox) == 1


def test_a_get_stores_nothing(client, enquiry):
    client.get(URL, VALID)
    assert not FormSubmission.objects.exists()
