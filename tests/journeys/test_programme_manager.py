"""Journey 5 -- a programme manager runs a visit from the admin to its learning report.

Signs in from the site root (TOTP), follows the header's "Admin" link, opens the booking
from the admin's bookings list and from it the visit ("Open the visit"); sends the
site-visit requests, where one host already receives another delegation at that time
(a conflict the page names and the send refuses) and resolves it by moving the item;
approves the risk assessment, sends the safety-briefing link to the participants who
have not acknowledged it (one of them does, from her e-mail), marks the visit ready, logs an incident and messages the
delegation (one e-mail per recipient, from the outbox); marks the visit completed on its
last day (the visit is today); writes the lessons learned in the report and compiles
it, watching the progress bar until the compile -- run by the test as the worker
would -- has finished.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import threading

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from bookings.models import Participant
from core.models import OutboxMessage
from learning_reports.enums import CompileState
from learning_reports.models import LearningReport
from learning_reports.tasks import compile_report
from tests.accounts.factories import PASSWORD, activate_totp
from tests.journeys.conftest import html_lang, mail_link, totp_code
from tests.programmes.factories import build_catalogue
from tests.visits.factories import (
    make_booking,
    make_manager,
    make_programme_with_hosts,
    open_all_week,
)
from visits.enums import VisitStatus
from visits.models import RiskTemplate, SiteVisit, Visit
from visits.services import item_add, site_visit_send, visit_create_for_booking
from visits.timeutil import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE_SUBJECT = "Change of meeting point"


@pytest.fixture
def world(site):
    build_catalogue(translate=False)  # the site root, as on a fresh `make demo`
    today = timezone.localdate()
    programme, (host_a, host_b) = make_programme_with_hosts(days=1, items_per_day=2)
    for host in (host_a, host_b):
        # Today's items can be asked about today; two delegations a day are welcome.
        open_all_week(host, minimum_notice_days=0, vetting_days=0, delegations_per_day=2)
    RiskTemplate.objects.create(
        category="transport", title="Coach transfer to the sites", guidance="Licensed coach."
    )
    # The visit is today: its last day has come, so it can be completed at the end.
    booking = make_booking(programme=programme, participants=3, start=today, days=1)
    for first, last, email in (
        ("Kadri", "Tamm", "kadri.tamm@preparedness.example"),
        ("Margus", "Kask", "margus.kask@preparedness.example"),
    ):
        Participant.objects.create(booking=booking, first_name=first, last_name=last, email=email)
    visit = visit_create_for_booking(booking_id=booking.pk)
    manager = make_manager(email="manager@paamaja.example")
    first, second = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at")
    assert (first.host_id, second.host_id) == (host_a.pk, host_b.pk)

    # The conflict: host B already receives another delegation when the second item is.
    other = make_booking(programme=programme, participants=4, start=today, days=1)
    other_visit = visit_create_for_booking(booking_id=other.pk)
    SiteVisit.objects.filter(item__visit=other_visit).delete()
    taken = item_add(
        visit=other_visit,
        kind="site_visit",
        title="Another delegation at host B",
        starts_at=second.item.starts_at,
        ends_at=second.item.ends_at,
        host=host_b,
        actor=manager,
    )
    site_visit_send(site_visit=taken.site_visit, actor=manager, accept_warnings=True)

    return {
        "visit": visit,
        "booking": booking,
        "manager": manager,
        "secret": activate_totp(manager),
        "first": first,
        "second": second,
        "host_b": host_b,
        "today": today,
    }


def item_row(page: Page, title: str):
    return page.get_by_role("row").filter(has_text=title)


@contextlib.contextmanager
def no_worker_running():
    """Tasks wait in the broker (Celery's in-memory one) instead of running at once, as
    with a worker that has not picked them up yet; the test then runs the task as the
    worker would. Only the compile is queued this way: e-mails run at once as before."""
    from config.celery_app import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = saved


def sign_in_to_admin(page: Page, root: str, email: str, *, secret: str) -> None:
    """conftest.sign_in's steps (the header's "Sign in", the form, the TOTP code), ending
    where a programme manager lands: the admin's dashboard, not a page of the site."""
    page.goto(root + "/")
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.get_by_label(re.compile(r"^E-?mail", re.I)).first.fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign in$", re.I)).click()
    for _attempt in range(2):  # a code that rolled over on the way gets a second try
        page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
        page.get_by_role("button", name=re.compile(r"^Sign in$", re.I)).click()
        page.wait_for_load_state()
        if not page.get_by_label(re.compile("code", re.I)).count():
            break
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    expect(page.get_by_role("button", name="Bookings", exact=True)).to_be_visible()


