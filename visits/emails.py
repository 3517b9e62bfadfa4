"""E-mails of the visits app: to hosts (with iTIP .ics), managers and delegations.

Hosts and programme managers get the language each chose on the site (the default
language for an address without an account); the delegation gets its booking's language. Confidential visits never show the
delegation's name to a host.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.language import recipients_by_language
from accounts.roles import PROGRAMME_MANAGERS
from bookings.models import Participant
from bookings.participants import participant_token

from .ical import host_recipients, item_summary, itip_invitation
from .models import SiteVisit, Visit


def _send(*, to: list[str], subject: str, template: str, context: dict, ics: bytes | None = None):
    if not to:
        return 0
    context = {"base_url": settings.BASE_URL.rstrip("/"), **context}
    body = render_to_string(f"visits/email/{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if ics is not None:
        method = "CANCEL" if b"METHOD:CANCEL" in ics else "REQUEST"
        message.attach("invite.ics", ics, f"text/calendar; method={method}; charset=utf-8")
    return message.send()


def manager_recipients(visit: Visit) -> list[str]:
    if visit.manager_id and visit.manager.email:
        return [visit.manager.email]
    users = get_user_model().objects.filter(groups__name=PROGRAMME_MANAGERS, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _site_visit(site_visit_id: int) -> SiteVisit:
    return SiteVisit.objects.select_related(
        "host",
        "item__visit__booking__organisation",
        "item__visit__manager",
        "item__host",
        "answered_by",
    ).get(pk=site_visit_id)


def host_email(*, site_visit_id: int, template: str) -> int:
    """To the host's people, each in the language they chose on the site (one message
    per language: the subject, body and the invitation's texts are all translated)."""
    site_visit = _site_visit(site_visit_id)
    item = site_visit.item
    sent = 0
    for language, to in recipients_by_language(host_recipients(site_visit)).items():
        with translation.override(language):
            summary = item_summary(item, viewer="host")
            subjects = {
                "host_request": _("Site-visit request: %(summary)s"),
                "host_update": _("Site-visit changed: %(summary)s"),
                "host_cancel": _("Site-visit cancelled: %(summary)s"),
                "host_reminder": _("Reminder, site visit: %(summary)s"),
            }
            ics = None
            if template != "host_reminder":
                ics = itip_invitation(site_visit, cancel=template == "host_cancel")
            sent += _send(
                to=to,
                subject=subjects[template] % {"summary": summary},
                template=template,
                context={"site_visit": site_visit, "item": item, "summary": summary},
                ics=ics,
            )
    return sent


def manager_answer_email(*, site_visit_id: int) -> int:
    site_visit = _site_visit(site_visit_id)
    visit = site_visit.item.visit
    sent = 0
    for language, to in recipients_by_language(manager_recipients(visit)).items():
        with translation.override(language):
            subject = _("%(host)s answered: %(status)s – %(reference)s") % {
                "host": site_visit.host.name,
                "status": site_visit.get_status_display(),
                "reference": visit.booking.reference,
            }
            sent += _send(
                to=to,
                subject=subject,
                template="manager_answer",
                context={"site_visit": site_visit, "item": site_visit.item, "visit": visit},
            )
    return sent


def delegation_recipients(visit: Visit) -> list[str]:
    booking = visit.booking
    emails = {p.email for p in booking.participants.exclude(email="")}
    if booking.contact.email:
        emails.add(booking.contact.email)
    return sorted(emails)


def delegation_languages(visit: Visit) -> dict[str, str]:
    """Each delegation address with the language to write to it in: the language its
    account chose on the site, else the booking's language."""
    emails = delegation_recipients(visit)
    known = {
        email.lower(): code
        for email, code in get_user_model()
        .objects.filter(email__in=emails)
        .values_list("email", "preferred_language")
    }
    languages = dict(settings.LANGUAGES)
    result = {}
    for email in emails:
        code = known.get(email.lower()) or ""
        result[email] = code if code in languages else visit.booking.language
    return result


def delegation_email(*, visit_id: int, template: str, **extra) -> int:
    """One message per recipient, in that recipient's language: an official never sees
    another's address (no shared To or Cc)."""
    visit = Visit.objects.select_related("booking__contact", "booking__organisation").get(
        pk=visit_id
    )
    if template not in ("delegation_message", "delegation_briefing"):
        raise ValueError(template)
    sent = 0
    for email, language in delegation_languages(visit).items():
        with translation.override(language):
            if template == "delegation_message":
                subject = extra["subject"]
            else:
                subject = _("Your visit starts soon: safety briefing and itinerary – %(ref)s") % {
                    "ref": visit.booking.reference
                }
            sent += _send(
                to=[email], subject=subject, template=template, context={"visit": visit, **extra}
            )
    return sent


def participant_language(participant) -> str:
    """The language to write to a participant in: the one their account chose on the
    site (if their address has one), else the booking's language."""
    languages = dict(settings.LANGUAGES)
    code = (
        get_user_model()
        .objects.filter(email__iexact=participant.email)
        .exclude(preferred_language="")
        .values_list("preferred_language", flat=True)
        .first()
        if participant.email
        else None
    )
    return code if code in languages else participant.booking.language


def participant_briefing_email(*, participant_id: int, template: str) -> int:
    """The participant's private briefing link, to them alone, in their language: the
    automatic reminder ("briefing_ack_reminder") or the one a manager sends ("briefing_link")."""

    participant = Participant.objects.select_related("booking").get(pk=participant_id)
    if not participant.email or participant.anonymised_at is not None:
        return 0
    visit = Visit.objects.filter(booking_id=participant.booking_id).first()
    with translation.override(participant_language(participant)):
        link = settings.BASE_URL.rstrip("/") + reverse(
            "visits:briefing_participant", args=[participant_token(participant)]
        )
        if template == "briefing_link":
            subject = _("Safety briefing for your visit – %(ref)s")
        else:
            subject = _("Please read the safety briefing – %(ref)s")
        return _send(
            to=[participant.email],
            subject=subject % {"ref": participant.booking.reference},
            template=template,
            context={
                "participant": participant,
                "visit": visit,
                "link": link,
                "programme_title": participant.booking.programme.localized.title,
            },
        )


def send(*, template: str, **ids) -> int:
    if template.startswith("host_"):
        return host_email(template=template, **ids)
    if template == "manager_answer":
        return manager_answer_email(**ids)
    if template in ("briefing_ack_reminder", "briefing_link"):
        return participant_briefing_email(template=template, **ids)
    return delegation_email(template=template, **ids)
