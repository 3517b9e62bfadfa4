"""The learning report counts attendance per site visit: checked in of expected, no names."""

from __future__ import annotations

import pytest

from learning_reports.render import render_report_html
from learning_reports.tasks import compile_report
from visits.attendance import attendance_check_in

from .factories import make_completed_visit, report_for

pytestmark = pytest.mark.django_db


def test_the_report_counts_who_was_checked_in_at_each_site():
    world = make_completed_visit(participants=4)
    first, second = world.site_visits
    for person in world.participants[:3]:
        attendance_check_in(site_visit=first, participant=person, actor=None)
    attendance_check_in(site_visit=second, participant=world.participants[0], actor=None)
    # The same check-in sent again by a phone counts once.
    attendance_check_in(site_visit=second, participant=world.participants[0], actor=None)
    report = report_for(world)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    rows = report.content["programme"]["attendance"]
    assert [(r["host"], r["checked_in"], r["expected"]) for r in rows] == [
        (world.hosts[0].name, 3, 4),
        (world.hosts[1].name, 1, 4),
    ]
    html = render_report_html(report)
    assert "Attendance per site visit" in html
    for person in world.participants:
        assert person.last_name not in str(rows)