def run_worker(report_id: int, outbox_id: int) -> None:
    """The Celery worker's part: run the queued compile (its own database connection)."""
    from django.db import connection

    try:
        compile_report(report_id=report_id, outbox_id=outbox_id)
    finally:
        connection.close()


def test_programme_manager_journey(world, site, page, shot, tmp_path):
    visit, booking = world["visit"], world["booking"]
    reference = booking.reference
    first, second = world["first"], world["second"]

    # Sign in from the root: a programme manager lands in the Wagtail admin. Back on the
    # site, the header's "Admin" link leads there again.
    sign_in_to_admin(page, site, world["manager"].email, secret=world["secret"])
    shot(page, "signed-in")
    page.goto(site + "/")
    assert html_lang(page) == "en"
    page.get_by_role("link", name="Admin", exact=True).first.click()
    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("button", name="Bookings", exact=True)).to_be_visible()
    shot(page, "admin")

    # The admin menu's bookings list -> the booking -> its visit.
    menu.get_by_role("button", name="Bookings", exact=True).click()
    shot(page, "bookings-menu")
    menu.get_by_role("link", name="Bookings", exact=True).click()
    expect(page.get_by_role("heading", name="Bookings").first).to_be_visible()
    page.get_by_role("link", name=reference).first.click()
    expect(page.get_by_text(reference).first).to_be_visible()
    expect(page.get_by_text(booking.organisation.name).first).to_be_visible()
    visit_link = page.get_by_role("link", name="Open the visit")
    expect(visit_link).to_be_visible()
    shot(page, "booking")
    visit_link.click()
    expect(page.get_by_role("heading", name="Visit").first).to_be_visible()
    expect(page.get_by_text(reference).first).to_be_visible()
    status = page.locator("[data-visit-status]")
    expect(status).to_have_text("Planning")
    shot(page, "visit")

    # The first request goes to host A.
    row = item_row(page, first.item.title)
    expect(row).to_contain_text("Not sent yet")
    row.get_by_role("button", name="Send request").click()
    expect(page.get_by_text(f"The request was sent to {first.host.name}.")).to_be_visible()
    expect(item_row(page, first.item.title)).to_contain_text("Requested")

    # The second: host B already receives another delegation then. The page says so and
    # the send is refused.
    row = item_row(page, second.item.title)
    conflict = f"{second.host.name} already receives another delegation at that time."
    expect(row).to_contain_text(conflict)
    row.get_by_role("button", name="Send request").click()
    expect(page.get_by_text(conflict).first).to_be_visible()
    expect(item_row(page, second.item.title)).to_contain_text("Not sent yet")
    item_row(page, second.item.title).scroll_into_view_if_needed()
    shot(page, "conflict")

    # Resolved: the item moves to the afternoon, then the request goes.
    row = item_row(page, second.item.title)
    row.get_by_text("Move", exact=True).first.click()
    row.get_by_label("Starts").fill("14:00")
    row.get_by_label("Ends").fill("15:00")
    row.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("The item was moved.")).to_be_visible()
    row = item_row(page, second.item.title)
    expect(row).not_to_contain_text(conflict)
    expect(row).to_contain_text("14:00–15:00")
    row.get_by_role("button", name="Send request").click()
    expect(page.get_by_text(f"The request was sent to {second.host.name}.")).to_be_visible()
    expect(item_row(page, second.item.title)).to_contain_text("Requested")
    shot(page, "conflict-resolved")
    second.refresh_from_db()
    assert timezone.localtime(second.item.starts_at).time() == datetime.time(14, 0)

    # The risk assessment: each risk gets its owner, then the manager approves it.
    risk = page.get_by_role("row").filter(has_text="Coach transfer to the sites")
    risk.get_by_role("textbox").last.fill("Coach company")
    page.get_by_role("button", name="Save risks").click()
    expect(page.get_by_text("The risk assessment was saved.")).to_be_visible()
    page.get_by_role("button", name="Approve assessment").click()
    expect(page.get_by_text("The risk assessment is approved.")).to_be_visible()
    expect(page.locator("[data-assessment-status]")).to_have_text("Approved")
    page.locator("[data-assessment-status]").scroll_into_view_if_needed()
    shot(page, "risks-approved")

    # The safety-briefing link to everyone who has not acknowledged it: one e-mail each.
    mail.outbox.clear()
    page.get_by_role(
        "button", name="Send the briefing link to everyone who has not acknowledged it"
    ).click()
    expect(page.get_by_text("The briefing link is on its way to 2 participants.")).to_be_visible()
    briefings = [m for m in mail.outbox if m.subject.startswith("Safety briefing for your visit")]
    assert sorted(m.to for m in briefings) == [
        ["kadri.tamm@preparedness.example"],
        ["margus.kask@preparedness.example"],
    ]
    # Kadri opens her link (another browser, no account) and acknowledges the briefing.
    link = mail_link("kadri.tamm@preparedness.example", subject="Safety briefing", contains="/")
    other = page.context.browser.new_context()
    participant_page = other.new_page()
    participant_page.goto(link)
    participant_page.get_by_role("button", name="I have read the safety briefing").click()
    expect(participant_page.get_by_text("you confirmed reading this briefing")).to_be_visible()
    shot(participant_page, "participant-acknowledges")
    other.close()
    page.reload()
    briefing = page.get_by_role("row").filter(has_text="Kadri Tamm")
    expect(briefing).to_contain_text("acknowledged")
    expect(page.get_by_role("row").filter(has_text="Margus Kask")).to_contain_text("not yet")
    briefing.scroll_into_view_if_needed()
    shot(page, "briefing-acknowledgements")

    page.get_by_role("button", name="Mark ready").click()
    expect(page.get_by_text("The visit is ready.")).to_be_visible()
    expect(status).to_have_text("Ready")

    # An incident, then a message to the whole delegation.
    when = at(world["today"], datetime.time(9, 40))
    page.get_by_label("When:", exact=True).fill(timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Severity").select_option(label="Medium")
    page.get_by_label("What happened").fill("The coach broke down on road 5; 30 minutes late.")
    page.get_by_label("Who was informed").fill("Host B; the head of the delegation")
    page.get_by_role("button", name="Log incident").click()
    expect(page.get_by_text("The incident was logged.")).to_be_visible()
    expect(page.get_by_text("The coach broke down on road 5").first).to_be_visible()

    mail.outbox.clear()
    page.get_by_label("Subject").fill(MESSAGE_SUBJECT)
    page.get_by_label("Message:", exact=True).fill("We meet at the hotel lobby at 13:30.")
    page.get_by_role("button", name="Send to every participant").click()
    expect(page.get_by_text("The message is on its way to 3 people.")).to_be_visible()
    page.get_by_role("heading", name="Incident log").scroll_into_view_if_needed()
    shot(page, "incident-and-message")
    sent = [m for m in mail.outbox if m.subject == MESSAGE_SUBJECT]
    expected = {
        "kadri.tamm@preparedness.example",
        "margus.kask@preparedness.example",
        booking.contact.email,
    }
    # One e-mail per recipient: no one sees another official's address.
    assert sorted(m.to[0] for m in sent) == sorted(expected)
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in sent)
    assert all("hotel lobby at 13:30" in m.body for m in sent)
    assert OutboxMessage.objects.filter(kwargs__template="delegation_message").count() == 1

    # The last day has come: the visit is completed.
    page.get_by_role("button", name="Mark completed").click()
    expect(page.get_by_text("The visit is completed.")).to_be_visible()
    expect(status).to_have_text("Completed")
    shot(page, "completed")
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.COMPLETED

    # The learning report (the admin menu's "Learning reports"): lessons learned.
    page.get_by_role("link", name="Learning reports", exact=True).first.click()
    expect(page.get_by_role("heading", name="Learning reports", level=1)).to_be_visible()
    page.get_by_role("row", name=reference).get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=booking.programme.title, level=1)).to_be_visible()
    page.get_by_label("Lessons learned").fill("Leave an hour between sites on the same road.")
    page.get_by_role("button", name="Save the texts").click()
    expect(page.get_by_label("Lessons learned")).to_have_value(
        "Leave an hour between sites on the same road."
    )
    shot(page, "lessons-learned")

    # Compile, and watch the progress bar: queued, then done once the worker ran it.
    with no_worker_running():
        page.get_by_role("button", name="Compile the figures").click()
        expect(page.get_by_text("The report is being compiled.")).to_be_visible()
    progress = page.get_by_role("progressbar")
    expect(page.locator("#compile-state")).to_contain_text(re.compile("Queued|%"))
    assert progress.get_attribute("value") == "0"
    shot(page, "compile-queued")
    report = LearningReport.objects.get(visit=visit)
    message = OutboxMessage.objects.filter(
        task="learning_reports.tasks.compile_report", kwargs__report_id=report.pk
    ).latest("pk")
    worker = threading.Thread(target=run_worker, args=(report.pk, message.pk))
    worker.start()
    worker.join(timeout=60)
    # The page polls the status, moves the bar and reloads when the compile is done.
    expect(page.locator("#compile-state")).to_contain_text("Compiled", timeout=20_000)
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")
    shot(page, "compiled")
    report.refresh_from_db()
    assert report.compile_state == CompileState.DONE
    assert report.lessons_learned == "Leave an hour between sites on the same road."
