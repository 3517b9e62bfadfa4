"""visits announces; learning_reports reacts (visits never imports this app)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bookings.extensions import Panel, PanelLink
from core.outbox import outbox_enqueue

from .enums import ReportStatus
from .models import FeedbackInvitation
from .selectors import booking_panel_visit


def on_visit_completed(sender, visit_id: int, **kwargs) -> None:
    """Invite the participants to give feedback, through the outbox: with the broker
    down the message waits in the database and the sweeper sends it later."""
    with transaction.atomic():
        outbox_enqueue(task="learning_reports.tasks.invite_after_visit", visit_id=visit_id)


def booking_panel(sender, booking, user, **kwargs):
    """The booking page's "After the visit" panel (bookings.extensions): the viewer's own
    feedback link once invited (their participant's invitation, still open), and the
    published report. Only for a user who may see the visit (as the visit's pages)."""

    visit = booking_panel_visit(booking=booking, user=user)
    if visit is None:
        return None
    links = []
    if visit.invitation_pk is not None and user.email:
        invitation = FeedbackInvitation(pk=visit.invitation_pk, nonce=visit.invitation_nonce)
        links.append(
            PanelLink(
                _("Give feedback on the visit"),
                reverse("learning_reports:feedback", args=[invitation.token]),
            )
        )
    report = getattr(visit, "learning_report", None)
    if report is not None and report.status == ReportStatus.PUBLISHED and report.share_link_live:
        links.append(
            PanelLink(
                _("The published learning report"),
                reverse("learning_reports:shared_report", args=[report.share_token]),
            )
        )
    return Panel(key="after-visit", title=_("After the visit"), links=links, order=20)
