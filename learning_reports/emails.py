"""The questionnaire invitations and reminders, in the booking's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .enums import InvitationKind
from .models import FeedbackInvitation

SUBJECTS = {
    (InvitationKind.FEEDBACK, False): "How was your visit? {programme}",
    (InvitationKind.FEEDBACK, True): "Reminder: your feedback on {programme}",
    (InvitationKind.FOLLOW_UP, False): "Three months on: what have you applied? {programme}",
    (InvitationKind.FOLLOW_UP, True): "Reminder: three months on, {programme}",
}


def invitation_url(invitation: FeedbackInvitation) -> str:
    with translation.override(invitation.language):
        name = (
            "learning_reports:feedback"
            if invitation.kind == InvitationKind.FEEDBACK
            else "learning_reports:follow_up"
        )
        return settings.BASE_URL + reverse(name, kwargs={"token": invitation.token})


def invitation_email_send(*, invitation_id: int, reminder: bool) -> int:
    """Send one invitation; 0 when there is no one (left) to send it to."""
    invitation = (
        FeedbackInvitation.objects.select_related("participant", "visit__booking__programme")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open or invitation.participant is None:
        return 0
    participant = invitation.participant
    if not participant.email:
        return 0
    with translation.override(invitation.language):
        programme = invitation.visit.programme.title
        context = {
            "invitation": invitation,
            "first_name": participant.first_name,
            "programme": programme,
            "url": invitation_url(invitation),
            "reminder": reminder,
            "follow_up": invitation.kind == InvitationKind.FOLLOW_UP,
            "booking": invitation.visit.booking,
        }
        subject = translation.gettext(SUBJECTS[(invitation.kind, reminder)]).format(
            programme=programme
        )
        text = render_to_string("learning_reports/email/invitation.txt", context)
        html = render_to_string("learning_reports/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[participant.email]
    )
    message.attach_alternative(html, "text/html")
    return message.send()
