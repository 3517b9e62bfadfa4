"""The host side: requests, answers, the manager told, and nobody sees another's data."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from visits.enums import FeedKind, SiteVisitStatus
from visits.errors import VisitError
from visits.models import CalendarFeed, SiteVisit
from visits.services import site_visit_accept, site_visit_send
from visits.timeutil import HELSINKI

from .factories import make_host_user, make_manager, make_visit, open_all_week

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    # The MFA gate is tested in tests/accounts; here it would only hide the pages.
    settings.STAFF_MFA_REQUIRED = False


def _sent_request(visit, manager, django_capture_on_commit_callbacks, index=0):
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at")[index]
    open_all_week(site_visit.host)
    with django_capture_on_commit_callbacks(execute=True):
        site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    site_visit.refresh_from_db()
    return site_visit


def test_request_email_carries_an_itip_invitation(django_capture_on_commit_callbacks):
    visit = make_visit()
    manager = make_manager()
    first = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    host_user = make_host_user(first.host)
    site_visit = _sent_request(visit, manager, django_capture_on_commit_callbacks)
    assert site_visit.status == SiteVisitStatus.REQUESTED
    [message] = [m for m in mail.outbox if host_user.email in m.to]
    [(name, body, mimetype)] = message.attachments
    assert mimetype.startswith("text/calendar; method=REQUEST")
    text = body.decode() if isinstance(body, bytes) else body
    assert "METHOD:REQUEST" in text and f"UID:visit-item-{site_visit.item_id}@paamaja" in text
    assert "TZID=Europe/Helsinki" in text and "BEGIN:VTIMEZONE" in text


def test_each_host_user_is_written_to_in_their_own_language(django_capture_on_commit_callbacks):
    visit = make_visit()
    first = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    finnish, english = make_host_user(first.host), make_host_user(first.host)
    type(finnish).objects.filter(pk=finnish.pk).update(preferred_language="fi")
    _sent_request(visit, make_manager(), django_capture_on_commit_callbacks)
    [to_finnish] = [m for m in mail.outbox if finnish.email in m.to]
    [to_english] = [m for m in mail.outbox if english.email in m.to]
    assert to_finnish is not to_english
    assert to_finnish.subject.startswith("Kohdevierailupyyntö: ")
    assert to_english.subject.startswith("Site-visit request: ")
    # The calendar invitation travels with each of them.
    assert [a[2].split(";")[0] for a in to_finnish.attachments] == ["text/calendar"]


def test_host_accepts_declines_proposes_and_manager_is_told(
    client, django_capture_on_commit_callbacks
):
    visit = make_visit()
    manager = make_manager()
    visit.manager = manager
    visit.save()
    requests = [
        _sent_request(visit, manager, django_capture_on_commit_callbacks, i) for i in range(3)
    ]
    host_users = {sv.host_id: make_host_user(sv.host) for sv in requests}
    mail.outbox.clear()

    accept, decline, propose = requests
    client.force_login(host_users[accept.host_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("visits:host_request", args=[accept.pk]), {"action": "accept"}
        )
    assert response.status_code == 302
    accept.refresh_from_db()
    assert accept.status == SiteVisitStatus.ACCEPTED
    assert accept.answered_by == host_users[accept.host_id]

    client.force_login(host_users[decline.host_id])
    response = client.post(
        reverse("visits:host_request", args=[decline.pk]),
        {"action": "decline", "decline-reason": ""},
    )
    assert response.status_code == 400  # no reason: a clear message, nothing changed
    decline.refresh_from_db()
    assert decline.status == SiteVisitStatus.REQUESTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("visits:host_request", args=[decline.pk]),
            {"action": "decline", "decline-reason": "Exercise on the site that day"},
        )
    decline.refresh_from_db()
    assert decline.status == SiteVisitStatus.DECLINED
    assert decline.decline_reason == "Exercise on the site that day"

    client.force_login(host_users[propose.host_id])
    day = timezone.localdate() + datetime.timedelta(days=70)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("visits:host_request", args=[propose.pk]),
            {
                "action": "propose",
                "propose-date": day.isoformat(),
                "propose-start": "13:00",
                "propose-end": "14:30",
            },
        )
    propose.refresh_from_db()
    assert propose.status == SiteVisitStatus.PROPOSED
    assert propose.proposed_start == datetime.datetime.combine(
        day, datetime.time(13), tzinfo=HELSINKI
    )

    # The manager got one e-mail per answer, and sees them in the admin.
    to_manager = [m for m in mail.outbox if m.to == [manager.email]]
    assert len(to_manager) == 3
    assert any("Exercise on the site that day" in m.body for m in to_manager)
    client.force_login(manager)
    page = client.get(reverse("visits_admin:detail", args=[visit.pk])).content.decode()
    assert "Accepted" in page and "Declined" in page and "Another time proposed" in page
    index = client.get(reverse("visits_admin:index")).content.decode()
    assert "1 accepted" in index and "1 proposed" in index and "1 declined" in index


def test_answering_a_closed_request_is_refused(django_capture_on_commit_callbacks):
    visit = make_visit()
    site_visit = _sent_request(visit, make_manager(), django_capture_on_commit_callbacks)
    host_user = make_host_user(site_visit.host)
    site_visit_accept(site_visit=site_visit, actor=host_user)
    other_host_user = make_host_user(
        SiteVisit.objects.filter(item__visit=visit).exclude(host=site_visit.host).first().host
    )
    with pytest.raises(VisitError):
        site_visit_accept(site_visit=site_visit, actor=other_host_user)


def _host_urls(site_visit, feed_token):
    return [
        ("get", reverse("visits:host_index")),
        ("get", reverse("visits:host_request", args=[site_visit.pk])),
        ("post", reverse("visits:host_request", args=[site_visit.pk])),
        ("get", reverse("visits:host_calendar")),
        ("get", reverse("visits:host_availability", args=[site_visit.host_id])),
        ("post", reverse("visits:host_availability", args=[site_visit.host_id])),
        ("get", reverse("visits:item_ics", args=[site_visit.item_id])),
        ("post", reverse("visits:feed_revoke", args=[feed_token])),
    ]


def test_a_host_user_sees_no_other_organisations_data(client, django_capture_on_commit_callbacks):
    visit = make_visit()
    manager = make_manager()
    ours = _sent_request(visit, manager, django_capture_on_commit_callbacks, 0)
    theirs_visit = make_visit()
    theirs = _sent_request(theirs_visit, manager, django_capture_on_commit_callbacks, 1)
    assert ours.host_id != theirs.host_id
    owner = make_host_user(ours.host)
    intruder = make_host_user(theirs.host)
    feed = CalendarFeed.objects.create(kind=FeedKind.HOST, host=ours.host)
    secret_name = visit.booking.organisation.name

    client.force_login(intruder)
    for method, url in _host_urls(ours, feed.token):
        response = getattr(client, method)(url, {"action": "accept"} if method == "post" else None)
        body = response.content.decode()
        assert secret_name not in body, url
        if "requests" in url or url.endswith(".ics") or "revoke" in url or "availab" in url:
            assert response.status_code == 404, url
    ours.refresh_from_db()
    feed.refresh_from_db()
    assert ours.status == SiteVisitStatus.REQUESTED and feed.revoked_at is None
    # The intruder's own list shows only their own request.
    listing = client.get(reverse("visits:host_index")).content.decode()
    assert reverse("visits:host_request", args=[theirs.pk]) in listing
    assert reverse("visits:host_request", args=[ours.pk]) not in listing

    # The owner does see it; a delegation user or manager-less user gets nothing.
    client.force_login(owner)
    assert client.get(reverse("visits:host_request", args=[ours.pk])).status_code == 200
    client.force_login(visit.booking.contact)
    assert client.get(reverse("visits:host_index")).status_code == 404
    client.logout()
    response = client.get(reverse("visits:host_index"))
    assert response.status_code == 302


def test_confidential_visit_shows_only_delegation_visit_and_size(
    client, django_capture_on_commit_callbacks
):
    visit = make_visit(participants=7, confidential=True)
    site_visit = _sent_request(visit, make_manager(), django_capture_on_commit_callbacks)
    host_user = make_host_user(site_visit.host)
    secret = visit.booking.organisation.name
    for message in mail.outbox:
        assert secret not in message.body and secret not in message.subject
        for _name, body, _type in message.attachments:
            assert secret not in (body.decode() if isinstance(body, bytes) else body)
    client.force_login(host_user)
    pages = [
        client.get(reverse("visits:host_index")),
        client.get(reverse("visits:host_request", args=[site_visit.pk])),
        client.get(reverse("visits:item_ics", args=[site_visit.item_id])),
    ]
    feed = CalendarFeed.objects.create(kind=FeedKind.HOST, host=site_visit.host)
    pages.append(client.get(reverse("visits_feed", args=[feed.token])))
    for response in pages:
        body = response.content.decode()
        assert response.status_code == 200
        assert secret not in body
        assert "Delegation visit" in body
        assert re.search(r"\b7\b", body)


def test_changes_and_cancellations_send_itip_updates(django_capture_on_commit_callbacks):
    visit = make_visit()
    manager = make_manager()
    site_visit = _sent_request(visit, manager, django_capture_on_commit_callbacks)
    host_user = make_host_user(site_visit.host)
    site_visit_accept(site_visit=site_visit, actor=host_user)
    item = site_visit.item
    mail.outbox.clear()
    from visits.services import item_move, item_remove

    with django_capture_on_commit_callbacks(execute=True):
        item_move(
            item=item,
            starts_at=item.starts_at + datetime.timedelta(hours=3),
            ends_at=item.ends_at + datetime.timedelta(hours=3),
            actor=manager,
            accept_warnings=True,
        )
    site_visit.refresh_from_db()
    assert site_visit.status == SiteVisitStatus.REQUESTED  # asked again at the new time
    [update] = [m for m in mail.outbox if host_user.email in m.to]
    ics = update.attachments[0][1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "METHOD:REQUEST" in ics and "SEQUENCE:1" in ics
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item_remove(item=item, actor=manager)
    [cancel] = [m for m in mail.outbox if host_user.email in m.to]
    body = cancel.attachments[0][1]
    body = body.decode() if isinstance(body, bytes) else body
    assert "METHOD:CANCEL" in body and "STATUS:CANCELLED" in body and "SEQUENCE:2" in body
    assert cancel.attachments[0][2].startswith("text/calendar; method=CANCEL")


def test_manager_takes_the_proposed_time_and_sees_answers_on_dashboard(
    client, django_capture_on_commit_callbacks
):
    visit = make_visit()
    manager = make_manager()
    site_visit = _sent_request(visit, manager, django_capture_on_commit_callbacks)
    host_user = make_host_user(site_visit.host)
    day = visit.starts_on + datetime.timedelta(days=1)
    from visits.services import site_visit_propose

    site_visit_propose(
        site_visit=site_visit,
        actor=host_user,
        starts_at=datetime.datetime.combine(day, datetime.time(14), tzinfo=HELSINKI),
        ends_at=datetime.datetime.combine(day, datetime.time(15), tzinfo=HELSINKI),
    )
    client.force_login(manager)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Answers from hosts" in home and "Another time proposed" in home
    url = reverse("visits_admin:detail", args=[visit.pk])
    client.post(
        url, {"action": "take_proposal", "site_visit": site_visit.pk, "accept_warnings": "1"}
    )
    site_visit.refresh_from_db()
    site_visit.item.refresh_from_db()
    assert site_visit.status == SiteVisitStatus.ACCEPTED
    assert site_visit.item.starts_at.astimezone(HELSINKI).hour == 14
    assert site_visit.item.sequence == 1
    # Bad input on the admin page: a message, nothing changed, no 500.
    response = client.post(url, {"action": "move", "item": site_visit.item_id}, follow=True)
    assert response.status_code == 200
    response = client.post(url, {"action": "nonsense"}, follow=True)
    assert "Unknown action" in response.content.decode()


def test_host_keeps_its_availability_and_requests_outside_it_are_refused(
    client, django_capture_on_commit_callbacks
):
    visit = make_visit(participants=12)
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    host_user = make_host_user(site_visit.host)
    client.force_login(host_user)
    url = reverse("visits:host_availability", args=[site_visit.host_id])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"delegations_per_day": "1", "day_0": "nine to five"})
    assert bad.status_code == 400 and "09:00-16:00" in bad.content.decode()
    form = {
        "largest_group": "10",
        "delegations_per_day": "2",
        "buffer_before_minutes": "15",
        "buffer_after_minutes": "15",
        "minimum_notice_days": "3",
        "vetting_days": "0",
        "visitor_rules": "ID check at the gate.",
        "busy_calendar_url": "",
        "closed_dates": visit.starts_on.isoformat(),
        **{f"day_{n}": "10:00-15:00" for n in range(5)},
    }
    internal = client.post(url, {**form, "busy_calendar_url": "http://127.0.0.1:6379/"})
    assert internal.status_code == 400
    assert "public internet addresses" in internal.content.decode()
    assert client.post(url, form).status_code == 302
    availability = site_visit.host.availability
    availability.refresh_from_db()
    assert availability.weekly_hours["0"] == [["10:00", "15:00"]]
    assert availability.weekly_hours.get("6") is None
    with pytest.raises(VisitError) as refused:
        site_visit_send(site_visit=site_visit, actor=make_manager(), accept_warnings=True)
    reasons = str(refused.value)
    assert "closed on" in reasons and "larger than" in reasons and "opening hours" in reasons
    site_visit.refresh_from_db()
    assert site_visit.status == SiteVisitStatus.DRAFT


def test_bad_input_gets_a_message_never_a_500(client, django_capture_on_commit_callbacks):
    visit = make_visit()
    manager = make_manager()
    site_visit = _sent_request(visit, manager, django_capture_on_commit_callbacks)
    host_user = make_host_user(site_visit.host)
    client.force_login(host_user)
    url = reverse("visits:host_request", args=[site_visit.pk])
    for data in (
        {"action": "propose", "propose-date": "not a date", "propose-start": "25:00"},
        {
            "action": "propose",
            "propose-date": "2030-01-01",
            "propose-start": "14:00",
            "propose-end": "13:00",
        },
        {"action": "something else"},
        {},
    ):
        assert client.post(url, data).status_code == 400
    site_visit.refresh_from_db()
    assert site_visit.status == SiteVisitStatus.REQUESTED
    assert client.get(reverse("visits_feed", args=["nonsense"])).status_code == 404
    feed = CalendarFeed.objects.create(kind=FeedKind.HOST_USER, user=host_user)
    response = client.post(
        reverse("visits:feed_revoke", args=[feed.token]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and "evil" not in response["Location"]

    client.force_login(manager)
    admin_url = reverse("visits_admin:detail", args=[visit.pk])
    for data in (
        {"action": "send", "site_visit": "abc"},
        {"action": "remove", "item": "1 OR 1=1"},
        {"action": "add", "add-title": ""},
        {"action": "incident", "incident-occurred_at": "yesterday"},
    ):
        assert client.post(admin_url, data, follow=True).status_code == 200
    assert visit.items.filter(removed=False).count() == 4
