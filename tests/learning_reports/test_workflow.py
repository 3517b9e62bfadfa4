"""Review workflow: transitions, refusals, versions, audit; who may reach what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from core.audit import audit_trail
from learning_reports.enums import ReportStatus
from learning_reports.errors import InvalidTransition, ReportError
from learning_reports.models import ReportVersion
from learning_reports.services import (
    report_approve,
    report_publish,
    report_request_changes,
    report_submit,
    report_update_texts,
    review_comment_add,
)
from learning_reports.tasks import compile_report
from tests.accounts.factories import make_user
from visits.models import HostMembership

from .factories import answer, invite, make_completed_visit, report_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    world = make_completed_visit(participants=3)
    for invitation in invite(world)[:2]:
        answer(invitation, world)
    report = report_for(world)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    return report


@pytest.fixture
def developer():
    return make_user("developer@region.example", role="Regional developers", totp=True)


@pytest.fixture
def manager():
    return make_user("manager@paamaja.example", role="Programme managers", totp=True)


def test_the_whole_workflow_keeps_every_version_and_who_did_what(report, developer, manager):
    report_submit(report=report, actor=manager)
    review_comment_add(
        report=report, actor=developer, section="lessons", text="Say what to change."
    )
    report_request_changes(report=report, actor=developer)
    report_update_texts(
        report=report,
        actor=manager,
        observations="",
        lessons_learned="Half a day more at the lab.",
        recommendations="",
    )
    report_submit(report=report, actor=manager)
    report_approve(report=report, actor=developer)
    report = report_publish(report=report, actor=developer)
    assert report.status == ReportStatus.PUBLISHED and report.share_token
    versions = list(ReportVersion.objects.filter(report=report).order_by("number"))
    assert [v.status for v in versions] == [
        "submitted",
        "changes_requested",
        "submitted",
        "approved",
        "published",
    ]
    assert versions[0].lessons_learned == "" and versions[2].lessons_learned.startswith("Half")
    transitions = [
        (e.action, e.from_state, e.to_state, e.actor)
        for e in audit_trail(report)
        if e.to_state and e.action != "edit"
    ]
    assert transitions == [
        ("submit", "draft", "submitted", manager),
        ("request_changes", "submitted", "changes_requested", developer),
        ("submit", "changes_requested", "submitted", manager),
        ("approve", "submitted", "approved", developer),
        ("publish", "approved", "published", developer),
    ]
    comment = report.comments.get()
    assert (comment.section, comment.version_number) == ("lessons", 1)


def test_invalid_transitions_are_refused_and_change_nothing(report, developer, manager):
    with pytest.raises(InvalidTransition):
        report_approve(report=report, actor=developer)  # not submitted
    report_submit(report=report, actor=manager)
    with pytest.raises(ReportError, match="comment"):
        report_request_changes(report=report, actor=developer)  # says nothing
    report_approve(report=report, actor=developer)
    before = (ReportVersion.objects.count(), len(audit_trail(report)))
    for refused in (report_approve, report_submit, report_request_changes):
        with pytest.raises(ReportError):
            refused(report=report, actor=developer)
    with pytest.raises(InvalidTransition):
        report_update_texts(
            report=report, actor=manager, observations="x", lessons_learned="", recommendations=""
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.observations == ""
    assert (ReportVersion.objects.count(), len(audit_trail(report))) == before


def test_approve_twice_through_the_page_gives_a_message(client, report, developer, manager):
    report_submit(report=report, actor=manager)
    client.force_login(developer)
    url = f"/en/developer/reports/{report.visit.booking.reference}/approve/"
    first = client.post(url, follow=True)
    assert "The report was approved." in first.text
    second = client.post(url, follow=True)
    assert second.status_code == 200
    assert "Only a submitted report can be approved." in second.text
    assert ReportVersion.objects.filter(status="approved").count() == 1


def test_delegation_and_host_users_cannot_reach_unpublished_reports(client, report, manager):
    delegation_contact = report.visit.booking.contact
    host_user = make_user("host@college.example", role="Hosts", totp=True)
    HostMembership.objects.create(user=host_user, host=report.visit.items.first().host)
    report_submit(report=report, actor=manager)
    pages = [
        f"/en/developer/reports/{report.visit.booking.reference}/",
        f"/en/developer/reports/{report.visit.booking.reference}/pdf/",
        f"/en/developer/reports/{report.visit.booking.reference}/status.json",
        "/en/developer/reports/",
        "/en/developer/dashboard/",
        "/en/developer/dashboard.csv",
    ]
    for user in (delegation_contact, host_user):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 403, (user, page)
        assert (
            client.post(
                f"/en/developer/reports/{report.visit.booking.reference}/approve/"
            ).status_code
            == 403
        )
    client.logout()
    assert client.get(pages[0]).status_code == 302  # to the login page


def test_regional_developer_cannot_edit_bookings_or_report_texts(client, report, developer):
    assert not developer.has_perm("bookings.change_booking")
    assert not developer.has_perm("bookings.view_booking")
    assert not developer.has_perm("learning_reports.change_learningreport")
    assert not developer.has_perm("wagtailadmin.access_admin")
    client.force_login(developer)
    booking = report.visit.booking
    assert client.get("/admin/").status_code in (302, 403)
    assert client.get(f"/admin/bookings/edit/{booking.pk}/").status_code in (302, 403, 404)
    response = client.post(
        f"/en/developer/reports/{report.visit.booking.reference}/texts/", {"observations": "x"}
    )
    assert response.status_code == 403
    assert (
        client.post(f"/en/developer/reports/{report.visit.booking.reference}/compile/").status_code
        == 403
    )


def test_published_report_is_shared_by_secret_link_only(client, report, developer, manager):
    report_submit(report=report, actor=manager)
    report_approve(report=report, actor=developer)
    from learning_reports.models import make_link_token

    guessed = make_link_token(salt="share", pk=report.pk, nonce="guess")
    assert client.get(f"/en/reports/shared/{guessed}/").status_code == 404
    report = report_publish(report=report, actor=developer)
    page = client.get(f"/en/reports/shared/{report.share_token}/")  # no login
    assert page.status_code == 200 and "Learning report" in page.text
    pdf = client.get(f"/en/reports/shared/{report.share_token}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    from learning_reports.services import report_share_rotate

    old = report.share_token
    report = report_share_rotate(report=report, actor=developer)
    assert client.get(f"/en/reports/shared/{old}/").status_code == 404
    assert client.get(f"/en/reports/shared/{report.share_token}/").status_code == 200


def test_developer_pages_need_totp(client, report):
    without = make_user("nototp@region.example", role="Regional developers", totp=False)
    client.force_login(without)
    response = client.get(f"/en/developer/reports/{report.visit.booking.reference}/")
    assert response.status_code == 302 and "totp" in response["Location"]


def test_roles_have_their_permissions():
    developers = Group.objects.get(name="Regional developers")
    codenames = set(developers.permissions.values_list("codename", flat=True))
    assert {"review_learningreport", "view_impact_dashboard", "view_learningreport"} <= codenames
    assert not any(c.endswith("booking") for c in codenames)
