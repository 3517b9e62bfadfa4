"""The admin's erasure on request: a confirmation page saying what goes and what stays,
then bookings.erasure. Reached from the booking's admin page (programme managers)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.personal_data import personal_data_export
from core.audit import audit_record

from ..erasure import contact_erase, participant_erase, participant_export
from ..models import Participant
from .booking_actions import BookingActionView


class EraseParticipantView(BookingActionView):
    action_title = gettext_lazy("Erase a participant's personal data")
    summary_template = "bookings/admin/actions/erase_participant_summary.html"
    submit_label = gettext_lazy("Yes, erase this participant's personal data")
    submit_classname = "button serious"

    @cached_property
    def participant(self) -> Participant:
        return get_object_or_404(
            Participant, pk=self.kwargs["participant_pk"], booking_id=self.booking.pk
        )

    def is_available(self):
        if self.participant.anonymised_at is not None:
            return _("This participant's personal data has already been erased.")
        return None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "participant": self.participant}

    def perform(self, form) -> str:
        participant_erase(participant=self.participant, actor=self.request.user)
        return _("The participant's personal data was erased.")


class EraseContactView(BookingActionView):
    action_title = gettext_lazy("Erase the booking contact's personal data")
    summary_template = "bookings/admin/actions/erase_contact_summary.html"
    submit_label = gettext_lazy("Yes, erase the contact's personal data")
    submit_classname = "button serious"

    def is_available(self):
        if not self.booking.contact.is_active:
            return _("The contact's personal data has already been erased.")
        return None

    def perform(self, form) -> str:
        contact_erase(booking=self.booking, actor=self.request.user)
        return _("The booking contact's personal data was erased.")


def _json_download(data, filename: str):
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class ExportParticipantView(EraseParticipantView):
    """Art. 15/20 on request: the participant's data as JSON (core.personal_export),
    after a page saying what it holds; the POST downloads it and is audited (ids only)."""

    action_title = gettext_lazy("Export a participant's personal data")
    summary_template = "bookings/admin/actions/export_participant_summary.html"
    submit_label = gettext_lazy("Download the participant's data (JSON)")
    submit_classname = "button"

    def is_available(self):
        return None

    def post(self, request, *args, **kwargs):
        data = participant_export(participant=self.participant)
        audit_record(
            subject=self.booking,
            action="participant_data_exported",
            actor=request.user,
            data={"participant": self.participant.pk},
        )
        return _json_download(
            data, f"participant-{self.booking.reference}-{self.participant.pk}.json"
        )


class ExportContactView(EraseContactView):
    """The booking contact's data as JSON: the export they download themselves
    (accounts.personal_data), for a request made to the programme managers."""

    action_title = gettext_lazy("Export the booking contact's personal data")
    summary_template = "bookings/admin/actions/export_contact_summary.html"
    submit_label = gettext_lazy("Download the contact's data (JSON)")
    submit_classname = "button"

    def is_available(self):
        return None

    def post(self, request, *args, **kwargs):
        data = personal_data_export(user=self.booking.contact)
        audit_record(
            subject=self.booking,
            action="contact_data_exported",
            actor=request.user,
            data={"user": self.booking.contact_id},
        )
        return _json_download(data, f"contact-{self.booking.reference}.json")
