"""Journey 6 -- a regional developer reviews a learning report and reads the figures.

Signs in from the site root, lands on the learning reports (or follows the header's
"Learning reports"), comments on a section and requests changes; the programme manager
revises and resubmits (through the services between the steps: the manager's own
journey walks the admin); the developer approves and publishes; the impact dashboard
counts the visit and its figures download as CSV.
"""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from learning_reports.enums import ReportStatus
from learning_reports.services import report_submit, report_update_texts
from learning_reports.tasks import compile_report
from tests.accounts.factories import activate_totp, make_user
from tests.journeys.conftest import absolute_url, html_lang, sign_in
from tests.learning_reports.factories import answer, invite, make_completed_visit, report_for
from tests.programmes.factories import build_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(site):
    build_catalogue(translate=False)  # the site root, as on a fresh `make demo`
    visit_world = make_completed_visit(participants=4)
    for invitation in invite(visit_world)[:3]:
        answer(invitation, visit_world, consent="anonymous")
    report = report_for(visit_world)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    manager = make_user("manager@paamaja.example", role="Programme managers")
    developer = make_user("developer@region.example", role="Regional developers")
    report_submit(report=report, actor=manager)
    return {
        "report": report,
        "manager": manager,
        "developer": developer,
        "secret": activate_totp(developer),
    }


def test_regional_developer_journey(world, site, page, shot):
    report = world["report"]
    reference = report.visit.booking.reference
    title = report.visit.booking.programme.title

    sign_in(page, site, world["developer"].email, secret=world["secret"])
    assert html_lang(page) == "en"
    page.get_by_role("link", name="Learning reports", exact=True).first.click()
    expect(page.get_by_role("heading", name="Learning reports", level=1)).to_be_visible()
    row = page.get_by_role("row", name=reference)
    expect(row).to_contain_text("Submitted for review")
    shot(page, "reports")

    row.get_by_role("link", name=title).click()
    expect(page.get_by_text("Submitted for review", exact=True).first).to_be_visible()
    expect(page.get_by_role("heading", name="Ratings of the site visits")).to_be_visible()
    page.get_by_label("Section").select_option(label="Lessons learned and recommendations")
    page.get_by_label("Comment", exact=True).fill("Say what the lab visit should change next time.")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.get_by_text("Your comment was added.")).to_be_visible()
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Changes requested", exact=True).first).to_be_visible()
    shot(page, "changes-requested")

    # The programme manager revises and resubmits (services, between the steps).
    report.refresh_from_db()
    report_update_texts(
        report=report,
        actor=world["manager"],
        observations=report.observations,
        lessons_learned="Book the water lab for a half day.",
        recommendations=report.recommendations,
    )
    report_submit(report=report, actor=world["manager"])

    page.reload()
    expect(page.get_by_text("Submitted for review", exact=True).first).to_be_visible()
    expect(page.get_by_text("Book the water lab for a half day.")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved", exact=True).first).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published", exact=True).first).to_be_visible()
    shot(page, "published")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED

    # The dashboard counts the visit; its figures download as CSV.
    header = page.get_by_role("navigation", name="Your account")
    header.get_by_role("link", name="Impact dashboard").click()
    expect(page.get_by_role("heading", name="Impact dashboard", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_match_aria_snapshot('- term: Visits\n- definition: "1"')
    shot(page, "dashboard")
    download = page.get_by_role("link", name="Download every figure (CSV)")
    response = page.context.request.get(absolute_url(page, download.get_attribute("href")))
    assert response.ok
    assert "text/csv" in response.headers["content-type"]
    rows = list(csv.reader(io.StringIO(response.text())))
    assert rows[0] == ["figure", "key", "value"]
    assert ["visits", "", "1"] in rows, rows
    assert any(r[:2] == ["visit_satisfaction", reference] for r in rows), rows
