"""The export of a person's data (GDPR art. 15/20) covers every copy of the data map:
a programme manager downloads one participant's or the booking contact's data from the
booking's admin page, and a user's own export includes their participant records and
the copies that carry them. Markers show where each copy came from; another person's
marker never appears, and private links are masked."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from bookings.models import Booking, Participant
from bookings.participants import participant_token, participant_url
from core.audit import audit_record
from core.models import AuditEntry, OutboxMessage
from learning_reports.models import FeedbackResponse, LearningReport
from learning_reports.services import report_compile_run
from tests.learning_reports.factories import answer, invite, make_completed_visit
from tests.visits.factories import make_manager
from visits.models import Incident

pytestmark = pytest.mark.django_db

M = "ZQXEXPORT"


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def _marked_world():
    """A completed visit whose first participant carries markers in every kind of copy;
    the second carries a marker of their own that must not leak into the first's file."""
    world = make_completed_visit(participants=2)
    target, other = world.participants[:2]
    email = f"{M.lower()}.person@ministry.example"
    Participant.objects.filter(pk=target.pk).update(
        first_name=f"{M}First",
        last_name=f"{M}Last",
        email=email,
        id_document_number=f"{M}PASS",
        dietary_needs=f"{M}DIET",
    )
    Participant.objects.filter(pk=other.pk).update(first_name="ZQXOTHERPERSON")
    target.refresh_from_db()
    # The same person in another delegation's booking.
    again = make_completed_visit(participants=1)
    Participant.objects.filter(pk=again.participants[0].pk).update(
        email=email, dietary_needs=f"{M}ELSEWHERE"
    )
    # Feedback with free text and a named quote; the stored report quotes them.
    invitations = {i.participant_id: i for i in invite(world)}
    answer(invitations[target.pk], world, consent="named", improve=f"{M}IMPROVE")
    answer(invitations[other.pk], world, improve="ZQXOTHERANSWER")
    report = LearningReport.objects.get_or_create(visit=world.visit)[0]
    report_compile_run(report_id=report.pk)
    # An e-mail to them with their private link; an audit entry about them; free text.
    OutboxMessage.objects.create(
        task="bookings.tasks.send_booking_email",
        kwargs={"to": email, "template": "participant_invitation", "link": participant_url(target)},
        status="done",
    )
    OutboxMessage.objects.create(
        task="x.y", kwargs={"participant_id": target.pk, "note": f"{M}BYID"}, status="done"
    )
    OutboxMessage.objects.create(task="x.y", kwargs={"to": "someone@else.example"})
    audit_record(subject=target, action="participant_update", data={"fields": ["email"]})
    Incident.objects.filter(visit=world.visit).update(
        description=f"{M}First {M}Last slipped; first aid given."
    )
    return world, target, other


def test_a_manager_exports_one_participant_with_every_copy(client):
    world, target, other = _marked_world()
    manager = make_manager(totp=True)
    client.force_login(manager)
    detail = reverse("booking:inspect", args=[world.booking.pk])
    url = reverse("booking:participant_export", args=[world.booking.pk, target.pk])
    assert url in client.get(detail).content.decode()
    page = client.get(url).content.decode()
    assert "What the file holds" in page
    assert not AuditEntry.objects.filter(action="participant_data_exported").exists()

    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"].startswith("no-store")
    text = response.content.decode()
    data = json.loads(text)
    records, mentions = data["records"], data["mentions"]
    # The record, and the same person's record in the other booking.
    rows = records["bookings.participant"]
    assert {r["dietary_needs"] for r in rows} == {f"{M}DIET", f"{M}ELSEWHERE"}
    assert rows[0]["id_document_number"] == f"{M}PASS"
    # What hangs on them: the invitation and, under it, their answer and ratings.
    (invitation,) = records["learning_reports.feedbackinvitation"]
    responses = invitation["_related"]["learning_reports.feedbackresponse"]
    assert responses[0]["improve"] == f"{M}IMPROVE"
    assert "learning_reports.sitevisitrating" in responses[0]["_related"]
    # Audit entries about them; outbox messages to them, by address or by id.
    assert "participant_update" in {e["action"] for e in records["core.auditentry"]}
    outbox = mentions["core.outboxmessage"]
    assert len(outbox) == 2 and f"{M}BYID" in text
    # The stored report quotes them by name; the incident text names them.
    assert "learning_reports.learningreport" in mentions
    assert any(m["field"] == "description" for m in mentions["visits.incident"])
    # Their private link is masked; nobody else's data is in the file.
    assert participant_token(target) not in text
    assert "/participant/[link]/" in text
    assert "ZQXOTHER" not in text and "someone@else.example" not in text
    # The download is audited, with ids only.
    entry = AuditEntry.objects.get(action="participant_data_exported")
    assert entry.actor == manager and entry.data == {"participant": target.pk}
    assert M not in json.dumps(entry.data)


