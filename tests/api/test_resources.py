"""Each resource of /api/v1/ read and written through a token of its own organisation,
and never reached through another organisation's token (404, as if it did not exist)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from bookings.enums import BookingStatus
from bookings.models import Booking, Participant
from visits.enums import SiteVisitStatus

PARTICIPANT = {
    "first_name": "Anna",
    "last_name": "Schmidt",
    "organisation": "Federal Ministry",
    "email": "anna.schmidt@ministry.example",
    "nationality": "DE",
    "emergency_contact_name": "Max Schmidt",
    "emergency_contact_phone": "+49 30 1234567",
}


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_catalogue_is_public_and_lists_departures_with_seats_left(world, as_):
    departure = world["departure"]
    programmes = _results(as_(None).get("/api/v1/programmes/"))
    mine = next(p for p in programmes if p["id"] == str(departure.page.translation_key))
    assert mine["title"] == departure.page.title
    assert [d["id"] for d in mine["departures"]] == [departure.pk]
    assert mine["departures"][0]["seats_left"] == 20
    one = as_("asked").get(f"/api/v1/programmes/{departure.page.translation_key}/")
    assert one.status_code == 200 and one.json()["id"] == mine["id"]
    hosts = _results(as_("a").get("/api/v1/hosts/"))
    assert world["asked"].host.name in {h["name"] for h in hosts}
    assert as_(None).get("/api/v1/themes/").status_code == 200


def test_seats_left_count_a_new_hold(world, as_):
    departure = world["departure"]
    hold = as_("a").post("/api/v1/bookings/", {"departure": departure.pk, "participants_count": 5})
    assert hold.status_code == 201, hold.content
    one = as_(None).get(f"/api/v1/programmes/{departure.page.translation_key}/").json()
    assert one["departures"][0]["seats_left"] == 15


def test_bookings_are_the_tokens_organisations_only(world, as_):
    a, b = world["booking_a"], world["booking_b"]
    assert [x["reference"] for x in _results(as_("a").get("/api/v1/bookings/"))] == [a.reference]
    assert [x["reference"] for x in _results(as_("b").get("/api/v1/bookings/"))] == [b.reference]
    assert as_("a").get(f"/api/v1/bookings/{a.reference}/").json()["status"] == "completed"
    crossed = as_("a").get(f"/api/v1/bookings/{b.reference}/")
    assert crossed.status_code == 404
    assert crossed["Content-Type"] == "application/problem+json"
    assert b.reference not in crossed.content.decode()


def test_bookings_filter_by_status_and_start(world, as_):
    held = as_("a").post(
        "/api/v1/bookings/", {"departure": world["departure"].pk, "participants_count": 2}
    )
    reference = held.json()["reference"]
    only_held = _results(as_("a").get("/api/v1/bookings/", {"status": "held"}))
    assert [x["reference"] for x in only_held] == [reference]
    later = world["departure"].start_date.isoformat()
    assert [
        x["reference"] for x in _results(as_("a").get("/api/v1/bookings/", {"starts_from": later}))
    ] == [reference]
    bad = as_("a").get("/api/v1/bookings/", {"status": "nonsense"})
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"


def test_a_hold_goes_through_the_checkout_service(world, as_):
    departure = world["departure"]
    response = as_("a").post(
        "/api/v1/bookings/", {"departure": departure.pk, "participants_count": 4, "language": "fi"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    booking = Booking.objects.get(reference=body["reference"])
    assert booking.status == BookingStatus.HELD
    assert booking.organisation == world["org_a"]
    assert booking.contact == world["contact_a"]  # the token's creator, as on the web
    assert booking.language == "fi"
    assert booking.hold_expires_at > timezone.now()
    assert booking.lines.count() == 1  # the programme line, priced by the service
    assert response["Location"] == f"/api/v1/bookings/{booking.reference}/"


def test_a_hold_respects_the_seats_and_the_group_size(world, as_):
    departure = world["departure"]
    too_many = as_("a").post(
        "/api/v1/bookings/", {"departure": departure.pk, "participants_count": 21}
    )
    assert too_many.status_code in (409, 422)
    assert too_many["Content-Type"] == "application/problem+json"
    as_("b").post("/api/v1/bookings/", {"departure": departure.pk, "participants_count": 18})
    sold_out = as_("a").post(
        "/api/v1/bookings/", {"departure": departure.pk, "participants_count": 3}
    )
    assert sold_out.status_code == 409
    assert sold_out.json()["type"].endswith("/no-longer-available")
    assert "2" in sold_out.json()["detail"]  # "Only 2 seats are left"


def test_a_hold_on_an_unpublished_programme_is_not_found(world, as_):
    departure = world["departure"]
    departure.page.unpublish()
    response = as_("a").post(
        "/api/v1/bookings/", {"departure": departure.pk, "participants_count": 3}
    )
    assert response.status_code == 404
    assert not Booking.objects.filter(departure=departure).exists()


def test_participants_are_named_through_the_participants_service(world, as_):
    hold = as_("a").post(
        "/api/v1/bookings/", {"departure": world["departure"].pk, "participants_count": 2}
    )
    reference = hold.json()["reference"]
    url = f"/api/v1/bookings/{reference}/participants/"
    first = as_("a").post(url, PARTICIPANT)
    assert first.status_code == 201, first.content
    assert first.json()["complete"] is True
    second = as_("a").post(url, {**PARTICIPANT, "first_name": "Max"})
    assert second.status_code == 201
    third = as_("a").post(url, {**PARTICIPANT, "first_name": "Eva"})
    assert third.status_code == 409  # every seat has a participant
    names = Participant.objects.filter(booking__reference=reference).values_list(
        "first_name", flat=True
    )
    assert sorted(names) == ["Anna", "Max"]
    assert as_("a").get(f"/api/v1/bookings/{reference}/").json()["participants_named"] == 2


def test_participant_details_are_validated_by_the_service(world, as_):
    hold = as_("a").post(
        "/api/v1/bookings/", {"departure": world["departure"].pk, "participants_count": 2}
    )
    url = f"/api/v1/bookings/{hold.json()['reference']}/participants/"
    response = as_("a").post(url, {**PARTICIPANT, "nationality": "de"})
    assert response.status_code == 400
    assert "nationality" in response.json()["errors"]


def test_no_participants_for_another_organisations_booking(world, as_):
    url = f"/api/v1/bookings/{world['booking_b'].reference}/participants/"
    assert as_("a").post(url, PARTICIPANT).status_code == 404
    assert not Participant.objects.filter(booking=world["booking_b"], first_name="Anna").exists()


def test_host_requests_are_the_hosts_own(world, as_):
    asked, other = world["asked"], world["other"]
    mine = _results(as_("asked").get("/api/v1/host-requests/"))
    assert {r["id"] for r in mine} == {asked.pk}
    assert mine[0]["status"] == SiteVisitStatus.REQUESTED
    assert as_("asked").get(f"/api/v1/host-requests/{asked.pk}/").status_code == 200
    assert as_("asked").get(f"/api/v1/host-requests/{other.pk}/").status_code == 404
    for action in ("accept", "decline", "propose"):
        crossed = as_("asked").post(f"/api/v1/host-requests/{other.pk}/{action}/", {"reason": "x"})
        assert crossed.status_code == 404
    other.refresh_from_db()
    assert other.status == SiteVisitStatus.REQUESTED


def test_a_host_accepts_declines_and_proposes_through_the_visits_services(world, as_):
    asked, other = world["asked"], world["other"]
    accepted = as_("asked").post(f"/api/v1/host-requests/{asked.pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    asked.refresh_from_db()
    assert asked.answered_by == world["asked_user"]
    again = as_("asked").post(f"/api/v1/host-requests/{asked.pk}/decline/", {"reason": "No"})
    assert again.status_code == 409  # no longer open: the service's rule
    no_reason = as_("other").post(f"/api/v1/host-requests/{other.pk}/decline/", {})
    assert no_reason.status_code == 400
    start = other.item.starts_at + datetime.timedelta(days=1)
    proposed = as_("other").post(
        f"/api/v1/host-requests/{other.pk}/propose/",
        {
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(hours=1)).isoformat(),
        },
    )
    assert proposed.status_code == 200, proposed.content
    assert proposed.json()["status"] == "proposed"


def test_visits_and_their_itineraries(world, as_):
    visit_a, visit_b = world["visit_a"], world["visit_b"]
    assert [v["id"] for v in _results(as_("a").get("/api/v1/visits/"))] == [visit_a.pk]
    one = as_("b").get(f"/api/v1/visits/{visit_b.pk}/").json()
    assert one["booking"] == world["booking_b"].reference
    assert len(one["itinerary"]) == visit_b.items.filter(removed=False).count() > 0
    assert as_("a").get(f"/api/v1/visits/{visit_b.pk}/").status_code == 404
    region = {v["id"] for v in _results(as_("region").get("/api/v1/visits/"))}
    assert region == {visit_a.pk, visit_b.pk}
    assert as_("asked").get(f"/api/v1/visits/{visit_b.pk}/").status_code == 403


def test_published_reports_and_the_dashboard(world, as_):
    report = world["report"]
    assert [r["id"] for r in _results(as_("a").get("/api/v1/reports/"))] == [report.pk]
    assert _results(as_("b").get("/api/v1/reports/")) == []
    assert as_("b").get(f"/api/v1/reports/{report.pk}/").status_code == 404
    one = as_("region").get(f"/api/v1/reports/{report.pk}/").json()
    assert one["booking"] == world["booking_a"].reference
    assert "quotes" not in one["figures"]
    figures = as_("region").get("/api/v1/dashboard/").json()
    assert figures["visits"] == 1 and figures["participants"] == 3
    assert as_("a").get("/api/v1/dashboard/").status_code == 403


def test_webhooks_are_the_owners_own(world, as_, settings):
    settings.API_WEBHOOKS_ALLOW_PRIVATE = False
    refused = as_("a").post(
        "/api/v1/webhooks/", {"url": "http://127.0.0.1:9/hook", "events": ["booking.paid"]}
    )
    assert refused.status_code == 422 and "url" in refused.json()["errors"]
    settings.API_WEBHOOKS_ALLOW_PRIVATE = True
    made = as_("a").post(
        "/api/v1/webhooks/", {"url": "http://127.0.0.1:9/hook", "events": ["booking.paid"]}
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["secret"].startswith("whsec_")
    listed = _results(as_("a").get("/api/v1/webhooks/"))
    assert [w["id"] for w in listed] == [body["id"]] and "secret" not in listed[0]
    assert _results(as_("b").get("/api/v1/webhooks/")) == []
    assert as_("b").get(f"/api/v1/webhooks/{body['id']}/").status_code == 404
    assert as_("b").delete(f"/api/v1/webhooks/{body['id']}/").status_code == 404
    assert as_("a").delete(f"/api/v1/webhooks/{body['id']}/").status_code == 204
    assert as_("a").get(f"/api/v1/webhooks/{body['id']}/").status_code == 404


def test_a_token_whose_creator_left_reaches_nothing(world, as_):
    world["org_a"].members.remove(world["contact_a"])
    response = as_("a").get("/api/v1/bookings/")
    assert response.status_code == 403
    assert world["booking_a"].reference not in response.content.decode()
    assert as_("a").get("/api/v1/programmes/").status_code == 200  # the catalogue is public
