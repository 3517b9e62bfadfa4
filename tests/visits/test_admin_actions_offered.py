"""The visit's admin page offers only the actions that make sense now: "Mark ready" was
still offered on a visit that was already ready, in progress or completed."""

import pytest
from django.urls import reverse

from visits.enums import VisitStatus
from visits.models import Visit

from .factories import make_manager, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (VisitStatus.PLANNING, True),
        (VisitStatus.READY, False),
        (VisitStatus.IN_PROGRESS, False),
        (VisitStatus.COMPLETED, False),
    ],
)
def test_mark_ready_is_offered_only_while_planning(client, status, offered):
    visit = make_visit()
    Visit.objects.filter(pk=visit.pk).update(status=status)
    client.force_login(make_manager())
    html = client.get(reverse("visits_admin:detail", args=[visit.pk])).content.decode()
    assert ('name="action" value="ready"' in html) is offered
