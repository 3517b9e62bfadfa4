"""Risk assessment, safety briefing with acknowledgement, situational picture, incidents,
messages to the delegation and reminders."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bookings.models import Participant
from bookings.participants import participant_token
from visits.enums import AssessmentStatus, RiskCategory, VisitStatus
from visits.errors import VisitError
from visits.models import BriefingAcknowledgement, ReminderSent, RiskTemplate, SiteVisit
from visits.reminders import reminders_send
from visits.services import (
    incident_log,
    risk_assessment_approve,
    site_visit_send,
    visit_create_for_booking,
    visit_mark_ready,
    visits_start_due,
)

from .factories import make_booking, make_host_user, make_manager, make_visit, open_all_week

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def test_visit_is_not_ready_before_a_manager_approves_the_risk_assessment():
    RiskTemplate.objects.create(category=RiskCategory.SITE, title="CBRN exercise area", position=1)
    RiskTemplate.objects.create(category=RiskCategory.WEATHER, title="Winter storm", position=2)
    visit = visit_create_for_booking(booking_id=make_booking().pk)
    assessment = visit.risk_assessment
    assert [r.title for r in assessment.risks.all()] == ["CBRN exercise area", "Winter storm"]
    manager = make_manager()
    with pytest.raises(VisitError):
        visit_mark_ready(visit=visit, actor=manager)
    with pytest.raises(VisitError):  # every risk needs an owner
        risk_assessment_approve(assessment=assessment, actor=manager)
    risk = assessment.risks.first()
    risk.likelihood, risk.impact = 3, 4
    assert risk.score == 12
    risk.save()
    assessment.risks.update(owner="Programme manager")
    host_user = make_host_user(SiteVisit.objects.filter(item__visit=visit).first().host)
    with pytest.raises(VisitError):  # only a programme manager approves
        risk_assessment_approve(assessment=assessment, actor=host_user)
    risk_assessment_approve(assessment=assessment, actor=manager)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED and assessment.approved_by == manager
    visit = visit_mark_ready(visit=visit, actor=manager)
    assert visit.status == VisitStatus.READY


def test_a_ready_visit_is_in_progress_from_its_first_day():
    ready, planning = make_visit(), make_visit()
    type(ready).objects.filter(pk=ready.pk).update(status=VisitStatus.READY)
    assert visits_start_due(today=ready.starts_on - datetime.timedelta(days=1)) == 0
    assert visits_start_due(today=ready.starts_on) == 1
    ready.refresh_from_db()
    planning.refresh_from_db()
    assert ready.status == VisitStatus.IN_PROGRESS
    assert planning.status == VisitStatus.PLANNING  # not ready: a manager must look first
    assert visits_start_due(today=ready.starts_on) == 0  # nothing twice


def test_manager_admin_page_approves_and_marks_ready(client):
    visit = make_visit()
    manager = make_manager()
    client.force_login(manager)
    url = reverse("visits_admin:detail", args=[visit.pk])
    client.post(url, {"action": "ready"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNING
    client.post(url, {"action": "approve"})
    client.post(url, {"action": "ready"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.READY
    # A host user cannot open the managers' pages.
    client.force_login(make_host_user(SiteVisit.objects.filter(item__visit=visit).first().host))
    assert client.get(url).status_code in (302, 403)


def test_briefing_in_the_bookings_language_and_acknowledged_by_link(client):
    visit = make_visit()
    visit.booking.language = "fi"
    visit.booking.save()
    visit.nearest_hospital = "Mikkeli Central Hospital, Porrassalmenkatu 35"
    visit.manager = make_manager()
    visit.manager_phone = "+358 40 123 4567"
    visit.save()
    a = Participant.objects.create(booking=visit.booking, first_name="Anna", email="a@x.example")
    b = Participant.objects.create(booking=visit.booking, first_name="Bert", email="b@x.example")

    client.force_login(visit.booking.contact)
    page = client.get(reverse("visits:briefing", args=[visit.pk])).content.decode()
    assert "112" in page and "+358 40 123 4567" in page and "Porrassalmenkatu" in page
    pdf = client.get(reverse("visits:briefing_pdf", args=[visit.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    client.logout()
    url = reverse("visits:briefing_participant", args=[participant_token(a)])
    assert client.get(url).status_code == 200
    client.post(url)
    client.post(url)  # twice: one acknowledgement
    assert BriefingAcknowledgement.objects.filter(visit=visit).count() == 1
    bad = reverse("visits:briefing_participant", args=["forged-token"])
    assert client.get(bad).status_code == 404

    client.force_login(make_manager())
    admin = client.get(reverse("visits_admin:detail", args=[visit.pk])).content.decode()
    assert "1 participant has not acknowledged" in admin
    assert str(b) in admin


def test_acknowledgement_sentence_ends_with_one_full_stop(client):
    # English formats a morning time as "10:04 a.m.": a sentence ending with it read
    # "10:04 a.m..".
    visit = make_visit()
    participant = Participant.objects.create(booking=visit.booking, first_name="A")
    url = reverse("visits:briefing_participant", args=[participant_token(participant)])
    client.post(url)
    BriefingAcknowledgement.objects.filter(participant=participant).update(
        acknowledged_at=datetime.datetime(2026, 12, 1, 8, 4, tzinfo=datetime.UTC)
    )
    page = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "you confirmed reading this briefing." in page
    assert "10:04 a.m." in page and ".." not in page


def test_situational_picture_now_and_next(client):
    now = timezone.now()
    visit = make_visit(start=timezone.localdate())
    items = list(visit.items.order_by("starts_at"))
    items[0].starts_at, items[0].ends_at = (
        now - datetime.timedelta(minutes=5),
        now + datetime.timedelta(minutes=30),
    )
    items[0].save()
    items[1].starts_at, items[1].ends_at = (
        now + datetime.timedelta(hours=1),
        now + datetime.timedelta(hours=2),
    )
    items[1].save()
    manager = make_manager()
    client.force_login(manager)
    page = client.get(reverse("visits_admin:situation"))
    assert page.status_code == 200
    assert visit.booking.reference in page.content.decode()
    data = client.get(reverse("visits_admin:situation_json")).json()
    [row] = [v for v in data["visits"] if v["id"] == visit.pk]
    assert row["now"]["title"] == items[0].title
    assert row["next"]["title"] == items[1].title
    assert row["headcount"] == visit.booking.participants_count
    client.force_login(visit.booking.contact)
    assert client.get(reverse("visits_admin:situation_json")).status_code in (302, 403)


def test_incident_and_message_to_the_whole_delegation(client, django_capture_on_commit_callbacks):
    visit = make_visit()
    Participant.objects.create(booking=visit.booking, first_name="A", email="a@x.example")
    Participant.objects.create(booking=visit.booking, first_name="B", email="b@x.example")
    manager = make_manager()
    incident_log(
        visit=visit,
        actor=manager,
        occurred_at=timezone.now(),
        description="Bus broke down on road 5",
        informed="Host, hotel",
        actions="Replacement bus ordered",
        severity="medium",
    )
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("visits_admin:detail", args=[visit.pk]),
            {
                "action": "message",
                "message-subject": "Delay",
                "message-body": "We are 30 min late.",
            },
        )
    messages = [m for m in mail.outbox if m.subject == "Delay"]
    # One message per recipient: no official sees another's address.
    assert sorted(address for m in messages for address in m.to) == sorted(
        ["a@x.example", "b@x.example", visit.booking.contact.email]
    )
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in messages)
    assert (
        "Bus broke down"
        in client.get(reverse("visits_admin:detail", args=[visit.pk])).content.decode()
    )


def test_delegation_briefing_goes_to_each_recipient_alone_in_their_language(
    django_capture_on_commit_callbacks,
):
    from tests.accounts.factories import make_user
    from visits.emails import delegation_email

    visit = make_visit()
    visit.booking.language = "en"
    visit.booking.save(update_fields=["language"])
    make_user("fi@x.example", preferred_language="fi")
    make_user("sv@x.example", preferred_language="sv")
    for n, email in enumerate(["fi@x.example", "sv@x.example", "guest@x.example"]):
        Participant.objects.create(booking=visit.booking, first_name=f"P{n}", email=email)
    mail.outbox.clear()
    assert delegation_email(visit_id=visit.pk, template="delegation_briefing") == 4
    by_address = {m.to[0]: m for m in mail.outbox}
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert set(by_address) == {
        "fi@x.example",
        "sv@x.example",
        "guest@x.example",
        visit.booking.contact.email,
    }
    ref = visit.booking.reference
    assert by_address["fi@x.example"].subject.startswith("Vierailusi alkaa pian")
    assert by_address["sv@x.example"].subject.startswith("Ditt besök börjar snart")
    # Without an account: the booking's language.
    assert by_address["guest@x.example"].subject == (
        f"Your visit starts soon: safety briefing and itinerary – {ref}"
    )


def test_reminders_are_sent_once(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    soon = make_visit(start=today + datetime.timedelta(days=3))
    Participant.objects.create(booking=soon.booking, first_name="A", email="a@x.example")
    week = make_visit(start=today + datetime.timedelta(days=7))
    site_visit = SiteVisit.objects.filter(item__visit=week).order_by("item__starts_at").first()
    open_all_week(site_visit.host)
    site_visit_send(site_visit=site_visit, actor=make_manager(), accept_warnings=True)
    make_host_user(site_visit.host, email="hostperson@host.example")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send(today=today)
    assert first == 3 and second == 0  # host 7 days, delegation briefing, participant
    assert ReminderSent.objects.count() == 3
    subjects = [m.subject for m in mail.outbox]
    assert any(s.startswith("Reminder, site visit") for s in subjects)
    assert any("safety briefing" in s for s in subjects)
    assert any("read the safety briefing" in s for s in subjects)


def test_manager_assigns_escort_sets_duty_details_and_gets_a_calendar(client):
    from visits.enums import ResourceKind
    from visits.models import CalendarFeed, Resource, ResourceAssignment

    a, b = make_visit(), make_visit()
    escort = Resource.objects.create(kind=ResourceKind.ESCORT, name="Eero", phone="+358 50 1")
    manager = make_manager()
    client.force_login(manager)
    item_a = a.items.order_by("starts_at").first()
    item_b = b.items.order_by("starts_at").first()
    item_b.starts_at, item_b.ends_at = item_a.starts_at, item_a.ends_at
    item_b.save()
    url_a = reverse("visits_admin:detail", args=[a.pk])
    client.post(url_a, {"action": "assign", "item": item_a.pk, "assign-resource": escort.pk})
    response = client.post(
        reverse("visits_admin:detail", args=[b.pk]),
        {"action": "assign", "item": item_b.pk, "assign-resource": escort.pk},
        follow=True,
    )
    assert "already assigned elsewhere" in response.content.decode()
    assert ResourceAssignment.objects.filter(resource=escort).count() == 1

    client.post(
        url_a,
        {
            "action": "duty",
            "duty-manager": manager.pk,
            "duty-manager_phone": "+358 40 765 4321",
            "duty-escort": escort.pk,
            "duty-nearest_hospital": "Mikkeli Central Hospital",
            "duty-meeting_points": "Hotel lobby",
            "duty-confidential": "on",
        },
    )
    a.refresh_from_db()
    assert a.confidential and a.escort == escort and a.manager_phone == "+358 40 765 4321"

    client.post(reverse("visits_admin:index"))
    feed = CalendarFeed.objects.get(kind="manager", user=manager, revoked_at__isnull=True)
    assert "webcal://" in client.get(reverse("visits_admin:index")).content.decode()
    calendar = client.get(reverse("visits_feed", args=[feed.token]))
    assert calendar.status_code == 200 and b"BEGIN:VEVENT" in calendar.content


def test_mark_completed_is_offered_only_from_the_visits_last_day(client):
    from visits.enums import VisitStatus as Status

    far = make_visit(start=timezone.localdate() + datetime.timedelta(days=60))
    last_day = make_visit(start=timezone.localdate() - datetime.timedelta(days=1))  # 2 days
    client.force_login(make_manager())
    far_url = reverse("visits_admin:detail", args=[far.pk])
    assert "Mark completed" not in client.get(far_url).content.decode()
    client.post(far_url, {"action": "complete"})
    far.refresh_from_db()
    assert far.status != Status.COMPLETED
    url = reverse("visits_admin:detail", args=[last_day.pk])
    assert "Mark completed" in client.get(url).content.decode()
    client.post(url, {"action": "complete"})
    last_day.refresh_from_db()
    assert last_day.status == Status.COMPLETED


def test_briefing_acknowledgements_lists_each_participant_with_their_state(client):
    from visits.selectors import briefing_acknowledgements

    visit = make_visit()
    a = Participant.objects.create(booking=visit.booking, first_name="Anna", email="a@x.example")
    b = Participant.objects.create(booking=visit.booking, first_name="Bert", email="b@x.example")
    client.post(reverse("visits:briefing_participant", args=[participant_token(a)]))
    rows = {row["participant"]: row for row in briefing_acknowledgements(visit)}
    assert rows[a]["acknowledged"] and rows[a]["acknowledged_at"] is not None
    assert not rows[b]["acknowledged"] and rows[b]["acknowledged_at"] is None
    # The delegation contact sees each participant's state on the briefing page.
    client.force_login(visit.booking.contact)
    page = client.get(reverse("visits:briefing", args=[visit.pk])).content.decode()
    assert f"{a}: confirmed on" in page
    assert f"{b}: not yet confirmed" in page
