"""Invitations after a visit, the questionnaire by private link, reminders, follow-ups."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from learning_reports.enums import InvitationKind
from learning_reports.errors import LinkNotUsable
from learning_reports.models import FeedbackInvitation, FeedbackResponse, LearningReport
from learning_reports.services import (
    follow_ups_invite_due,
    invitation_from_token,
    invitation_revoke,
    invitations_create,
    reminders_send_due,
)
from learning_reports.tasks import invite_after_visit, send_feedback_reminders
from visits.enums import VisitStatus
from visits.services import visit_complete

from .factories import answer, invite, make_completed_visit

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return next(line for line in message.body.splitlines() if "/feedback/" in line).strip()


def test_completing_a_visit_invites_every_participant_by_private_link(
    django_capture_on_commit_callbacks,
):
    world = make_completed_visit(status=VisitStatus.IN_PROGRESS, participants=3)
    with django_capture_on_commit_callbacks(execute=True):
        visit_complete(visit=world.visit, actor=None)
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {p.email for p in world.participants}
    links = {_link(m) for m in mail.outbox}
    assert len(links) == 3  # one private link each
    assert LearningReport.objects.filter(visit=world.visit, status="draft").exists()
    assert FeedbackInvitation.objects.filter(visit=world.visit, sent_at__isnull=False).count() == 3


def test_inviting_twice_sends_nothing_more(django_capture_on_commit_callbacks):
    world = make_completed_visit(participants=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_after_visit(visit_id=world.visit.pk) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_after_visit(visit_id=world.visit.pk) == 0
    assert len(mail.outbox) == 2


def test_the_link_opens_the_questionnaire_and_answers_once(
    client, django_capture_on_commit_callbacks
):
    world = make_completed_visit(participants=1)
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(visit_id=world.visit.pk)
    path = _link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Understand the model" in page.text  # the programme's learning objectives
    assert world.site_visits[0].host.name in page.text
    data = {
        "overall_rating": "5",
        "nps": "10",
        "apply_at_home": "Exercises",
        "improve": "",
        "consent": "anonymous",
        f"site_{world.site_visits[0].pk}_rating": "4",
        f"site_{world.site_visits[0].pk}_comment": "Great",
        f"site_{world.site_visits[1].pk}_rating": "",
        "objective_0": "4",
        "objective_1": "2",
    }
    done = client.post("/" + path, data)
    assert done.status_code == 200 and "Thank you" in done.text
    response = FeedbackResponse.objects.get()
    assert (response.overall_rating, response.nps) == (5, 10)
    assert response.site_ratings.count() == 1
    again = client.post("/" + path, data)
    assert again.status_code == 410 and "already answered" in again.text
    assert FeedbackResponse.objects.count() == 1


def test_bad_input_gets_a_message_not_a_500(client):
    world = make_completed_visit(participants=1)
    invitation = invite(world)[0]
    url = reverse("learning_reports:feedback", kwargs={"token": invitation.token})
    page = client.post(url, {"overall_rating": "9", "nps": "-1"})
    assert page.status_code == 400
    assert "There is a problem" in page.text
    assert not FeedbackResponse.objects.exists()


@pytest.mark.parametrize("tamper", ["signature", "nonce", "garbage"])
def test_a_forged_link_does_not_work(client, tamper):
    world = make_completed_visit(participants=1)
    invitation = invite(world)[0]
    token = invitation.token
    if tamper == "signature":
        token = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    elif tamper == "nonce":
        from learning_reports.models import make_link_token

        token = make_link_token(salt="invitation", pk=invitation.pk, nonce="x" * 32)
    else:
        token = "not-a-token"
    page = client.get(reverse("learning_reports:feedback", kwargs={"token": token}))
    assert page.status_code == 410
    assert "does not work" in page.text


def test_revoked_and_expired_links_are_refused():
    world = make_completed_visit(participants=2)
    first, second = invite(world)
    token = first.token
    invitation_revoke(invitation=first, actor=None)
    with pytest.raises(LinkNotUsable):
        invitation_from_token(token)
    second.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    second.save()
    with pytest.raises(LinkNotUsable, match="expired"):
        invitation_from_token(second.token)


def test_reminders_go_to_those_who_have_not_answered_and_run_once(
    django_capture_on_commit_callbacks,
):
    world = make_completed_visit(participants=3)
    invitations = invite(world)
    FeedbackInvitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=6))
    answer(invitations[0], world)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_feedback_reminders() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_feedback_reminders() == 0  # run twice: nothing more
    assert len(mail.outbox) == 2
    assert all("Reminder" in m.subject for m in mail.outbox)
    assert world.participants[0].email not in {m.to[0] for m in mail.outbox}
    later = timezone.now() + datetime.timedelta(days=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due(now=later) == 2
        assert reminders_send_due(now=later + datetime.timedelta(days=6)) == 0  # at most 2


def test_follow_up_three_months_later(client, django_capture_on_commit_callbacks):
    world = make_completed_visit(participants=2, ends_days_ago=91)
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups_invite_due() == 2
        assert follow_ups_invite_due() == 0
    invitation = FeedbackInvitation.objects.filter(kind=InvitationKind.FOLLOW_UP).first()
    url = reverse("learning_reports:follow_up", kwargs={"token": invitation.token})
    assert client.get(url).status_code == 200
    # The feedback form refuses a follow-up link and vice versa.
    wrong = reverse("learning_reports:feedback", kwargs={"token": invitation.token})
    assert client.get(wrong).status_code == 410
    done = client.post(
        url,
        {"applied_level": "3", "behaviour": "New drills", "cooperation": "on", "consent": "none"},
    )
    assert done.status_code == 200
    assert world.visit.follow_up_responses.get().cooperation is True


def test_the_invitation_is_in_the_bookings_language(client, django_capture_on_commit_callbacks):
    world = make_completed_visit(participants=1)
    world.booking.language = "fi"
    world.booking.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(visit_id=world.visit.pk)
    link = _link(mail.outbox[0])
    assert "/fi/feedback/" in link
    page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert page.status_code == 200 and '<html lang="fi"' in page.text


def test_participants_without_e_mail_are_not_invited_and_an_open_visit_is_refused():
    world = make_completed_visit(participants=2)
    Participant = type(world.participants[0])
    Participant.objects.filter(pk=world.participants[0].pk).update(email="")
    assert len(invitations_create(visit_id=world.visit.pk)) == 1
    planning = make_completed_visit(participants=1, status=VisitStatus.PLANNING)
    from learning_reports.errors import InvalidTransition

    with pytest.raises(InvalidTransition):
        invitations_create(visit_id=planning.visit.pk)
    assert not FeedbackInvitation.objects.filter(visit=planning.visit).exists()
