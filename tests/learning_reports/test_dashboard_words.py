"""The dashboard's details (issue 11, item 14): decimals in the reader's language, and the
best and lowest rated hosts never the same hosts."""

from __future__ import annotations

import pytest

from tests.accounts.factories import make_user

from .test_dashboard import _visits

pytestmark = pytest.mark.django_db


@pytest.fixture
def developer(client):
    user = make_user("dev@region.example", role="Regional developers", totp=True)
    client.force_login(user)
    return user


def test_best_and_lowest_hosts_do_not_overlap(client, developer):
    _visits(2)
    figures = client.get("/en/developer/dashboard/").context["f"]
    best = [h["host"] for h in figures["hosts_best"]]
    worst = [h["host"] for h in figures["hosts_worst"]]
    assert best
    assert not set(best) & set(worst)


def test_finnish_dashboard_writes_decimals_with_a_comma(client, developer):
    _visits(2)
    page = client.get("/fi/developer/dashboard/")
    satisfaction = page.context["f"]["satisfaction"]
    assert "." in str(satisfaction)
    assert str(satisfaction).replace(".", ",") in page.text
    assert f">{satisfaction}<" not in page.text
