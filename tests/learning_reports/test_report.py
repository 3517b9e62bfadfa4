"""Compiling a report: figures, consent in quotes, region's gain, progress, PDF."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest

from learning_reports.enums import CompileState
from learning_reports.models import FollowUpResponse
from learning_reports.render import render_report_html, render_report_pdf
from learning_reports.selectors import report_data
from learning_reports.services import host_debrief_save, report_compile_request
from learning_reports.tasks import compile_report

from .factories import answer, invite, make_completed_visit, report_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    world = make_completed_visit(participants=6)
    invitations = invite(world)
    answer(
        invitations[0],
        world,
        overall=5,
        nps=10,
        site=(5, 3),
        objectives=(4, 4),
        consent="named",
        apply_at_home="We will copy the joint command exercise.",
    )
    answer(
        invitations[1],
        world,
        overall=4,
        nps=9,
        site=(4, 2),
        objectives=(3, 2),
        consent="anonymous",
        apply_at_home="Water sampling routine.",
    )
    answer(
        invitations[2],
        world,
        overall=2,
        nps=3,
        site=(2, None),
        objectives=(1, 2),
        consent="none",
        apply_at_home="SECRET do not quote",
        improve="SECRET either",
    )
    return world, invitations


def test_figures_of_a_visit(answered):
    world, _ = answered
    data = report_data(world.visit)
    feedback = data["ratings"]["feedback"]
    assert feedback["invited"] == 6 and feedback["answered"] == 3
    assert feedback["response_rate"] == "50.0"
    assert feedback["overall"]["mean"] == "3.67"
    assert feedback["overall"]["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert feedback["nps"] == {"n": 3, "promoters": 2, "passives": 0, "detractors": 1, "score": 33}
    first, second = data["ratings"]["sites"]
    assert (first["mean"], first["n"]) == ("3.67", 3)
    assert (second["mean"], second["n"]) == ("2.50", 2)  # one left it blank
    objectives = data["objectives"]
    assert [o["objective"] for o in objectives] == [
        "Understand the model",
        "Meet the practitioners",
    ]
    assert [(o["met"], o["n"]) for o in objectives] == [(2, 3), (1, 3)]
    delegation = data["delegation"]
    assert delegation["participants"] == 6
    assert delegation["countries"] == {"DE": 3, "EE": 1, "FR": 1, "SE": 1}
    # The three agencies the participants come from; the booking organisation counts only
    # when a participant belongs to it ("6 participants from N organisations").
    assert delegation["organisations"] == 3
    assert data["safety"]["count"] == 1
    region = data["region"]
    # 2 nights x (2 singles + 1 double) = 6 room nights, 8 guest nights
    assert (region["room_nights"], region["guest_nights"]) == (6, 8)
    assert Decimal(region["spend_total"]) == Decimal("6000.00") + Decimal("301.00")
    assert data["programme"]["delivered_site_visits"] == 2


def test_quotes_respect_consent_and_names_need_named_consent(answered):
    world, _ = answered
    quotes = report_data(world.visit)["quotes"]
    texts = [q["text"] for q in quotes]
    assert "We will copy the joint command exercise." in texts
    assert "Water sampling routine." in texts
    assert not any("SECRET" in t for t in texts)
    named = next(q for q in quotes if q["text"].startswith("We will copy"))
    anonymous = next(q for q in quotes if q["text"].startswith("Water"))
    participant = world.participants[0]
    assert participant.first_name in named["name"]
    assert anonymous["name"] == ""
    html = render_report_html(_compiled(world))
    assert "SECRET" not in html
    for p in world.participants[1:]:
        assert p.last_name not in html  # nobody is named without consent
        assert p.email not in html


def test_follow_up_and_host_debriefs_extend_the_report(answered):
    world, invitations = answered
    FollowUpResponse.objects.create(
        invitation=invitations[3], visit=world.visit, applied_level=3, cooperation=True
    )
    host_debrief_save(
        site_visit=world.site_visits[0],
        actor=None,
        how_it_went="Lively questions.",
        questions_asked="Rescue drills",
        follow_up_contacts="Estonian academy",
        cooperation=True,
    )
    data = report_data(world.visit)
    assert data["follow_up"]["cooperation_count"] == 2
    assert data["follow_up"]["applied"] == {"1": 0, "2": 0, "3": 1}
    assert data["ratings"]["sites"][0]["debrief"]["how_it_went"] == "Lively questions."


def _compiled(world):
    """Compile through the task, as the compile button does (Celery eager in tests)."""
    report = report_for(world)
    report_compile_request(report=report, actor=None)
    compile_report(report_id=report.pk)  # what the on_commit hook enqueues
    report.refresh_from_db()
    return report


def test_compile_task_stores_progress_and_figures(
    answered, django_capture_on_commit_callbacks, monkeypatch
):
    world, _ = answered
    report = report_for(world)
    seen = []
    from learning_reports import selectors, services

    original = selectors.report_data

    def spy(visit, progress=None):
        def record(percent, step):
            progress(percent, step)
            seen.append(type(report).objects.get(pk=report.pk).compile_progress)

        return original(visit, progress=record)

    # The compile service's own name for the selector: what it calls.
    monkeypatch.setattr(services, "report_data", spy)
    with django_capture_on_commit_callbacks(execute=True):
        report_compile_request(report=report, actor=None)
    report.refresh_from_db()
    assert report.compile_state == CompileState.DONE and report.compile_progress == 100
    assert seen == sorted(seen) and len(seen) == 8 and seen[-1] == 99
    assert report.content["ratings"]["feedback"]["answered"] == 3


def test_status_endpoint_reports_progress(client, answered, django_capture_on_commit_callbacks):
    from tests.accounts.factories import make_user

    world, _ = answered
    report = _compiled(world)
    user = make_user("dev@region.example", role="Regional developers", totp=True)
    client.force_login(user)
    data = client.get(f"/en/developer/reports/{report.visit.booking.reference}/status.json").json()
    assert data["state"] == "done" and data["progress"] == 100


def test_pdf_has_cover_contents_and_page_numbers(
    answered, django_capture_on_commit_callbacks, tmp_path
):
    world, _ = answered
    report = _compiled(world)
    pdf = render_report_pdf(report)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert "Learning report" in text and "Contents" in text
    assert "The delegation in numbers" in text and "The region's gain" in text
    pages = text.count("\f")
    assert pages >= 10  # cover, contents, one page per section
    assert f"3 / {pages}" in text or f"3 / {pages + 1}" in text  # page numbers "n / total"
    assert "Päämaja · Learning report" in text  # every page's footer
    # In Finnish, the footer too (it once stayed English whatever the language).
    (tmp_path / "fi.pdf").write_bytes(render_report_pdf(report, language="fi"))
    finnish = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "fi.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Päämaja · Oppimisraportti" in finnish and "Learning report" not in finnish
    # The web page shows the same figures as the PDF.
    html = render_report_html(report)
    for figure in ("3.67", "6,301.00" if "6,301.00" in text else "6 301,00"):
        assert figure in html


def test_compile_twice_gives_the_same_figures(answered):
    world, _ = answered
    first = _compiled(world).content
    compile_report(report_id=report_for(world).pk)  # the task run twice
    again = report_for(world)
    assert again.content == first and again.compile_state == CompileState.DONE


def test_managers_find_reports_in_the_wagtail_admin_menu(client):
    from tests.accounts.factories import make_user

    manager = make_user("m@paamaja.example", role="Programme managers", totp=True)
    client.force_login(manager)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "/en/developer/reports/" in page.text


def test_item_kinds_are_named_in_the_readers_language(answered):
    """Issue 11, item 14: itinerary item types were English on Finnish reports (the
    labels were stored when the report was compiled, in the compiling language)."""
    world, _ = answered
    report = _compiled(world)
    stored = report.content["programme"]["delivered"]
    assert any(item["kind"] == "site_visit" for item in stored)
    assert any(item["kind_label"] == "Site visit" for item in stored)  # compiled in English
    finnish = render_report_html(report, language="fi")
    swedish = render_report_html(report, language="sv")
    assert "<td>Kohdevierailu</td>" in finnish and "<td>Site visit</td>" not in finnish
    assert "<td>Studiebesök</td>" in swedish and "<td>Site visit</td>" not in swedish
