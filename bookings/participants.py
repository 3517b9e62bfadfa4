"""The delegation as a record: participant slots, private links, details and the manifest.

A booking has one Participant row per seat, created empty once the booking is checked
out. The contact fills them in, or sends each participant a private link: a signed token
carrying the participant's id and `invite_version`. Raising the version revokes every
link sent before; the signature is checked in constant time by `django.core.signing`.

ID document data is personal data we only ask for when a host on the programme vets its
visitors (`HostOrganisation.requires_id_check` or `requires_clearance`); otherwise those
fields are neither required nor accepted.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.core.validators import validate_email
from django.db import transaction
from django.forms.models import model_to_dict, modelform_factory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.outbox import outbox_enqueue
from programmes.selectors import itinerary_days

from .enums import COMMITTED_STATES, OPEN_STATES, BookingKind, BookingStatus
from .errors import BookingError, InvalidTransition
from .models import Booking, Participant

EMAIL_TASK = "bookings.tasks.send_booking_email"
TOKEN_SALT = "bookings.participant-link"  # noqa: S105 - a signing namespace, not a secret
# A participant may still open the link this long after the booking's details deadline.
LINK_GRACE = datetime.timedelta(days=3)

# States in which a booking's participants may be filled in.
EDITABLE_STATES = (
    BookingStatus.HELD,
    BookingStatus.AWAITING_PAYMENT,
    BookingStatus.CONFIRMED,
    BookingStatus.PAID,
)

REQUIRED_FIELDS = (
    "first_name",
    "last_name",
    "organisation",
    "email",
    "nationality",
    "emergency_contact_name",
    "emergency_contact_phone",
)
ID_FIELDS = ("id_document_type", "id_document_number", "id_document_expiry", "date_of_birth")
OPTIONAL_FIELDS = ("title", "dietary_needs", "accessibility_needs", "consent_named_in_reports")
EDITABLE_FIELDS = (*REQUIRED_FIELDS, *OPTIONAL_FIELDS, *ID_FIELDS)

_COUNTRY = re.compile(r"^[A-Z]{2}$")


class ParticipantDetailsInvalid(BookingError):
    """Details that do not validate. `errors` maps each field to its messages."""

    default_message = _("Please correct the details marked below.")

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__()
        self.errors = errors


def participant_field_label(name: str) -> str:
    """The field's label in the active language, e.g. "emergency contact phone"."""
    return str(Participant._meta.get_field(name).verbose_name)


# --------------------------------------------------------------------------- who needs ID


def id_check_required(*, booking: Booking) -> bool:
    """True when a host the delegation visits vets its visitors by ID or clearance."""
    cached = getattr(booking, "_id_check_required", None)
    if cached is not None:
        return cached

    hosts = [
        item.host
        for day in itinerary_days(page=booking.programme)
        for item in day.items
        if item.host is not None
    ]
    if booking.kind == BookingKind.TAILORED:
        request = getattr(booking, "request", None)
        if request is not None:
            hosts.extend(request.hosts.all())
    required = any(host.requires_id_check or host.requires_clearance for host in hosts)
    booking._id_check_required = required
    return required


def _missing_fields(participant: Participant, *, id_required: bool) -> list[str]:
    fields = [*REQUIRED_FIELDS, *(ID_FIELDS if id_required else ())]
    return [name for name in fields if getattr(participant, name) in ("", None)]


# --------------------------------------------------------------------------- slots


def participant_slots_ensure(*, booking: Booking) -> list[Participant]:
    """One Participant row per seat of the booking, created empty. Idempotent.

    Side effects: the missing rows and, when any were created, an audit entry.
    Filled-in rows are never deleted here, even if the group became smaller.
    Raises InvalidTransition for a cancelled or expired booking.
    """
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status not in OPEN_STATES:
            raise InvalidTransition()
        existing = booking.participants.count()
        missing = booking.participants_count - existing
        if missing > 0:
            Participant.objects.bulk_create([Participant(booking=booking) for _ in range(missing)])
            audit_record(
                subject=booking,
                action="participant_slots",
                data={"created": missing, "total": booking.participants_count},
            )
        return list(booking.participants.order_by("pk"))


