"""The report page's figures and texts: counts that add up, plurals, translated audit
labels, numbers in the reader's language, and an error summary that reads naturally."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from bookings.models import Participant
from learning_reports import formats
from learning_reports.enums import InvitationKind
from learning_reports.selectors import answer_counts, delegation_figures
from learning_reports.services import report_compile_request, report_update_texts
from learning_reports.tasks import compile_report
from tests.accounts.factories import make_user
from visits.models import HostMembership, Incident

from .factories import answer, invite, make_completed_visit, report_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(settings):
    settings.STAFF_MFA_REQUIRED = False  # the MFA gate is tested in tests/accounts
    return {
        "developer": make_user("developer@region.example", role="Regional developers"),
        "manager": make_user("manager@paamaja.example", role="Programme managers"),
    }


def _compiled(world):
    report = report_for(world)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    return report


def _text(html: str) -> str:
    """The visible text, whitespace collapsed (blocktranslate trimmed splits lines)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


# --------------------------------------------------------------------------- figures


def test_organisations_are_never_more_than_the_participants():
    # Three participants of three agencies: the booking organisation was added on top
    # of them, so the draft read "3 participants from 4 organisations".
    world = make_completed_visit(participants=3)
    figures = delegation_figures(world.visit)
    assert figures["participants"] == 3
    assert figures["organisations"] == 3


def test_the_booking_organisation_counts_once_for_participants_without_their_own():
    world = make_completed_visit(participants=4)
    first, second, *_ = world.participants
    Participant.objects.filter(pk=first.pk).update(organisation="")
    # Another participant wrote the booking organisation's name (other case, spaces).
    name = f"  {world.booking.organisation.name.upper()} "
    Participant.objects.filter(pk=second.pk).update(organisation=name)
    figures = delegation_figures(world.visit)
    # Agency 2, Agency 0 (the fourth participant) and the booking organisation.
    assert figures["organisations"] == 3


def test_the_participants_figure_and_the_country_table_count_the_same_people():
    # Three booked, two named: the report said "2 participants" above a country table
    # of 3 (the booked headcount under the organisation's country).
    world = make_completed_visit(participants=3)
    booking = world.booking
    Participant.objects.filter(pk=world.participants[2].pk).delete()
    Participant.objects.filter(booking=booking).update(nationality="")
    figures = delegation_figures(world.visit)
    assert figures["participants"] == 3
    assert sum(figures["countries"].values()) == 3

    # Named with their nationality: the one not yet named counts under the
    # organisation's country.
    Participant.objects.filter(booking=booking).update(nationality="EE")
    figures = delegation_figures(world.visit)
    home = booking.organisation.country.upper()
    assert home != "EE"
    assert figures["countries"] == {"EE": 2, home: 1}
    assert sum(figures["countries"].values()) == figures["participants"] == 3


def test_review_panel_counts_feedback_answers_of_feedback_invitations_only(client, staff):
    world = make_completed_visit(participants=6)
    for invitation in invite(world)[:2]:
        answer(invitation, world)
    invite(world, kind=InvitationKind.FOLLOW_UP)
    report = _compiled(world)
    assert answer_counts(world.visit) == {
        "feedback": {"invited": 6, "answered": 2},
        "follow_up": {"invited": 6, "answered": 0},
    }
    client.force_login(staff["developer"])
    text = _text(client.get(f"/en/developer/reports/{report.visit.booking.reference}/").text)
    assert "Feedback: 2 of 6 invited answered." in text  # was "Answers: 2 of 12 invited."
    assert "Follow-up: 0 of 6 invited answered." in text
    assert "of 12" not in text


def test_one_incident_is_singular(client, staff):
    world = make_completed_visit(participants=2)  # the factory logs one incident
    assert Incident.objects.filter(visit=world.visit).count() == 1
    report = _compiled(world)
    client.force_login(staff["developer"])
    text = _text(client.get(f"/en/developer/reports/{report.visit.booking.reference}/").text)
    assert "1 incident was logged: 1 low, 0 medium and 0 high severity." in text
    assert "1 incidents" not in text


