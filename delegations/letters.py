"""Visa invitation letters: requested by the delegation, decided by a programme manager.

A letter is issued once: its verification code is set when it is approved and never
changes; approving an issued letter again does nothing. The embassy checks the code on
the public verification page (views.letter_verify), which shows only what the letter
prints about its holder.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bookings.models import Booking, Participant
from core.audit import audit_record

from .enums import LetterStatus
from .errors import DelegationError
from .models import InvitationLetter

# No 0/O, 1/I/L: a code read from paper over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalise_code(text: str) -> str:
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(compact) != 12 or any(ch not in CODE_ALPHABET for ch in compact):
        return ""
    return "-".join(compact[i : i + 4] for i in range(0, 12, 4))


def verification_url(letter: InvitationLetter) -> str:
    """The absolute address the letter's QR code carries (in English: embassies read it)."""
    with translation.override("en"):
        path = reverse("delegations:letter_verify", args=[letter.code])
    return f"{settings.BASE_URL}{path}"


def letter_request(
    *, booking: Booking, participant: Participant | None, actor, data: dict
) -> InvitationLetter:
    """The delegation asks for a letter. Side effects: an audit entry (ids only)."""
    if data["departure"] < data["arrival"]:
        raise DelegationError(_("The departure cannot be before the arrival."))
    if participant is not None and participant.booking_id != booking.pk:
        raise DelegationError(_("This participant is not in this booking."))
    with transaction.atomic():
        letter = InvitationLetter.objects.create(
            booking=booking, participant=participant, requested_by=actor, **data
        )
        audit_record(subject=letter, action="letter_requested", actor=actor, to_state=letter.status)
    return letter


def letter_issue(*, letter: InvitationLetter, actor) -> InvitationLetter:
    """A programme manager approves: the letter gets its verification code. Issuing an
    issued letter again returns it unchanged; a refused one cannot be issued.
    Side effects: an audit entry."""
    with transaction.atomic():
        letter = InvitationLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status == LetterStatus.ISSUED:
            return letter
        if letter.status != LetterStatus.REQUESTED:
            raise DelegationError(_("Only a requested letter can be issued."))
        if letter.passport_erased_at is not None:
            raise DelegationError(_("The passport data of this request was erased."))
        previous = letter.status
        letter.status = LetterStatus.ISSUED
        letter.code = new_code()
        letter.decided_at = timezone.now()
        letter.decided_by = actor
        letter.save(update_fields=["status", "code", "decided_at", "decided_by"])
        audit_record(
            subject=letter,
            action="letter_issued",
            actor=actor,
            from_state=previous,
            to_state=letter.status,
        )
    return letter


def letter_refuse(*, letter: InvitationLetter, actor, reason: str) -> InvitationLetter:
    """A programme manager refuses a requested letter, with a reason the delegation reads.
    Side effects: an audit entry."""
    with transaction.atomic():
        letter = InvitationLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status == LetterStatus.REFUSED:
            return letter
        if letter.status != LetterStatus.REQUESTED:
            raise DelegationError(_("An issued letter cannot be refused."))
        letter.status = LetterStatus.REFUSED
        letter.refusal_reason = reason[:300]
        letter.decided_at = timezone.now()
        letter.decided_by = actor
        letter.save(update_fields=["status", "refusal_reason", "decided_at", "decided_by"])
        audit_record(
            subject=letter,
            action="letter_refused",
            actor=actor,
            from_state=LetterStatus.REQUESTED,
            to_state=letter.status,
        )
    return letter


def letters_erase_passport_data(*, ended_before: datetime.date) -> int:
    """Blank the passport data of letters whose visit ended before `ended_before`."""
    return (
        InvitationLetter.objects.filter(
            departure__lt=ended_before, booking__end_date__lt=ended_before
        )
        .filter(passport_erased_at__isnull=True)
        .update(
            passport_number="",
            passport_expiry=None,
            date_of_birth=None,
            passport_erased_at=timezone.now(),
        )
    )