# --------------------------------------------------------------------------- private links


def participant_token(participant: Participant) -> str:
    """A signed, timestamped token with the participant's id and link version."""
    return TimestampSigner(salt=TOKEN_SALT).sign_object(
        {"p": participant.pk, "v": participant.invite_version}
    )


def participant_link_deadline(booking: Booking) -> datetime.date | None:
    """The last day a private link works: the details deadline plus a short grace."""
    if booking.participant_deadline is None:
        return None
    return booking.participant_deadline + LINK_GRACE


def _current_participant(participant_id: int, version: int) -> Participant:
    participant = (
        Participant.objects.select_related("booking__programme", "booking__organisation")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or participant.anonymised_at is not None:
        raise BookingError(_("This link is not valid."))
    if participant.invite_version != version:
        raise BookingError(
            _("This link has been withdrawn. Please ask your contact for a new one.")
        )
    return participant


def participant_of_link(token: str) -> Participant:
    """The participant a private link of theirs names (the safety briefing's link, which
    is the details link's token), while its version is current and the participant not
    anonymised. No age or details deadline: the caller decides when its own link ends
    (visits.briefing ends the briefing's with the visit). Raises BookingError."""
    try:
        payload = TimestampSigner(salt=TOKEN_SALT).unsign_object(str(token))
        participant_id, version = int(payload["p"]), int(payload["v"])
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BookingError(_("This link is not valid.")) from exc
    return _current_participant(participant_id, version)


def participant_from_token(token: str, *, max_age: datetime.timedelta | None = None) -> Participant:
    """The participant a private link belongs to.

    Raises BookingError for a token that was tampered with, is older than `max_age`,
    belongs to a booking whose details deadline (plus grace) has passed or that is no
    longer open, or was revoked (the participant's invite_version moved on).
    """
    if max_age is None:  # production too, not only tests (README, Privacy)
        max_age = datetime.timedelta(
            days=int(getattr(settings, "BOOKINGS_PARTICIPANT_LINK_MAX_AGE_DAYS", 120))
        )
    signer = TimestampSigner(salt=TOKEN_SALT)
    try:
        payload = signer.unsign_object(str(token), max_age=max_age)
        participant_id, version = int(payload["p"]), int(payload["v"])
    except SignatureExpired as exc:
        raise BookingError(
            _("This link has expired. Please ask your contact for a new one.")
        ) from exc
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BookingError(_("This link is not valid.")) from exc
    participant = _current_participant(participant_id, version)
    booking = participant.booking
    last_day = participant_link_deadline(booking)
    if booking.status not in EDITABLE_STATES or (
        last_day is not None and timezone.localdate() > last_day
    ):
        raise BookingError(_("This link has expired. Please ask your contact for a new one."))
    return participant


def participant_url(participant: Participant) -> str:
    """The absolute private link, in the booking's language."""
    token = participant_token(participant)
    with translation.override(participant.booking.language):
        try:
            path = reverse("bookings:participant_details", kwargs={"token": token})
        except NoReverseMatch:
            path = f"/{participant.booking.language}/bookings/participant/{token}/"
    return f"{settings.BASE_URL}{path}"


def _lock_participant(participant: Participant) -> Participant:
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("booking")
        .get(pk=participant.pk)
    )
    if participant.anonymised_at is not None:
        raise InvalidTransition()
    if participant.booking.status not in EDITABLE_STATES:
        raise InvalidTransition(_("This booking's participants can no longer be changed."))
    return participant


