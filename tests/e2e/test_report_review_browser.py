"""A regional developer reviews a learning report in Chromium, with a programme manager.

The developer opens the submitted report, comments on a section and requests changes;
the manager revises the lessons learned and resubmits; the developer approves and
publishes; the impact dashboard counts the visit. Both sign in with password + TOTP.
"""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from learning_reports.enums import ReportStatus
from learning_reports.models import LearningReport
from learning_reports.services import report_submit
from learning_reports.tasks import compile_report
from tests.accounts.factories import PASSWORD, activate_totp, make_user
from tests.e2e.test_booking_browser import AxeScan
from tests.learning_reports.factories import answer, invite, make_completed_visit, report_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _login(page, live_server, user, secret) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    # A TOTP code lives 30 s with no tolerance: one that rolled over on the way is
    # refused, so a second try with the new period's code is allowed.
    for _attempt in range(2):
        page.locator("input[name=code]").fill(_code(secret))
        page.get_by_role("button", name="Sign In").click()  # the form's last is Cancel
        page.wait_for_load_state()
        if "/2fa/authenticate" not in page.url:
            return
        time.sleep(1)
    raise AssertionError("TOTP sign-in failed")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login rate limits live in the cache: each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def submitted(live_server, settings):
    world = make_completed_visit(participants=4)
    for invitation in invite(world)[:3]:
        answer(invitation, world, consent="anonymous")
    report = report_for(world)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    manager = make_user("manager@paamaja.example", role="Programme managers")
    developer = make_user("developer@region.example", role="Regional developers")
    secrets = {"manager": activate_totp(manager), "developer": activate_totp(developer)}
    report_submit(report=report, actor=manager)
    return {"report": report, "manager": manager, "developer": developer, "secrets": secrets}


def test_review_request_changes_resubmit_approve_publish(
    submitted, live_server, page, browser, artifacts_dir
):
    report = submitted["report"]
    url = f"{live_server.url}/en/developer/reports/{report.visit.booking.reference}/"

    # The regional developer opens the submitted report and asks for a change.
    _login(page, live_server, submitted["developer"], submitted["secrets"]["developer"])
    page.goto(url)
    expect(page.get_by_test_id("report-status")).to_have_text("Submitted for review")
    expect(page.get_by_role("heading", name="Ratings of the site visits")).to_be_visible()
    scan = AxeScan()
    scan(page, "submitted report")
    page.get_by_label("Section").select_option("lessons")
    page.get_by_label("Comment", exact=True).fill("Say what the lab visit should change next time.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.get_by_text("Your comment was added.")).to_be_visible()
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Changes requested")
    page.screenshot(path=artifacts_dir / "report-changes-requested.png", full_page=True)

    # The programme manager sees the comment on its section, revises and resubmits.
    manager_context = browser.new_context()
    manager_page = manager_context.new_page()
    _login(manager_page, live_server, submitted["manager"], submitted["secrets"]["manager"])
    manager_page.goto(url)
    lessons = manager_page.locator("section#lessons")
    expect(lessons.get_by_text("Say what the lab visit should change next time.")).to_be_visible()
    manager_page.get_by_label("Lessons learned").fill("Book the water lab for a half day.")
    manager_page.get_by_role("button", name="Save the texts").click()
    expect(manager_page.get_by_text("The texts were saved.")).to_be_visible()
    manager_page.get_by_role("button", name="Compile the figures").click()
    expect(manager_page.locator("#compile-state")).to_contain_text("Compiled")
    manager_page.get_by_role("button", name="Submit for review").click()
    expect(manager_page.get_by_test_id("report-status")).to_have_text("Submitted for review")
    manager_context.close()

    # The developer approves and publishes; the share link appears.
    page.goto(url)
    expect(page.locator("section#lessons")).to_contain_text("Book the water lab for a half day.")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Approved")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Published")
    share = page.get_by_test_id("share-link").inner_text()
    assert re.search(r"/en/reports/shared/.+/$", share)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert [v.status for v in report.versions.order_by("number")] == [
        "submitted",
        "changes_requested",
        "submitted",
        "approved",
        "published",
    ]

    # The dashboard counts the visit and links to its report.
    page.goto(f"{live_server.url}/en/developer/dashboard/")
    expect(page.get_by_test_id("visits-count")).to_have_text("1")
    scan(page, "dashboard")
    page.screenshot(path=artifacts_dir / "impact-dashboard.png", full_page=True)
    page.get_by_role("link", name="Open the report").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Published")
    page.screenshot(path=artifacts_dir / "report-published.png", full_page=True)

    # Anyone with the share link (delegation, hosts) reads it without signing in.
    reader = browser.new_context()
    reader_page = reader.new_page()
    reader_page.goto(share)
    expect(reader_page.get_by_role("heading", name="The delegation in numbers")).to_be_visible()
    scan(reader_page, "shared report")
    reader.close()
    assert LearningReport.objects.get(pk=report.pk).comments.count() == 1
    assert not scan.reports, "\n\n".join(scan.reports)


def test_the_questionnaire_passes_axe(live_server, page, artifacts_dir):
    from django.urls import reverse

    world = make_completed_visit(participants=1)
    invitation = invite(world)[0]
    url = live_server.url + reverse("learning_reports:feedback", kwargs={"token": invitation.token})
    scan = AxeScan()
    page.goto(url)
    expect(page.get_by_role("heading", name="How was your visit?")).to_be_visible()
    scan(page, "questionnaire")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artifacts_dir / "feedback-phone.png", full_page=True)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    scan(page, "questionnaire with errors")
    page.get_by_label("5", exact=True).first.check()
    page.get_by_label("10", exact=True).check()
    for group in page.locator("fieldset:has(input[name^=objective_])").all():
        group.get_by_label("Fully").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    assert not scan.reports, "\n\n".join(scan.reports)


def test_progress_bar_follows_the_compile_task(submitted, live_server, page):
    """reports-progress.js polls the JSON endpoint and shows the stored progress."""
    from learning_reports.enums import CompileState

    report = submitted["report"]
    LearningReport.objects.filter(pk=report.pk).update(
        compile_state=CompileState.RUNNING, compile_progress=40, compile_step="ratings"
    )
    _login(page, live_server, submitted["developer"], submitted["secrets"]["developer"])
    page.goto(f"{live_server.url}/en/developer/reports/{report.visit.booking.reference}/")
    expect(page.locator("#compile-state")).to_contain_text("40 % · ratings")
    LearningReport.objects.filter(pk=report.pk).update(compile_progress=75, compile_step="quotes")
    expect(page.locator("#compile-state")).to_contain_text("75 % · quotes")
    assert page.locator("#compile-progress").get_attribute("value") in ("40", "75")
    LearningReport.objects.filter(pk=report.pk).update(
        compile_state=CompileState.DONE, compile_progress=100, compile_step=""
    )
    expect(page.locator("#compile-state")).to_contain_text("Compiled")  # reloaded
    expect(page.locator("#compile-progress")).to_have_attribute("value", "100")
