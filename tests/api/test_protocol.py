"""What every operation shares: cursor pagination, ETag / If-None-Match, Idempotency-Key,
RFC 9457 problem details, RateLimit headers and the catalogue's Accept-Language."""

from __future__ import annotations

import pytest

from bookings.models import Booking
from tests.programmes.factories import ensure_locales

PROBLEM = "application/problem+json"


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


def test_cursor_pagination_walks_every_row_once(world, as_):
    seen, url = [], "/api/v1/hosts/?page_size=2"
    while url:
        page = as_(None).get(url).json()
        assert len(page["results"]) <= 2
        seen += [h["id"] for h in page["results"]]
        url = page["next"]
        assert url is None or "cursor=" in url
    everything = as_(None).get("/api/v1/hosts/?page_size=100").json()["results"]
    assert seen == [h["id"] for h in everything] and len(seen) > 2


def test_an_unchanged_read_answers_304(world, as_):
    first = as_("a").get("/api/v1/bookings/")
    etag = first["ETag"]
    assert etag.startswith('"')
    again = as_("a").get("/api/v1/bookings/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    as_("a").post(
        "/api/v1/bookings/", {"departure": world["departure"].pk, "participants_count": 2}
    )
    changed = as_("a").get("/api/v1/bookings/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_repeated_idempotency_key_returns_the_first_answer(world, as_):
    body = {"departure": world["departure"].pk, "participants_count": 2}
    first = as_("a").post("/api/v1/bookings/", body, HTTP_IDEMPOTENCY_KEY="order-4711")
    again = as_("a").post("/api/v1/bookings/", body, HTTP_IDEMPOTENCY_KEY="order-4711")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]
    assert Booking.objects.filter(departure=world["departure"]).count() == 1
    other_body = as_("a").post(
        "/api/v1/bookings/", {**body, "participants_count": 3}, HTTP_IDEMPOTENCY_KEY="order-4711"
    )
    _problem(other_body, 422)
    # Keys belong to a token: another organisation's same key is its own request.
    theirs = as_("b").post("/api/v1/bookings/", body, HTTP_IDEMPOTENCY_KEY="order-4711")
    assert theirs.status_code == 201 and theirs.json()["reference"] != first.json()["reference"]


def test_a_refusal_is_replayed_too(world, as_):
    body = {"departure": world["departure"].pk, "participants_count": 99}
    first = as_("a").post("/api/v1/bookings/", body, HTTP_IDEMPOTENCY_KEY="too-big")
    again = as_("a").post("/api/v1/bookings/", body, HTTP_IDEMPOTENCY_KEY="too-big")
    assert first.status_code == again.status_code >= 400
    assert again.json() == first.json() and again["Content-Type"] == PROBLEM


def test_problem_details_for_every_error(world, as_):
    _problem(as_(None).get("/api/v1/bookings/"), 401)
    _problem(as_(None).get("/api/v1/bookings/", HTTP_AUTHORIZATION="Bearer pmj_nope_nope"), 401)
    assert as_(None).get("/api/v1/bookings/")["WWW-Authenticate"].startswith("Bearer")
    _problem(as_("asked").get("/api/v1/bookings/"), 403)
    _problem(as_("a").get("/api/v1/bookings/PMJ-NOTTHERE/"), 404)
    _problem(as_("a").get("/api/v1/no-such-thing/"), 404)
    _problem(as_(None).get("/api/v2/"), 404)
    _problem(as_("a").delete("/api/v1/bookings/"), 405)
    bad = _problem(as_("a").post("/api/v1/bookings/", {"participants_count": "many"}), 400)
    assert set(bad["errors"]) == {"departure", "participants_count"}
    unparseable = as_("a").client.post(
        "/api/v1/bookings/",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {world['tokens']['a'].secret}"},
    )
    _problem(unparseable, 400)


def test_rate_limit_headers_and_429(world, as_, settings):
    settings.API_RATE_LIMIT = "3/60"
    answers = [as_("a").get("/api/v1/bookings/") for _ in range(4)]
    assert [r["RateLimit-Limit"] for r in answers[:3]] == ["3", "3", "3"]
    assert [r["RateLimit-Remaining"] for r in answers[:3]] == ["2", "1", "0"]
    assert answers[0]["RateLimit-Policy"] == "3;w=60"
    limited = _problem(answers[3], 429)
    assert limited["status"] == 429
    assert 0 < int(answers[3]["Retry-After"]) <= 60
    # Counted per token: another organisation still gets through.
    assert as_("b").get("/api/v1/bookings/").status_code == 200


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_catalogue_speaks_the_accept_language(world, as_, language):
    programme = world["departure"].page
    copy = programme.copy_for_translation(
        ensure_locales()[language], copy_parents=True, alias=False
    )
    copy.title = f"[{language}] {programme.title}"
    copy.save_revision().publish()
    url = f"/api/v1/programmes/{programme.translation_key}/"
    english = as_(None).get(url, HTTP_ACCEPT_LANGUAGE="en")
    translated = as_(None).get(url, HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    assert english.json()["title"] == programme.title
    assert translated.json()["title"] == f"[{language}] {programme.title}"
    assert translated.json()["language"] == language
    assert translated.json()["departures"][0]["id"] == world["departure"].pk
    assert "Accept-Language" in translated["Vary"]
    assert english["ETag"] != translated["ETag"]
