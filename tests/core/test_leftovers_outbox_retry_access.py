"""The outbox retry (Reports > Outbox > Retry this message, 12.10) is in the access lists
and refuses everyone who is not allowed to retry (issue 12, item j).

It is a POST under the Wagtail admin: the access matrix's staff walk only GETs it, so
here every other role POSTs it and the dead letter must stay a dead letter.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.audit import audit_trail
from core.models import OutboxMessage
from core.outbox import outbox_enqueue
from tests.bookings.factories import make_delegation
from tests.bookings.test_admin import host_with_admin_access, manager, staff_user
from tests.security.test_access_matrix import _staff_paths, is_refused

pytestmark = pytest.mark.django_db


def _dead_letter() -> OutboxMessage:
    message = outbox_enqueue(task="bookings.tasks.send_booking_email", booking_id=1, template="x")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.FAILED, attempts=5
    )
    return message


def test_the_staff_walk_includes_the_outbox_retry():
    assert "outboxmessage:retry" in {key for key, _ in _staff_paths()}


def test_only_a_manager_may_retry_a_dead_letter(client, settings):
    settings.STAFF_MFA_REQUIRED = False  # the MFA gate is tested in tests/accounts
    message = _dead_letter()
    retry = reverse("outboxmessage:retry", args=[message.pk])
    intruders = {
        "anonymous": None,
        "delegation contact": make_delegation()[1],
        "host with admin access": host_with_admin_access(),
        "regional developer with admin access": staff_user(
            "Regional developers", extra_perms=[("wagtailadmin", "access_admin")]
        ),
    }
    for role, user in intruders.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.post(retry)
        # Wagtail answers an admin user without the permission with a redirect to the
        # admin's home page (and a message); everyone else is sent to log in.
        refused = is_refused(response) or (
            response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
        )
        assert refused, (role, response.status_code)
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.FAILED, role
    assert not audit_trail(message).filter(action="outbox_retry").exists()

    client.logout()
    client.force_login(manager())
    assert client.post(retry).status_code == 302
    message.refresh_from_db()
    assert message.status != OutboxMessage.Status.FAILED
