"""After the visit the booking page links the contact's own feedback questionnaire and the
published report (bookings.extensions; learning_reports answers)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learning_reports.models import LearningReport, new_nonce

from .factories import invite, make_completed_visit, report_for

pytestmark = pytest.mark.django_db


def test_feedback_link_then_published_report_on_the_booking_page(client):
    world = make_completed_visit(participants=2)
    booking = world.visit.booking
    participant = world.participants[0]
    participant.email = booking.contact.email
    participant.save(update_fields=["email"])
    client.force_login(booking.contact)
    url = reverse("bookings:detail", args=[booking.reference])
    assert "Give feedback on the visit" not in client.get(url).text
    invitation = invite(world)[0]
    page = client.get(url).text
    feedback = reverse("learning_reports:feedback", args=[invitation.token])
    assert f'<a href="{feedback}">Give feedback on the visit</a>' in page
    report = report_for(world)
    assert "The published learning report" not in page
    LearningReport.objects.filter(pk=report.pk).update(status="published", share_nonce=new_nonce())
    report.refresh_from_db()
    shared = reverse("learning_reports:shared_report", args=[report.share_token])
    assert f'<a href="{shared}">The published learning report</a>' in client.get(url).text
