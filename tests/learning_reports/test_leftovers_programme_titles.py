"""The programme is named by its page in the reader's language on every page about a
visit (issue 11, item 5): the staff's report list, report page, report PDF and the
dashboard (they showed the English title on Finnish pages), and the delegation's
itinerary, safety briefing and shared report (fixed in fa61340, tested here).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from learning_reports.render import render_report_html
from learning_reports.services import report_approve, report_publish, report_submit
from learning_reports.tasks import compile_report
from tests.accounts.factories import make_user
from tests.programmes.factories import ensure_locales

from .factories import answer, invite, make_completed_visit, report_for

pytestmark = pytest.mark.django_db

FINNISH = "Pelastustoimen ohjelma"


@pytest.fixture
def world(settings):
    settings.STAFF_MFA_REQUIRED = False  # the MFA gate is tested in tests/accounts
    world = make_completed_visit(participants=3)
    programme = world.booking.programme
    finnish = programme.copy_for_translation(ensure_locales()["fi"], copy_parents=True, alias=False)
    finnish.title = FINNISH
    finnish.save_revision().publish()
    for invitation in invite(world)[:2]:
        answer(invitation, world)
    report = report_for(world)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    world.report = report
    return world


def _fi(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs)


def _assert_finnish(html: str, english: str) -> None:
    assert FINNISH in html
    assert english not in html


def test_staff_report_pages_name_the_programme_in_the_readers_language(client, world):
    english = world.booking.programme.title
    client.force_login(make_user("developer@region.example", role="Regional developers"))
    reference = world.booking.reference
    _assert_finnish(client.get(_fi("learning_reports:report_list")).content.decode(), english)
    detail = client.get(_fi("learning_reports:report_detail", reference=reference))
    _assert_finnish(detail.content.decode(), english)
    dashboard = client.get(_fi("learning_reports:dashboard")).content.decode()
    assert FINNISH in dashboard


def test_the_report_pdf_names_the_programme_in_its_language(world):
    english = world.booking.programme.title
    _assert_finnish(render_report_html(world.report, language="fi"), english)
    assert english in render_report_html(world.report, language="en")


def test_itinerary_briefing_and_shared_report_name_the_finnish_programme(client, world):
    english = world.booking.programme.title
    manager = make_user("manager@paamaja.example", role="Programme managers")
    developer = make_user("developer@region.example", role="Regional developers")
    report_submit(report=world.report, actor=manager)
    report_approve(report=world.report, actor=developer)
    report = report_publish(report=world.report, actor=developer)

    client.force_login(world.booking.contact)
    itinerary = client.get(_fi("visits:itinerary", pk=world.visit.pk))
    assert itinerary.status_code == 200
    _assert_finnish(itinerary.content.decode(), english)
    briefing = client.get(_fi("visits:briefing", pk=world.visit.pk))
    assert briefing.status_code == 200
    _assert_finnish(briefing.content.decode(), english)
    client.logout()
    shared = client.get(_fi("learning_reports:shared_report", token=report.share_token))
    assert shared.status_code == 200
    _assert_finnish(shared.content.decode(), english)