def participant_invite(*, participant: Participant, email: str, actor) -> Participant:
    """Send a participant the private link to fill in their own details.

    Inviting a different address than before revokes the earlier link first, so the
    first invitee can no longer open the record. Re-inviting the same address resends
    the link that is valid now.

    Side effects: email and invited_at saved, an audit entry, and (after commit) the
    `participant_invitation` e-mail to `email` with the link.
    Raises BookingError for a bad address, InvalidTransition for a closed booking.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise BookingError(_("Enter a valid e-mail address.")) from exc
    with transaction.atomic():
        participant = _lock_participant(participant)
        fields = ["email", "invited_at"]
        if participant.invited_at and participant.email.lower() != email:
            participant.invite_version += 1
            fields.append("invite_version")
        participant.email = email
        participant.invited_at = timezone.now()
        participant.save(update_fields=fields)
        audit_record(
            subject=participant,
            action="participant_invite",
            actor=actor,
            data={"version": participant.invite_version},
        )
        outbox_enqueue(
            task=EMAIL_TASK,
            booking_id=participant.booking_id,
            template="participant_invitation",
            to=email,
            link=participant_url(participant),
            participant_name=str(participant) if participant.first_name else "",
        )
    return participant


def participant_revoke_link(*, participant: Participant, actor) -> Participant:
    """Make every private link sent to this participant stop working.

    Side effects: invite_version raised, an audit entry.
    """
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("booking")
            .get(pk=participant.pk)
        )
        participant.invite_version += 1
        participant.save(update_fields=["invite_version"])
        audit_record(
            subject=participant,
            action="participant_revoke_link",
            actor=actor,
            data={"version": participant.invite_version},
        )
    return participant


# --------------------------------------------------------------------------- details


class _ParticipantChecks(forms.ModelForm):
    """Checks beyond the model's field validation."""

    booking_end: datetime.date | None = None

    def clean_nationality(self):
        value = (self.cleaned_data.get("nationality") or "").strip().upper()
        if value and not _COUNTRY.match(value):
            raise ValidationError(_("Use the two-letter country code, e.g. DE or FI."))
        return value

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value >= timezone.localdate():
            raise ValidationError(_("The date of birth must be in the past."))
        return value

    def clean_id_document_expiry(self):
        value = self.cleaned_data.get("id_document_expiry")
        if value and self.booking_end and value < self.booking_end:
            raise ValidationError(_("The ID document must be valid until the end of the visit."))
        return value


def participant_update(
    *, participant: Participant, data: dict[str, Any], actor=None
) -> Participant:
    """Save a participant's details (any subset of the editable fields).

    Keys outside the editable fields are ignored, and so are the ID document fields
    unless a host of the programme vets its visitors. completed_at is set when every
    required detail is there and cleared again when one is removed.

    Side effects: the changed fields saved and an audit entry naming them (not their
    values). Nothing is written when nothing changed.
    Raises ParticipantDetailsInvalid (with per-field errors) for bad input and
    InvalidTransition for a closed booking; either way nothing changes.
    """
    with transaction.atomic():
        participant = _lock_participant(participant)
        booking = participant.booking
        id_required = id_check_required(booking=booking)
        fields = [name for name in EDITABLE_FIELDS if id_required or name not in ID_FIELDS]
        current = model_to_dict(participant, fields=fields)
        merged = {**current, **{k: v for k, v in data.items() if k in fields}}
        for name, value in merged.items():
            if value is None and name not in ("id_document_expiry", "date_of_birth"):
                merged[name] = "" if name != "consent_named_in_reports" else False
        form_class = modelform_factory(Participant, form=_ParticipantChecks, fields=fields)
        form = form_class(data=merged, instance=participant)
        form.booking_end = booking.end_date
        if not form.is_valid():
            raise ParticipantDetailsInvalid(
                {field: [str(m) for m in messages] for field, messages in form.errors.items()}
            )
        changed = [name for name in fields if form.cleaned_data[name] != current.get(name)]
        for name in changed:
            setattr(participant, name, form.cleaned_data[name])
        complete = not _missing_fields(participant, id_required=id_required)
        if complete and participant.completed_at is None:
            participant.completed_at = timezone.now()
            changed.append("completed_at")
        elif not complete and participant.completed_at is not None:
            participant.completed_at = None
            changed.append("completed_at")
        if not changed:
            return participant
        participant.save(update_fields=changed)
        audit_record(
            subject=participant,
            action="participant_update",
            actor=actor,
            data={"fields": changed, "complete": complete},
        )
    return participant


# --------------------------------------------------------------------------- what is missing


