"""Two submissions of the same questionnaire at once (double click, two tabs).

Run first with the row lock switched off (a test-only setting) to show the race is real:
both pass the "not answered yet" check and the second insert fails with an integrity
error (a 500 for the participant). With the lock, exactly one answer is stored and
every other submission gets the "already answered" message.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from learning_reports.errors import LinkNotUsable
from learning_reports.models import FeedbackResponse

from .factories import answer, invite, make_completed_visit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 8


def _race(settings, *, locking: bool) -> tuple[list[str], int]:
    settings.LEARNING_REPORTS_LOCKING_ENABLED = locking
    settings.LEARNING_REPORTS_TEST_RACE_WINDOW_SECONDS = 0.05
    world = make_completed_visit(participants=1)
    invitation = invite(world)[0]
    barrier = threading.Barrier(CLIENTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait()
            answer(invitation, world)
            result = "ok"
        except LinkNotUsable:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - every other outcome is an error
            result = f"error: {type(exc).__name__}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes, FeedbackResponse.objects.filter(visit=world.visit).count()


def test_without_the_lock_a_double_submission_errors(settings):
    outcomes, stored = _race(settings, locking=False)
    assert any(o.startswith("error: IntegrityError") for o in outcomes), outcomes
    assert stored == 1  # the database constraint is the last line of defence


def test_with_the_lock_one_answer_is_stored_and_the_rest_get_a_message(settings):
    outcomes, stored = _race(settings, locking=True)
    assert stored == 1
    assert sorted(outcomes) == ["ok"] + ["refused"] * (CLIENTS - 1)
