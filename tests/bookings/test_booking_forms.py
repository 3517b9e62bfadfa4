"""The booking forms on their own: what they accept, what they refuse and why."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from accounts.roles import DELEGATION_CONTACTS
from bookings.forms import (
    AccommodationForm,
    CheckoutForm,
    ExtrasForm,
    GroupSizeForm,
    JoinOrganisationForm,
    OrganisationForm,
    ParticipantDetailsForm,
    ParticipantRowFormSet,
    TailoredRequestForm,
    WaitingListForm,
    country_choices,
)
from bookings.models import Participant

from .factories import make_delegation, make_departure, make_extra, make_programme, make_room_type

pytestmark = pytest.mark.django_db


def test_country_choices_are_countries_named_in_the_language():
    with translation.override("en"):
        english = dict(country_choices())
    with translation.override("fi"):
        finnish = dict(country_choices())
    assert english["DE"] == "Germany"
    assert finnish["DE"] == "Saksa"
    assert finnish["SE"] == "Ruotsi"
    # Regions and pseudo-territories are not countries.
    assert not {"001", "150", "EU", "ZZ", "UN"} & set(english)
    assert all(len(code) == 2 and code.isalpha() for code in english)
    names = [name for _, name in country_choices("en")]
    assert names == sorted(names, key=str.casefold)


def test_group_size_form_says_why_a_size_is_refused():
    programme = make_programme(group=(5, 20))
    org, user = make_delegation()

    def form(count, seats_left=20):
        return GroupSizeForm(
            {"participants_count": count},
            programme=programme,
            seats_left=seats_left,
            organisations=[org],
        )

    assert form(5).is_valid()
    assert "groups of 5 to 20" in form(4).errors["participants_count"][0]
    assert "groups of 5 to 20" in form(21).errors["participants_count"][0]
    assert "Only 6 seats are left" in form(7, seats_left=6).errors["participants_count"][0]
    assert not form("").is_valid()
    # One organisation: no choice to make.
    assert "organisation" not in form(5).fields


def test_group_size_form_asks_which_organisation_when_there_are_several():
    programme = make_programme()
    first, user = make_delegation()
    second, _ = make_delegation()
    second.members.add(user)
    form = GroupSizeForm(
        {"participants_count": 3, "organisation": second.pk},
        programme=programme,
        seats_left=20,
        organisations=[first, second],
    )
    assert form.is_valid(), form.errors
    assert form.chosen_organisation() == second
    # Not one of the user's organisations: refused.
    stranger, _ = make_delegation()
    form = GroupSizeForm(
        {"participants_count": 3, "organisation": stranger.pk},
        programme=programme,
        seats_left=20,
        organisations=[first, second],
    )
    assert "organisation" in form.errors


def test_waiting_list_form_checks_the_group_size():
    programme = make_programme(group=(5, 20))
    org, _ = make_delegation()
    form = WaitingListForm({"participants_count": 3}, programme=programme, organisations=[org])
    assert "groups of 5 to 20" in form.errors["participants_count"][0]


def _booking_like(participants=4, days_ahead=90, duration=3):
    departure = make_departure(days_ahead=days_ahead)
    start = departure.start_date

    class Stub:
        participants_count = participants
        start_date = start
        end_date = start + datetime.timedelta(days=duration - 1)

    return Stub, departure


def test_accommodation_form_checks_dates_and_rooms():
    booking, departure = _booking_like(participants=3)
    room_type = make_room_type(nights=[booking.start_date])

    def form(**data):
        values = {
            "arrival": booking.start_date.isoformat(),
            "departure": booking.end_date.isoformat(),
        }
        values.update(data)
        return AccommodationForm(values, booking=booking, room_types=[room_type])

    single = f"room_{room_type.pk}_single"
    double = f"room_{room_type.pk}_double"
    ok = form(**{single: 1, double: 1})
    assert ok.is_valid(), ok.errors
    assert [(r.occupancy, r.rooms) for r in ok.room_requests()] == [("single", 1), ("double", 1)]
    # No rooms at all is a valid choice (own accommodation).
    empty = form()
    assert empty.is_valid()
    assert empty.room_requests() == []
    # More rooms than people.
    assert "more rooms than people" in str(form(**{single: 4}).errors)
    # Departure not after arrival.
    bad = form(**{single: 1, "departure": booking.start_date.isoformat()})
    assert "after arrival" in str(bad.errors["departure"])
    # Far outside the programme dates.
    far = (booking.start_date - datetime.timedelta(days=10)).isoformat()
    assert "arrival" in form(arrival=far).errors
    # Negative and absurd counts.
    assert single in form(**{single: -1}).errors
    assert single in form(**{single: 500}).errors


def test_extras_form_explains_each_unit_with_its_price():
    booking, _ = _booking_like(participants=6)
    per_person = make_extra(unit="person", price="45.00")
    per_day = make_extra(unit="day", price="300.00", kind="interpreter")
    per_booking = make_extra(unit="booking", price="120.00", kind="transfer")
    with translation.override("en"):
        form = ExtrasForm(booking=booking, extras=[per_person, per_day, per_booking])
        helps = [form.fields[form.field_name(e)].help_text for e in form.extras]
    assert "€45.00 per person" in helps[0] and "all 6 participants" in helps[0]
    assert "€300.00 per day" in helps[1] and "3 programme days" in helps[1]
    assert "€120.00 each" in helps[2]
    bound = ExtrasForm(
        {form.field_name(per_person): 1, form.field_name(per_day): ""},
        booking=booking,
        extras=[per_person, per_day, per_booking],
    )
    assert bound.is_valid()
    assert bound.quantities() == {per_person: 1, per_day: 0, per_booking: 0}


def test_participant_rows_need_an_address_to_invite():
    people = [Participant(pk=1), Participant(pk=2)]
    data = {
        "p-TOTAL_FORMS": 2,
        "p-INITIAL_FORMS": 2,
        "p-0-first_name": "Anna",
        "p-1-invite": "on",
    }
    formset = ParticipantRowFormSet(data, participants=people, prefix="p")
    assert not formset.is_valid()
    assert formset.forms[1].errors["email"]
    data["p-1-email"] = "jonas@example.org"
    formset = ParticipantRowFormSet(data, participants=people, prefix="p")
    assert formset.is_valid()
    # The formset always has exactly one row per participant.
    data["p-TOTAL_FORMS"] = 50
    assert len(ParticipantRowFormSet(data, participants=people, prefix="p").forms) == 2


def test_participant_details_form_asks_for_id_only_when_required():
    without = ParticipantDetailsForm(id_required=False, require_all=True)
    assert "id_document_number" not in without.fields
    with_id = ParticipantDetailsForm(id_required=True, require_all=True)
    assert with_id.fields["id_document_number"].required
    assert with_id.fields["date_of_birth"].required
    # The contact may save what they know: only the name is required.
    contact = ParticipantDetailsForm(id_required=True, require_all=False)
    assert contact.fields["first_name"].required
    assert not contact.fields["nationality"].required
    assert not contact.fields["id_document_number"].required
    # The participant's own form asks for everything the record needs.
    own = ParticipantDetailsForm({"first_name": "A"}, id_required=False, require_all=True)
    assert not own.is_valid()
    for name in ("last_name", "email", "nationality", "emergency_contact_phone"):
        assert name in own.errors


def test_participant_details_refuse_a_birth_date_in_the_future():
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    form = ParticipantDetailsForm(
        {"first_name": "A", "last_name": "B", "date_of_birth": tomorrow},
        id_required=True,
        require_all=False,
    )
    assert "date_of_birth" in form.errors


def test_checkout_form_needs_a_method_and_the_policy_accepted():
    assert CheckoutForm({"payment_method": "invoice", "accept_terms": "on"}).is_valid()
    assert "accept_terms" in CheckoutForm({"payment_method": "invoice"}).errors
    assert "payment_method" in CheckoutForm({"payment_method": "cash", "accept_terms": "on"}).errors


def test_tailored_request_form_checks_the_dates():
    from wagtail.models import Locale

    org, _ = make_delegation()
    today = timezone.localdate()

    def form(start, end):
        return TailoredRequestForm(
            {
                "preferred_start": start.isoformat(),
                "preferred_end": end.isoformat(),
                "group_size": 5,
            },
            organisations=[org],
            locale=Locale.objects.get_or_create(language_code="en")[0],
        )

    assert form(today + datetime.timedelta(days=30), today + datetime.timedelta(days=33)).is_valid()
    assert "preferred_start" in form(today, today + datetime.timedelta(days=3)).errors
    late = form(today + datetime.timedelta(days=30), today + datetime.timedelta(days=29))
    assert "preferred_end" in late.errors


def test_organisation_forms_make_the_user_a_delegation_contact():
    from accounts.models import User

    user = User.objects.create_user(email="a@city.example", password="pw-123456789")
    form = OrganisationForm(
        {
            "name": "City of Tartu",
            "country": "EE",
            "type": "city",
            "billing_address": "Raekoja plats 1",
        }
    )
    assert form.is_valid(), form.errors
    organisation = form.save_for(user=user)
    assert organisation.members.filter(pk=user.pk).exists()
    assert user.groups.filter(name=DELEGATION_CONTACTS).exists()
    assert not OrganisationForm({"name": "X", "country": "XX", "type": "city"}).is_valid()

    colleague = User.objects.create_user(email="b@city.example", password="pw-123456789")
    join = JoinOrganisationForm({"join_code": f"  {organisation.join_code} "})
    assert join.is_valid()
    assert join.save_for(user=colleague) == organisation
    assert colleague.groups.filter(name=DELEGATION_CONTACTS).exists()
    assert not JoinOrganisationForm({"join_code": "nope"}).is_valid()