def participants_missing(*, booking: Booking) -> list[tuple[Participant, list[str]]]:
    """Each participant who lacks a required detail, with the missing field names.

    Field names are stable (for code and CSV); `participant_field_label` gives labels.
    Seats without a participant row yet are not listed (see participant_slots_ensure).
    """
    id_required = id_check_required(booking=booking)
    result = []
    for participant in booking.participants.all():
        if participant.anonymised_at is not None:
            continue
        missing = _missing_fields(participant, id_required=id_required)
        if missing:
            result.append((participant, missing))
    return result


def participants_missing_summary(*, booking: Booking) -> list[dict[str, Any]]:
    """What is missing, in the booking's language, ready for an e-mail or a page."""
    missing = {p.pk: fields for p, fields in participants_missing(booking=booking)}
    summary = []
    with translation.override(booking.language):
        for number, participant in enumerate(booking.participants.all(), start=1):
            if participant.pk not in missing:
                continue
            named = participant.first_name or participant.last_name
            summary.append(
                {
                    "participant_id": participant.pk,
                    "name": str(participant)
                    if named
                    else gettext("Participant %(number)s") % {"number": number},
                    "fields": [participant_field_label(name) for name in missing[participant.pk]],
                }
            )
    return summary


def _rooms_summary(booking: Booking) -> str:
    grouped: dict[tuple[str, str, int], list[datetime.date]] = defaultdict(list)
    for reservation in booking.rooms.all():
        room_type = reservation.allotment.room_type
        key = (str(room_type), reservation.get_occupancy_display(), reservation.rooms)
        grouped[key].append(reservation.allotment.night)
    parts = []
    for (room, occupancy, rooms), nights in grouped.items():
        nights.sort()
        last = nights[-1] + datetime.timedelta(days=1)
        parts.append(
            f"{room}, {occupancy} × {rooms}, {nights[0]:%d.%m.}–{last:%d.%m.%Y} ({len(nights)})"
        )
    return "; ".join(parts)


def manifest_rows(*, departure) -> list[dict[str, Any]]:
    """One row per seat of the departure's confirmed bookings: who, needs, rooms, gaps.

    Seats whose participant row does not exist yet appear as empty rows, so the
    manifest always adds up to the number of confirmed seats.
    """
    bookings = (
        Booking.objects.filter(departure=departure, status__in=COMMITTED_STATES)
        .select_related("organisation", "contact", "programme")
        .prefetch_related("participants", "rooms__allotment__room_type__hotel")
        .order_by("organisation__name", "reference")
    )
    rows: list[dict[str, Any]] = []
    id_required: bool | None = None
    for booking in bookings:
        # Every booking of a departure shares its programme, so ask the itinerary once.
        if id_required is None:
            id_required = id_check_required(booking=booking)
        booking._id_check_required = id_required
        rooms = _rooms_summary(booking)
        participants: list[Participant | None] = list(booking.participants.all())
        participants += [None] * max(booking.participants_count - len(participants), 0)
        for participant in participants:
            blank = participant or Participant(booking=booking)
            missing = _missing_fields(blank, id_required=id_required)
            rows.append(
                {
                    "booking_id": booking.pk,
                    "booking_reference": booking.reference,
                    "booking_status": booking.status,
                    "organisation": booking.organisation.name,
                    "country": booking.organisation.country,
                    "contact_email": booking.contact.email,
                    "participant_id": participant.pk if participant else None,
                    "first_name": blank.first_name,
                    "last_name": blank.last_name,
                    "title": blank.title,
                    "participant_organisation": blank.organisation,
                    "email": blank.email,
                    "nationality": blank.nationality,
                    "date_of_birth": blank.date_of_birth,
                    "id_document_type": blank.id_document_type,
                    "id_document_number": blank.id_document_number,
                    "id_document_expiry": blank.id_document_expiry,
                    "dietary_needs": blank.dietary_needs,
                    "accessibility_needs": blank.accessibility_needs,
                    "emergency_contact_name": blank.emergency_contact_name,
                    "emergency_contact_phone": blank.emergency_contact_phone,
                    "consent_named_in_reports": blank.consent_named_in_reports,
                    "invited_at": blank.invited_at,
                    "completed_at": blank.completed_at,
                    "rooms": rooms,
                    "id_check_required": id_required,
                    "missing": missing,
                    "missing_labels": [participant_field_label(name) for name in missing],
                    "complete": not missing,
                }
            )
    return rows
