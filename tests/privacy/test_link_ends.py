"""Private links that end: each end answers 404 or a clear "this link has expired" page,
never the data (issue 14). The participant-details link has its own tests in
tests/bookings (max_age)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.personal_data import account_delete
from accounts.roles import HOSTS, PROGRAMME_MANAGERS
from bookings.cancellation import booking_cancel
from bookings.models import Booking, Participant
from bookings.participants import participant_token
from tests.accounts.factories import make_user
from tests.visits.factories import make_host_user, make_manager, make_visit
from visits.enums import FeedKind
from visits.models import CalendarFeed, HostMembership, Visit
from visits.services import feed_issue

pytestmark = pytest.mark.django_db

SECRET = "Porrassalmenkatu 35"  # the meeting point: data only the briefing shows


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def _briefing(visit):
    visit.meeting_points = SECRET
    visit.save(update_fields=["meeting_points"])
    participant = Participant.objects.create(
        booking=visit.booking, first_name="Anna", email="a@x.example"
    )
    return reverse("visits:briefing_participant", args=[participant_token(participant)])


def _assert_expired(response, words):
    assert response.status_code == 410
    page = response.content.decode()
    assert "This link does not work" in page and words in page
    assert SECRET not in page


# --------------------------------------------------------------------------- briefing


def test_briefing_link_works_until_a_few_days_after_the_visit(client, settings):
    settings.VISITS_BRIEFING_LINK_DAYS_AFTER_VISIT = 3
    today = timezone.localdate()
    visit = make_visit(start=today - datetime.timedelta(days=4))  # two days: ended 3 days ago
    url = _briefing(visit)
    assert visit.ends_on == today - datetime.timedelta(days=3)
    assert SECRET in client.get(url).content.decode()

    Visit.objects.filter(pk=visit.pk).update(ends_on=today - datetime.timedelta(days=4))
    _assert_expired(client.get(url), "the visit is over")
    # Nor can it be acknowledged any more.
    _assert_expired(client.post(url), "the visit is over")


def test_briefing_link_of_a_cancelled_booking_stops(client):
    visit = make_visit()
    url = _briefing(visit)
    assert client.get(url).status_code == 200
    booking_cancel(booking=visit.booking, actor=make_manager(), reason="test")
    assert Booking.objects.get(pk=visit.booking_id).status == "cancelled"
    _assert_expired(client.get(url), "cancelled")


# --------------------------------------------------------------------------- feeds


def _feed(client, feed):
    return client.get(reverse("visits_feed", args=[feed.token]))


def test_visit_feed_stops_when_the_booking_is_cancelled(client, django_capture_on_commit_callbacks):
    visit = make_visit()
    feed = feed_issue(kind=FeedKind.VISIT, visit=visit)
    assert _feed(client, feed).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the signal follows the commit
        booking_cancel(booking=visit.booking, actor=make_manager(), reason="test")
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert _feed(client, feed).status_code == 404


def test_visit_feed_stops_when_a_member_leaves_the_organisation(client):
    visit = make_visit()
    organisation = visit.booking.organisation
    colleague = make_user("colleague@ministry.example")
    organisation.members.add(colleague)
    feed = feed_issue(kind=FeedKind.VISIT, visit=visit)
    assert _feed(client, feed).status_code == 200
    organisation.members.remove(colleague)
    assert _feed(client, feed).status_code == 404
    # From the other side, and by deleting the colleague's account, the same.
    organisation.members.add(colleague)
    again = feed_issue(kind=FeedKind.VISIT, visit=visit)
    colleague.delegation_organisations.remove(organisation)
    assert _feed(client, again).status_code == 404
    organisation.members.add(colleague)
    third = feed_issue(kind=FeedKind.VISIT, visit=visit)
    account_delete(user=colleague)
    assert _feed(client, third).status_code == 404


def test_host_feeds_stop_when_the_user_leaves_the_host_organisation(client):
    visit = make_visit()
    host = visit.items.exclude(host=None).first().host
    user = make_host_user(host)
    own = feed_issue(kind=FeedKind.HOST_USER, user=user)
    shared = feed_issue(kind=FeedKind.HOST, host=host)
    assert _feed(client, own).status_code == 200
    assert _feed(client, shared).status_code == 200

    HostMembership.objects.filter(user=user, host=host).delete()
    for feed in (own, shared):
        feed.refresh_from_db()
        assert feed.revoked_at is not None
        assert _feed(client, feed).status_code == 404


def test_host_user_feed_stays_while_another_membership_remains(client):
    visit = make_visit()
    first, second = [i.host for i in visit.items.exclude(host=None)][:2]
    user = make_host_user(first)
    HostMembership.objects.create(user=user, host=second)
    own = feed_issue(kind=FeedKind.HOST_USER, user=user)
    HostMembership.objects.filter(user=user, host=first).delete()
    assert _feed(client, own).status_code == 200


@pytest.mark.parametrize(
    ("role", "kind"), [(PROGRAMME_MANAGERS, FeedKind.MANAGER), (HOSTS, FeedKind.HOST_USER)]
)
def test_own_feed_is_revoked_when_the_role_is_lost(client, role, kind):
    visit = make_visit()
    host = visit.items.exclude(host=None).first().host
    user = make_manager() if role == PROGRAMME_MANAGERS else make_host_user(host)
    feed = feed_issue(kind=kind, user=user)
    assert _feed(client, feed).status_code == 200
    Group.objects.get(name=role).user_set.remove(user)  # from the group's side (the admin)
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert _feed(client, feed).status_code == 404
    # Given the role back, the old address still does not work.
    user.groups.add(Group.objects.get(name=role))
    assert _feed(client, feed).status_code == 404
    assert CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).count() == 0


def test_own_feed_is_revoked_when_the_groups_are_cleared(client):
    user = make_manager()
    feed = feed_issue(kind=FeedKind.MANAGER, user=user)
    user.groups.clear()
    assert _feed(client, feed).status_code == 404


# --------------------------------------------------------------------------- shared reports


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    from learning_reports.services import report_approve, report_publish, report_submit
    from learning_reports.tasks import compile_report
    from tests.learning_reports.factories import answer, invite, make_completed_visit, report_for

    world = make_completed_visit(participants=2)
    answer(invite(world)[0], world)
    report = report_for(world)
    report_update = {"observations": "Observed: PRIVATE-OBSERVATION"}
    type(report).objects.filter(pk=report.pk).update(**report_update)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    developer = make_user("developer@region.example", role="Regional developers", totp=True)
    report_submit(report=report, actor=make_manager())
    report_approve(report=report, actor=developer)
    return report_publish(report=report, actor=developer), developer


def _shared(client, report, pdf=False):
    url = reverse("learning_reports:shared_report", args=[report.share_token])
    return client.get(url + ("pdf/" if pdf else ""))


def test_a_published_report_link_expires_after_90_days_by_default(client, published):
    report, _developer = published
    today = timezone.localdate()
    assert report.share_expires_on == today + datetime.timedelta(days=90)
    assert "PRIVATE-OBSERVATION" in _shared(client, report).content.decode()
    type(report).objects.filter(pk=report.pk).update(share_expires_on=today)
    assert _shared(client, report).status_code == 200  # the last day still works

    type(report).objects.filter(pk=report.pk).update(
        share_expires_on=today - datetime.timedelta(days=1)
    )
    for pdf in (False, True):
        response = _shared(client, report, pdf=pdf)
        assert response.status_code == 410
        page = response.content.decode()
        assert "This link has expired." in page and "PRIVATE-OBSERVATION" not in page
        assert response["Content-Type"].startswith("text/html")


def test_the_developer_chooses_the_expiry_and_can_stop_sharing(client, published):
    report, developer = published
    client.force_login(developer)
    detail = reverse("learning_reports:report_detail", args=[report.visit.booking.reference])
    page = client.get(detail).content.decode()
    default = timezone.localdate() + datetime.timedelta(days=90)
    assert f'value="{default.isoformat()}"' in page and "The link works until" in page

    old_token = report.share_token
    chosen = timezone.localdate() + datetime.timedelta(days=14)
    share = reverse("learning_reports:report_share", args=[report.visit.booking.reference])
    client.post(share, {"expires_on": chosen.isoformat()})
    report.refresh_from_db()
    assert report.share_expires_on == chosen
    assert (
        client.get(reverse("learning_reports:shared_report", args=[old_token])).status_code == 404
    )
    assert f"The link works until {chosen:%-d.%-m.%Y}." in client.get(detail).content.decode()

    # A day in the past is refused; the link stays as it was.
    response = client.post(share, {"expires_on": "2020-01-01"}, follow=True)
    assert "Choose a day after today" in response.content.decode()
    assert type(report).objects.get(pk=report.pk).share_expires_on == chosen

    live = report.share_token
    revoke = reverse(
        "learning_reports:report_action",
        kwargs={"reference": report.visit.booking.reference, "action": "share_revoke"},
    )
    page = client.post(revoke, follow=True).content.decode()
    assert "The report is not shared." in page
    client.logout()
    response = client.get(reverse("learning_reports:shared_report", args=[live]))
    assert response.status_code == 404 and "PRIVATE-OBSERVATION" not in response.content.decode()


def test_the_booking_page_hides_an_expired_report_link(client, published):
    report, _developer = published
    booking = report.visit.booking
    client.force_login(booking.contact)
    url = reverse("bookings:detail", args=[booking.reference])
    assert "The published learning report" in client.get(url).content.decode()
    type(report).objects.filter(pk=report.pk).update(
        share_expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert "The published learning report" not in client.get(url).content.decode()
