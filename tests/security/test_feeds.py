"""Calendar feeds beyond what the access matrix walks (it walks a delegation's feed and
its revocation): a host user's personal feed ends with the account or the host role, and
a host's feeds are revoked by their own users only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import HOSTS
from visits.enums import FeedKind
from visits.models import CalendarFeed

pytestmark = pytest.mark.django_db


def _feed(client, feed):
    client.logout()
    return client.get(reverse("visits_feed", kwargs={"token": feed.token}))


def test_a_host_users_personal_feed_ends_with_the_account_or_the_role(client, visits_world):
    host_user = visits_world["asked_host_user"]
    item = visits_world["asked"].item
    feed = CalendarFeed.objects.create(kind=FeedKind.HOST_USER, user=host_user)
    response = _feed(client, feed)
    assert response.status_code == 200
    assert f"visit-item-{item.pk}@paamaja" in response.content.decode()

    host_user.is_active = False
    host_user.save(update_fields=["is_active"])
    assert _feed(client, feed).status_code == 404

    host_user.is_active = True
    host_user.save(update_fields=["is_active"])
    assert _feed(client, feed).status_code == 200
    host_user.groups.remove(Group.objects.get(name=HOSTS))
    assert _feed(client, feed).status_code == 404


@pytest.mark.parametrize("kind", [FeedKind.HOST, FeedKind.HOST_USER])
def test_a_hosts_feeds_are_revoked_by_their_own_users_only(kind, client, visits_world):
    w = visits_world
    owner = w["asked_host_user"]
    if kind == FeedKind.HOST:
        feed = CalendarFeed.objects.create(kind=kind, host=w["asked"].host)
    else:
        feed = CalendarFeed.objects.create(kind=kind, user=owner)
    path = reverse("visits:feed_revoke", kwargs={"token": feed.token})
    for intruder in (w["other_host_user"], w["owner"], w["manager"]):
        client.force_login(intruder)
        assert client.post(path).status_code == 404, intruder
    feed.refresh_from_db()
    assert feed.revoked_at is None
    client.force_login(owner)
    response = client.post(path)
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert _feed(client, feed).status_code == 404