# --------------------------------------------------------------------------- language


def test_who_did_what_shows_translated_actions_and_states(client, staff):
    world = make_completed_visit(participants=2)
    report = report_for(world)
    report_compile_request(report=report, actor=staff["manager"])
    report_update_texts(
        report=report,
        actor=staff["manager"],
        observations="Fine.",
        lessons_learned="",
        recommendations="",
    )
    client.force_login(staff["developer"])
    url = f"/developer/reports/{report.visit.booking.reference}/"
    en = client.get(f"/en{url}").text
    fi = client.get(f"/fi{url}").text
    sv = client.get(f"/sv{url}").text
    audit = {
        lang: _text(re.search(r'data-testid="audit-list">(.*?)</ul>', html, re.S).group(1))
        for lang, html in (("en", en), ("fi", fi), ("sv", sv))
    }
    for lang, text in audit.items():
        assert "compile_request" not in text and "· edit" not in text, lang
        assert "draft" not in text, lang  # no state shown when the state did not change
    assert "Compilation requested" in audit["en"] and "Texts edited" in audit["en"]
    assert "Kokoamista pyydetty" in audit["fi"] and "Tekstejä muokattu" in audit["fi"]
    assert "Sammanställning begärd" in audit["sv"] and "Texterna redigerade" in audit["sv"]


def test_percentages_and_decimals_follow_the_language(client, staff):
    world = make_completed_visit(participants=6)
    invitations = invite(world)
    # Two of three met each objective (4 = fully, 1 = not at all): 66.7 %; mean 3.67.
    answer(invitations[0], world, overall=5, objectives=(4, 4))
    answer(invitations[1], world, overall=4, objectives=(3, 3))
    answer(invitations[2], world, overall=2, objectives=(1, 1))
    report = _compiled(world)
    client.force_login(staff["developer"])
    url = f"/developer/reports/{report.visit.booking.reference}/"
    en, fi, sv = (_text(client.get(f"/{lang}{url}").text) for lang in ("en", "fi", "sv"))
    assert "66.7%" in en and "3.67 / 5" in en and "50%" in en
    for text in (fi, sv):
        assert "66,7\xa0%" in text and "3,67 / 5" in text and "50\xa0%" in text
        assert "66.7" not in text and "3.67" not in text
    with translation.override("fi"):
        assert formats.percent("66.7") == "66,7\xa0%"
        assert formats.number("4.00") == "4,00"
        assert formats.number(None) == "" and formats.percent("") == ""


def test_charts_carry_their_data_as_a_description(client, staff):
    world = make_completed_visit(participants=3)
    answer(invite(world)[0], world, nps=10)
    report = _compiled(world)
    client.force_login(staff["developer"])
    html = client.get(f"/fi/developer/reports/{report.visit.booking.reference}/").text
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert svgs
    for svg in svgs:
        described = re.search(r'aria-describedby="([^"]+)"', svg).group(1)
        assert f'<desc id="{described}">' in svg
    assert "Suosittelijat (9–10): 1" in html  # the NPS description, translated
    assert "promoters" not in html


def test_error_summary_adds_no_colon_after_a_question(client):
    world = make_completed_visit(participants=2)
    site_visit = world.site_visits[0]
    host_user = make_user("host@college.example", role="Hosts", totp=True)
    HostMembership.objects.create(user=host_user, host=site_visit.host)
    client.force_login(host_user)
    url = f"/en/host/debrief/{world.booking.reference}/{site_visit.pk}/"
    summary = re.search(
        r'<div class="error-summary".*?</div>', client.post(url, {"how_it_went": ""}).text, re.S
    ).group(0)
    assert "How did the visit go? This field is required." in _text(summary)
    assert "?:" not in summary
