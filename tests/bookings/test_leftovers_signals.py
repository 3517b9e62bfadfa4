"""bookings/signals.py says truly who sends each signal (issue 12, item h).

The signals used to be sent on commit; since 12.10 an outbox task sends them. The comment
above each signal must name the task that sends it, that task must exist, and the
lifecycle's signals must be the ones that task (announce_booking) sends.
"""

from __future__ import annotations

import inspect
import re

from django.dispatch import Signal

from bookings import lifecycle, signals, tasks


def _comment_above(source: str, name: str) -> str:
    lines = source.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{name} = Signal("))
    comment = []
    for line in reversed(lines[:index]):
        if not line.startswith("#"):
            break
        comment.insert(0, line.lstrip("# "))
    return " ".join(comment)


def test_each_signal_comment_names_the_outbox_task_that_sends_it():
    source = inspect.getsource(signals)
    names = [n for n, v in vars(signals).items() if isinstance(v, Signal)]
    assert names
    for name in names:
        comment = _comment_above(source, name)
        assert "outbox" in comment, (name, comment)
        named = re.findall(r"bookings\.tasks\.(\w+)", comment)
        assert named, (name, comment)
        for task in named:
            assert hasattr(tasks, task), (name, task)


def test_the_lifecycle_signals_are_the_ones_announce_booking_is_said_to_send():
    source = inspect.getsource(signals)
    for effects in lifecycle.EFFECTS.values():
        if effects.signal:
            assert "announce_booking)" in _comment_above(source, effects.signal), effects.signal
    assert lifecycle.ANNOUNCE_TASK == "bookings.tasks.announce_booking"
