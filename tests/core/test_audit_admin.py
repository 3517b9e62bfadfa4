"""The audit log and the outbox in the admin: readable, never editable or deletable."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from wagtail.permissions import policy_registry

from core.audit import audit_record
from core.models import AuditEntry, OutboxMessage
from core.outbox import outbox_enqueue
from tests.bookings.test_admin import host_with_admin_access, make_booking, manager, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    booking = make_booking()
    return audit_record(
        subject=booking,
        action="confirm",
        actor=booking.contact,
        from_state="held",
        to_state="confirmed",
        data={"reason": "Signed offer"},
    )


def test_managers_read_the_audit_log(client, entry):
    client.force_login(manager())
    response = client.get(reverse("auditentry:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "confirm" in html
    assert "held → confirmed" in html
    assert entry.subject.reference in html
    response = client.get(reverse("auditentry:inspect", args=[entry.pk]))
    assert response.status_code == 200
    assert "Signed offer" in response.content.decode()


def test_nobody_edits_or_deletes_an_audit_entry_from_any_admin(client, entry):
    for name in ("add", "edit", "delete", "copy", "history", "usage"):
        with pytest.raises(NoReverseMatch):
            reverse(f"auditentry:{name}", args=[entry.pk] if name != "add" else [])

    superuser = staff_user(superuser=True)
    client.force_login(superuser)
    for url in [
        "/admin/audit-log/new/",
        f"/admin/audit-log/edit/{entry.pk}/",
        f"/admin/audit-log/delete/{entry.pk}/",
        f"/admin/audit-log/{entry.pk}/delete/",
        "/django-admin/core/auditentry/",
        f"/django-admin/core/auditentry/{entry.pk}/change/",
        f"/django-admin/core/auditentry/{entry.pk}/delete/",
    ]:
        assert client.get(url, follow=True).status_code == 404, url
        client.post(url, {"action": "x"})
    assert AuditEntry.objects.filter(pk=entry.pk, action="confirm").exists()

    # Not even a superuser holds the permission to change or delete one.
    policy = policy_registry.get_by_type(AuditEntry)
    assert policy.user_has_permission(superuser, "view")
    for action in ("add", "change", "delete"):
        assert not policy.user_has_permission(superuser, action)
    html = client.get(reverse("auditentry:inspect", args=[entry.pk])).content.decode()
    assert "/edit/" not in html and "/delete/" not in html


def test_audit_entries_are_append_only(entry):
    entry.action = "tampered"
    with pytest.raises(ValueError):
        entry.save()


def test_hosts_do_not_read_the_audit_log(client, entry):
    client.force_login(host_with_admin_access())
    response = client.get(reverse("auditentry:index"))
    assert response.status_code in (302, 403)
    assert b"Signed offer" not in response.content


def test_audit_log_query_count_does_not_grow_with_entries(client):
    client.force_login(manager())
    url = reverse("auditentry:index")

    def add(n):
        for _ in range(n):
            booking = make_booking(payments=[("10.00", "pending", None)])
            audit_record(subject=booking, action="hold", actor=booking.contact)
            # A payment's name includes its booking's reference: no query per row either.
            audit_record(subject=booking.payments.get(), action="pay", to_state="succeeded")

    add(3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)


def test_outbox_is_readable_and_read_only(client):
    message = outbox_enqueue(task="bookings.tasks.send_booking_email", booking_id=1, template="x")
    OutboxMessage.objects.filter(pk=message.pk).update(last_error="ConnectionRefusedError")
    client.force_login(manager())
    response = client.get(reverse("outboxmessage:index"))
    assert response.status_code == 200
    assert "bookings.tasks.send_booking_email" in response.content.decode()
    response = client.get(reverse("outboxmessage:inspect", args=[message.pk]))
    assert response.status_code == 200
    assert "ConnectionRefusedError" in response.content.decode()
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"outboxmessage:{name}", args=[message.pk] if name != "add" else [])
    policy = policy_registry.get_by_type(OutboxMessage)
    assert not policy.user_has_permission(staff_user(superuser=True), "delete")


def test_reports_menu_lists_the_audit_log_for_managers(client):
    client.force_login(manager())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("auditentry:index") in html
    assert reverse("outboxmessage:index") in html
