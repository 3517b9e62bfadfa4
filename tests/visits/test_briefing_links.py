"""Issue 19.3: the manager hands out the safety-briefing link from the visit's admin page,
to one participant or to all who have not acknowledged it; each participant gets their
own message, in their language, through the outbox, and the sending is audited."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from bookings.models import Participant
from core.models import AuditEntry, OutboxMessage
from tests.accounts.factories import make_user
from visits.briefing_links import briefing_link_send
from visits.errors import VisitError
from visits.models import BriefingAcknowledgement
from visits.services import visit_cancel

from .factories import make_manager, make_visit

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/briefing/\S+")


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    # The MFA gate is tested in tests/accounts and in the journeys.
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def delegation():
    visit = make_visit(participants=4)
    visit.booking.language = "en"
    visit.booking.save(update_fields=["language"])
    make_user("liisa@ministerio.example", preferred_language="fi")
    people = {
        "anna": Participant.objects.create(
            booking=visit.booking, first_name="Anna", last_name="Berg", email="anna@x.example"
        ),
        "liisa": Participant.objects.create(
            booking=visit.booking,
            first_name="Liisa",
            last_name="Koski",
            email="liisa@ministerio.example",
        ),
        "done": Participant.objects.create(
            booking=visit.booking, first_name="Done", last_name="Read", email="done@x.example"
        ),
        "nomail": Participant.objects.create(
            booking=visit.booking, first_name="No", last_name="Mail"
        ),
    }
    BriefingAcknowledgement.objects.create(visit=visit, participant=people["done"])
    return visit, people


def detail(visit):
    return reverse("visits_admin:detail", args=[visit.pk])


def test_send_to_everyone_who_has_not_acknowledged(
    client, delegation, django_capture_on_commit_callbacks
):
    visit, people = delegation
    manager = make_manager()
    client.force_login(manager)
    page = client.get(detail(visit)).content.decode()
    assert "Send the briefing link to everyone who has not acknowledged it" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(visit), {"action": "briefing_link_all"}, follow=True)
    assert "The briefing link is on its way to 2 participants." in response.content.decode()

    # One message per recipient, to them alone; the acknowledged and the one without an
    # address get nothing.
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@x.example", "liisa@ministerio.example"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    by_address = {m.to[0]: m for m in mail.outbox}
    ref = visit.booking.reference
    # In each recipient's language: Liisa's account chose Finnish, Anna has none (the
    # booking's English).
    assert by_address["anna@x.example"].subject == f"Safety briefing for your visit – {ref}"
    assert "Dear Anna," in by_address["anna@x.example"].body
    assert by_address["liisa@ministerio.example"].subject.startswith("Vierailunne turvallisuusohje")
    assert "/fi/" in LINK.search(by_address["liisa@ministerio.example"].body).group(0)
    # Each link is the participant's own: it opens their briefing to acknowledge.
    client.logout()
    link = LINK.search(by_address["anna@x.example"].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    client.post("/" + path)
    assert BriefingAcknowledgement.objects.filter(participant=people["anna"]).exists()

    # Through the outbox, and audited on each participant.
    assert OutboxMessage.objects.filter(kwargs__template="briefing_link").count() == 2
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant),
        action="briefing_link_sent",
    )
    assert sorted(int(e.object_id) for e in entries) == sorted(
        [people["anna"].pk, people["liisa"].pk]
    )
    assert all(e.actor == manager and e.data == {"visit": visit.pk} for e in entries)


def test_resend_to_one_participant(client, delegation, django_capture_on_commit_callbacks):
    visit, people = delegation
    client.force_login(make_manager())
    page = client.get(detail(visit)).content.decode()
    assert 'aria-label="Send the briefing link to Anna Berg"' in page
    mail.outbox.clear()
    for _ in range(2):  # sent, then sent again
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                detail(visit),
                {"action": "briefing_link", "participant": people["done"].pk},
                follow=True,
            )
        assert "The briefing link is on its way to Done Read." in response.content.decode()
    # Even one who has acknowledged may need the link again (to reread it).
    assert [m.to for m in mail.outbox] == [["done@x.example"], ["done@x.example"]]
    page = client.get(detail(visit)).content.decode()
    row = re.search(rf'<tr data-participant="{people["done"].pk}">(.*?)</tr>', page, re.S).group(1)
    assert "Send the link again" in row


def test_nobody_left_to_send_to_is_said_and_nothing_is_sent(delegation):
    visit, people = delegation
    for key in ("anna", "liisa"):
        BriefingAcknowledgement.objects.create(visit=visit, participant=people[key])
    with pytest.raises(VisitError, match="Nobody to send to"):
        briefing_link_send(visit=visit, actor=make_manager())
    assert not OutboxMessage.objects.filter(kwargs__template="briefing_link").exists()


def test_refused_without_an_address_for_another_delegation_and_after_cancelling(client, delegation):
    visit, people = delegation
    manager = make_manager()
    with pytest.raises(VisitError, match="no e-mail address"):
        briefing_link_send(visit=visit, actor=manager, participant=people["nomail"])
    other = make_visit()
    stranger = Participant.objects.create(
        booking=other.booking, first_name="X", email="x@x.example"
    )
    client.force_login(manager)
    # Another delegation's participant through this visit's page: not found.
    response = client.post(
        detail(visit), {"action": "briefing_link", "participant": stranger.pk}, follow=True
    )
    assert response.status_code == 404  # (LocaleMiddleware redirects a 404 first)
    response = client.post(detail(visit), {"action": "briefing_link", "participant": "²"})
    assert response.status_code == 302  # "Please choose an item.", nothing sent
    visit_cancel(visit=visit)
    with pytest.raises(VisitError, match="before and during the visit"):
        briefing_link_send(visit=visit, actor=manager)
    assert "Send the link" not in client.get(detail(visit)).content.decode()
    assert not OutboxMessage.objects.filter(kwargs__template="briefing_link").exists()