def test_a_manager_exports_the_booking_contact(client):
    world = make_completed_visit(participants=1)
    booking = world.booking
    contact = booking.contact
    type(contact).objects.filter(pk=contact.pk).update(first_name=f"{M}Contact")
    Booking.objects.filter(pk=booking.pk).update(notes=f"{M}NOTES")
    OutboxMessage.objects.create(task="x.y", kwargs={"to": contact.email, "body": f"{M}MAIL"})
    client.force_login(make_manager(totp=True))
    url = reverse("booking:contact_export", args=[booking.pk])
    assert "What the file holds" in client.get(url).content.decode()
    data = json.loads(client.post(url).content)
    assert data["user"]["first_name"] == f"{M}Contact"
    assert data["records"]["bookings.booking"][0]["notes"] == f"{M}NOTES"
    assert f"{M}MAIL" in json.dumps(data["copies"]["mentions"]["core.outboxmessage"])
    assert AuditEntry.objects.get(action="contact_data_exported").data == {"user": contact.pk}


def test_a_users_own_export_includes_their_participant_records_and_copies(client):
    world, target, _other = _marked_world()
    from tests.accounts.factories import make_user

    user = make_user(target.email)
    client.force_login(user)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    copies = data["copies"]
    assert {r["dietary_needs"] for r in copies["records"]["bookings.participant"]} == {
        f"{M}DIET",
        f"{M}ELSEWHERE",
    }
    text = json.dumps(data)
    assert f"{M}IMPROVE" in text and "core.outboxmessage" in copies["mentions"]
    assert participant_token(target) not in text
    assert "ZQXOTHER" not in text


def test_export_is_for_programme_managers_only(client):
    world = make_completed_visit(participants=1)
    client.force_login(world.booking.contact)
    participant = world.participants[0]
    url = reverse("booking:participant_export", args=[world.booking.pk, participant.pk])
    response = client.post(url)
    assert response.status_code in (302, 403)
    assert participant.first_name not in response.content.decode()
    assert not AuditEntry.objects.filter(action="participant_data_exported").exists()
    # Another booking's participant under this booking's id: 404.
    other = make_completed_visit(participants=1)
    client.force_login(make_manager(totp=True))
    cross = reverse("booking:participant_export", args=[world.booking.pk, other.participants[0].pk])
    assert client.post(cross, follow=True).status_code == 404


def test_feedback_answers_are_found_through_the_map_not_a_list():
    """The export walks the map's models: a FeedbackResponse (whose own fields name no
    person) is reached under the invitation that points at the participant."""
    world = make_completed_visit(participants=1)
    (invitation,) = invite(world)
    answer(invitation, world, improve=f"{M}X")
    from bookings.erasure import participant_export

    data = participant_export(participant=world.participants[0])
    assert FeedbackResponse.objects.filter(invitation=invitation).exists()
    assert f"{M}X" in json.dumps(data)
