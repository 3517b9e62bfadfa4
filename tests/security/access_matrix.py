"""The access matrix: every URL pattern of the project, and who may reach what it names.

`tests/security/test_access_matrix.py` walks the whole URL configuration
(`config.urls`) and requires every pattern to be declared in exactly one place below:

OBJECT_URLS      A pattern that names a private object (a booking reference, a token, an
                 invoice number, a visit, a report ...). Maps "namespace:name" to an
                 `ObjectURL`: the name of a *world fixture* that builds the object and its
                 owner, and a function from that world to the URL's kwargs. The matrix then
                 checks that the owner gets through (so the kwargs are right) and that every
                 other role -- another delegation's contact, a host, a regional developer and
                 an anonymous visitor, plus the world's own intruders -- gets 403, 404, 410
                 or a login redirect.
OWN_DATA_ONLY    A pattern with no object in the URL that shows the signed-in user's own
                 data only: an anonymous visitor must be sent to log in.
ROLE_PAGES       A pattern with no object in the URL that only some roles may open (the host
                 portal, the regional developers' pages): each of those roles gets 200
                 (and is first sent to set up TOTP without it), every other role is
                 refused and an anonymous visitor is sent to log in.
PUBLIC           A pattern that names no private object, with the reason.
STAFF_PREFIXES   Route prefixes (the Wagtail and Django admins) walked whole: every
                 pattern under them, with placeholder arguments, refuses every non-staff role.

A pattern in none of these fails `test_every_url_pattern_is_declared`.

Adding an app's object URL: write (or reuse) a world fixture in
`tests/security/worlds.py` returning a dict with at least "owner" (the one user who may
see it; None for a private link whose token is its credential) and the objects, then add
one line per pattern here, e.g.::

    "bookings:detail": ObjectURL("bookings_world", lambda w: {"reference": w["confirmed"].reference}),

`also_allowed` names roles that may legitimately see the object too (e.g. a regional
developer reviews a learning report); they are left out of the intruders and, after the
owner, must get through as well. A world may add intruders of its own under "intruders"
(e.g. "another host": a host user of an organisation the request was not sent to).
A POST may name `done`, a check on the world that is false after the intruders (they
changed nothing) and true after the owner (the request did its work).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Roles tried against every object URL (a world may add more under "intruders").
ANOTHER_DELEGATION = "another delegation"
HOST = "host"
REGIONAL_DEVELOPER = "regional developer"
ANONYMOUS = "anonymous"
# Roles a world adds (tests/security/worlds.py).
PROGRAMME_MANAGER = "programme manager"
THE_VISITS_DELEGATION = "the visit's delegation contact"
THE_VISITS_HOST = "a host user of a host the visit asked"
ANOTHER_HOST = "another host"  # a host user of another organisation of the same visit
# Roles the ROLE_PAGES are tried with (HOST there is a member of a host organisation).
DELEGATION_CONTACT = "delegation contact"
ROLE_PAGE_ROLES = (DELEGATION_CONTACT, HOST, REGIONAL_DEVELOPER, PROGRAMME_MANAGER, ANONYMOUS)


@dataclass(frozen=True)
class ObjectURL:
    world: str  # the name of a pytest fixture in tests/security/worlds.py
    kwargs: Callable[[dict], dict[str, Any]]
    method: str = "get"
    data: dict = field(default_factory=dict)
    # A private link: the token is the credential (no login). Walked with forged tokens,
    # refused to everyone, owner included; the genuine link answers without login.
    token_kwarg: str | None = None
    also_allowed: frozenset[str] = frozenset()
    # The URL names its object by a sequential id (e.g. <int:pk>): allowed only with the
    # object-level check this matrix proves; say why an unguessable reference is not used.
    sequential_id_reason: str = ""
    # For a POST: the request's effect, read from the world (see the module docstring).
    done: Callable[[dict], bool] | None = None


@dataclass(frozen=True)
class RolePage:
    roles: frozenset[str]  # the roles of ROLE_PAGE_ROLES that get 200; the others are refused
    reason: str


def _ref(key: str):
    return lambda w: {"reference": w[key].reference}


def _card_invoiced(w: dict) -> bool:
    from bookings.models import Invoice

    return Invoice.objects.filter(payment=w["receipt"]).exists()


def _visit(w: dict) -> dict:
    return {"pk": w["visit"].pk}


def _report_ref(w: dict) -> dict:
    return {"reference": w["report"].visit.booking.reference}


def _reloaded(obj):
    obj.refresh_from_db()
    return obj


VISIT_ID = (
    "delegation-facing: the visit's id, looked up among the visits of the user's own "
    "organisation only (else 404); a candidate for the booking reference"
)
READERS = frozenset({REGIONAL_DEVELOPER, PROGRAMME_MANAGER})
API_ACCESS_ID = (
    "a token's or webhook's id, looked up among those of the user's own organisations "
    "only (else 404); the secret is never in the URL"
)


OBJECT_URLS: dict[str, ObjectURL] = {
    # API access (api.account_views): tokens and webhooks of the user's own organisation.
    "api_access:revoke": ObjectURL(
        "api_access_world",
        lambda w: {"pk": w["token"].pk},
        method="post",
        sequential_id_reason=API_ACCESS_ID,
        done=lambda w: _reloaded(w["token"]).revoked_at is not None,
    ),
    "api_access:deliveries": ObjectURL(
        "api_access_world", lambda w: {"pk": w["endpoint"].pk}, sequential_id_reason=API_ACCESS_ID
    ),
    "api_access:webhook_delete": ObjectURL(
        "api_access_world",
        lambda w: {"pk": w["endpoint"].pk},
        method="post",
        sequential_id_reason=API_ACCESS_ID,
        done=lambda w: not type(w["endpoint"]).objects.filter(pk=w["endpoint"].pk).exists(),
    ),
    "api_access:webhook_enable": ObjectURL(
        "api_access_world",
        lambda w: {"pk": w["endpoint"].pk},
        method="post",
        sequential_id_reason=API_ACCESS_ID,
        done=lambda w: _reloaded(w["endpoint"]).active,
    ),
    "api_access:resend": ObjectURL(
        "api_access_world",
        lambda w: {"pk": w["endpoint"].pk, "delivery_pk": w["delivery"].pk},
        method="post",
        sequential_id_reason=API_ACCESS_ID,
        done=lambda w: _reloaded(w["delivery"]).status == "pending",
    ),
    # bookings: the world is tests/bookings/test_access.py's (see worlds.bookings_world)
    "bookings:detail": ObjectURL("bookings_world", _ref("confirmed")),
    "bookings:accommodation": ObjectURL("bookings_world", _ref("held")),
    "bookings:extras": ObjectURL("bookings_world", _ref("held")),
    "bookings:participants": ObjectURL("bookings_world", _ref("held")),
    "bookings:participant_edit": ObjectURL(
        "bookings_world",
        lambda w: {"reference": w["confirmed"].reference, "participant_id": w["participant"].pk},
    ),
    "bookings:review": ObjectURL("bookings_world", _ref("held")),
    "bookings:confirmation": ObjectURL("bookings_world", _ref("confirmed")),
    "bookings:cancel": ObjectURL("bookings_world", _ref("confirmed")),
    "bookings:quote_detail": ObjectURL("bookings_world", _ref("quoted")),
    "bookings:quote_version": ObjectURL(
        "bookings_world",
        lambda w: {"reference": w["quoted"].reference, "quote_id": w["quote"].pk},
    ),
    "bookings:quote_pdf": ObjectURL("bookings_world", _ref("quoted")),
    "bookings:pay": ObjectURL("bookings_world", _ref("card")),
    "bookings:pay_card": ObjectURL(
        "bookings_world", _ref("card"), method="post", data={"token": ""}
    ),
    "bookings:pay_return": ObjectURL("bookings_world", _ref("card")),
    "bookings:pay_status": ObjectURL("bookings_world", _ref("card")),
    "bookings:invoice_pdf": ObjectURL("bookings_world", lambda w: {"number": w["invoice"].number}),
    "bookings:receipt_pdf": ObjectURL(
        "bookings_world",
        lambda w: {"reference": w["paid"].reference, "payment_id": w["receipt"].pk},
    ),
    "bookings:card_invoice_request": ObjectURL(
        "bookings_world",
        lambda w: {"reference": w["paid"].reference, "payment_id": w["receipt"].pk},
        method="post",
        done=lambda w: _card_invoiced(w),
    ),
    "bookings:participant_details": ObjectURL(
        "bookings_world", lambda w: {"token": w["token"]}, token_kwarg="token"
    ),
    # accounts: links whose key is the credential (allauth signs them with HMAC)
    "account_confirm_email": ObjectURL(
        "account_world", lambda w: {"key": w["confirm_key"]}, token_kwarg="key"
    ),
    "account_reset_password_from_key": ObjectURL(
        "account_world",
        lambda w: {"uidb36": w["uidb36"], "key": w["reset_key"]},
        token_kwarg="key",
    ),
    # visits, the delegation's side (worlds.visits_world): its own visit only.
    "visits:itinerary": ObjectURL("visits_world", _visit, sequential_id_reason=VISIT_ID),
    "visits:itinerary_pdf": ObjectURL("visits_world", _visit, sequential_id_reason=VISIT_ID),
    "visits:today": ObjectURL("visits_world", _visit, sequential_id_reason=VISIT_ID),
    "visits:today_json": ObjectURL("visits_world", _visit, sequential_id_reason=VISIT_ID),
    "visits:briefing": ObjectURL("visits_world", _visit, sequential_id_reason=VISIT_ID),
    "visits:briefing_pdf": ObjectURL("visits_world", _visit, sequential_id_reason=VISIT_ID),
    "visits:item_ics": ObjectURL(
        "visits_world",
        lambda w: {"pk": w["asked"].item_id},
        # The host the item's request went to, and the managers, get it too.
        also_allowed=frozenset({THE_VISITS_HOST, PROGRAMME_MANAGER}),
        sequential_id_reason=(
            "an itinerary item's id, linked from the itinerary and the host portal; only "
            "the item's delegation, the host asked for it and managers get it (else 404)"
        ),
    ),
    "visits:briefing_participant": ObjectURL(
        "visits_world", lambda w: {"token": w["participant_token"]}, token_kwarg="token"
    ),
    "visits_feed": ObjectURL(
        "visits_world", lambda w: {"token": w["feed"].token}, token_kwarg="token"
    ),
    # Not a private link: the token names the feed, the signed-in owner revokes it.
    "visits:feed_revoke": ObjectURL(
        "visits_world",
        lambda w: {"token": w["feed"].token},
        method="post",
        done=lambda w: _reloaded(w["feed"]).revoked_at is not None,
    ),
    # visits, the host's side (worlds.visits_host_world): requests to its own organisation.
    "visits:host_request": ObjectURL(
        "visits_host_world",
        lambda w: {"pk": w["site_visit"].pk},
        sequential_id_reason=(
            "host-facing: a request's id, looked up among the requests sent to the user's "
            "own host organisations only (else 404)"
        ),
    ),
    "visits:host_availability": ObjectURL(
        "visits_host_world",
        lambda w: {"host_pk": w["host"].pk},
        sequential_id_reason=(
            "host-facing: the host organisation's id (public in the catalogue); only the "
            "user's own organisations answer (else 404)"
        ),
    ),
    # Vetting lists (worlds.vetting_world): only the host's own list, only its fields.
    "visits:host_vetting": ObjectURL(
        "vetting_world",
        lambda w: {"pk": w["site_visit"].pk},
        sequential_id_reason=(
            "host-facing: a request's id, looked up among the requests sent to the user's "
            "own host organisations whose list is open today only (else 404)"
        ),
    ),
    "visits:host_vetting_csv": ObjectURL(
        "vetting_world",
        lambda w: {"pk": w["site_visit"].pk},
        sequential_id_reason=(
            "host-facing: as visits:host_vetting, the same list as CSV (else 404)"
        ),
    ),
    # The check-in page (worlds.check_in_world): the host's users and the managers.
    "visits:check_in": ObjectURL(
        "check_in_world",
        lambda w: {"pk": w["site_visit"].pk},
        also_allowed=frozenset({PROGRAMME_MANAGER}),
        sequential_id_reason=(
            "host- and staff-facing: a site visit's id, looked up among the user's own "
            "host's requests (managers: every site visit being received; else 404)"
        ),
    ),
    # delegations (worlds.delegations_world): the booking's own letters only.
    "delegations:letters": ObjectURL("delegations_world", _ref("booking")),
    "delegations:letter_pdf": ObjectURL(
        "delegations_world",
        lambda w: {"reference": w["booking"].reference, "letter_id": w["letter"].pk},
    ),
    # The letter's verification code is its credential: an embassy opens it unsigned.
    "delegations:letter_verify": ObjectURL(
        "delegations_world", lambda w: {"token": w["letter"].code}, token_kwarg="token"
    ),
    # learning_reports: private links (worlds.report_links_world).
    "learning_reports:feedback": ObjectURL(
        "report_links_world", lambda w: {"token": w["feedback_token"]}, token_kwarg="token"
    ),
    "learning_reports:follow_up": ObjectURL(
        "report_links_world", lambda w: {"token": w["follow_up_token"]}, token_kwarg="token"
    ),
    "learning_reports:shared_report": ObjectURL(
        "report_links_world", lambda w: {"token": w["share_token"]}, token_kwarg="token"
    ),
    "learning_reports:shared_report_pdf": ObjectURL(
        "report_links_world", lambda w: {"token": w["share_token"]}, token_kwarg="token"
    ),
    # learning_reports: the reviewers' pages (worlds.reports_world, a submitted report).
    # Regional developers and programme managers read every report; the visit's own
    # delegation and hosts reach it only through the published report's link.
    "learning_reports:report_detail": ObjectURL("reports_world", _report_ref, also_allowed=READERS),
    "learning_reports:report_status": ObjectURL("reports_world", _report_ref, also_allowed=READERS),
    "learning_reports:report_pdf": ObjectURL("reports_world", _report_ref, also_allowed=READERS),
    # Review (comment, approve): regional developers only; managers are refused.
    "learning_reports:report_comment": ObjectURL(
        "reports_world",
        _report_ref,
        method="post",
        data={"section": "lessons", "text": "Say what should change."},
        also_allowed=frozenset({REGIONAL_DEVELOPER}),
        done=lambda w: w["report"].comments.filter(author=w["owner"]).exists(),
    ),
    "learning_reports:report_action": ObjectURL(
        "reports_world",
        lambda w: {**_report_ref(w), "action": "approve"},
        method="post",
        also_allowed=frozenset({REGIONAL_DEVELOPER}),
        done=lambda w: _reloaded(w["report"]).status == "approved",
    ),
    # Sharing a published report until a chosen day: regional developers only.
    "learning_reports:report_share": ObjectURL(
        "reports_published_world",
        _report_ref,
        method="post",
        data={"expires_on": "2099-12-31"},
        also_allowed=frozenset({REGIONAL_DEVELOPER}),
        done=lambda w: str(_reloaded(w["report"]).share_expires_on) == "2099-12-31",
    ),
    # Editing the texts: programme managers only (worlds.reports_manager_world, a draft).
    "learning_reports:report_texts": ObjectURL(
        "reports_manager_world",
        _report_ref,
        method="post",
        data={"observations": "Seen by the matrix.", "lessons_learned": "", "recommendations": ""},
        done=lambda w: _reloaded(w["report"]).observations == "Seen by the matrix.",
    ),
    # The debrief of one site visit: a member of that host only (worlds.debrief_world).
    "learning_reports:host_debrief": ObjectURL(
        "debrief_world",
        lambda w: {**_report_ref(w), "site_visit_id": w["site_visit"].pk},
        sequential_id_reason=(
            "host-facing: the site visit's id goes with the booking reference, and only a "
            "member of that site visit's host organisation gets through (else 403)"
        ),
    ),
}

# No object in the URL, and only some roles may open the page.
ROLE_PAGES: dict[str, RolePage] = {
    "visits:host_index": RolePage(
        frozenset({HOST}), "the requests sent to the user's own host organisations"
    ),
    "visits:host_vetting_index": RolePage(
        frozenset({HOST}), "the vetting lists of the user's own host organisations"
    ),
    "visits:host_calendar": RolePage(
        frozenset({HOST}), "the calendar feeds of the user and of the user's own organisations"
    ),
    "learning_reports:report_list": RolePage(
        frozenset({REGIONAL_DEVELOPER, PROGRAMME_MANAGER}), "every report: the view permission"
    ),
    "learning_reports:dashboard": RolePage(
        frozenset({REGIONAL_DEVELOPER, PROGRAMME_MANAGER}),
        "impact figures: the dashboard permission",
    ),
    "learning_reports:dashboard_csv": RolePage(
        frozenset({REGIONAL_DEVELOPER, PROGRAMME_MANAGER}),
        "impact figures: the dashboard permission",
    ),
}

# No object in the URL; the page shows the signed-in user's own things only.
OWN_DATA_ONLY: dict[str, str] = {
    "bookings:mine": "the user's own bookings (filtered by organisation membership)",
    "bookings:organisation": "the user's own organisation",
    "bookings:organisation_create": "creates an organisation for the user",
    "bookings:organisation_join": "joins with an invitation code, for the user",
    "bookings:tailored_request": "a tailored-programme request by the user",
    "bookings:start": "starts a booking of a public departure for the user",
    "bookings:waiting_list": "puts the user on a public departure's waiting list",
    "account_email": "the user's own e-mail addresses",
    "account_change_password": "the user's own password",
    "account_set_password": "the user's own password",
    "account_reauthenticate": "re-enter the user's own password",
    "mfa_index": "the user's own authenticators",
    "mfa_activate_totp": "the user's own TOTP",
    "mfa_deactivate_totp": "the user's own TOTP",
    "mfa_view_recovery_codes": "the user's own recovery codes",
    "mfa_generate_recovery_codes": "the user's own recovery codes",
    "mfa_download_recovery_codes": "the user's own recovery codes",
    "accounts:data_export": "the user's own data, as JSON",
    "accounts:delete": "deletes the user's own account",
    "api_access:access": "the API tokens and webhooks of the user's own organisations",
    "api_access:webhook_create": "adds a webhook for one of the user's own organisations",
}

# Named no private object: public by design.
PUBLIC: dict[str, str] = {
    "healthz": "health check, no data",
    "robots_txt": "robots.txt",
    "sitemap": "published pages only",
    "set_language": "sets the language cookie",
    "stripe_webhook": "Stripe's; refused without a valid signature (tests/bookings/test_webhook.py)",
    "account_login": "login form",
    "account_logout": "logout",
    "account_inactive": "static notice",
    "account_signup": "sign-up form",
    "account_email_verification_sent": "static notice",
    "account_reset_password": "asks for an address; never says whether it exists",
    "account_reset_password_done": "static notice",
    "account_reset_password_from_key_done": "static notice",
    "account_confirm_login_code": "the login-code step of the user's own login in progress",
    "mfa_authenticate": "the second step of the user's own login in progress",
    "mfa_reauthenticate": "re-enter the user's own code",
    "delegations:letter_verify_form": "the form where an embassy types a letter's code",
    "wagtail_serve": "published Wagtail pages; private ones use Wagtail's page privacy",
    "wagtailcore_authenticate_with_password": "the password form of a private page",
    "wagtailcore_login": "the login form of a private page",
    "wagtaildocs_serve": (
        "documents managers publish on pages (served as attachments, see "
        "tests/security/test_uploads.py); private collections use Wagtail's privacy"
    ),
    "wagtaildocs_authenticate_with_password": "the password form of a private document",
    # The few public parts of the admins (login, password reset, static assets).
    "admin:login": "Django admin's login form",
    "admin:logout": "logout",
    "wagtailadmin_login": "Wagtail admin's login form",
    "wagtailadmin_password_reset": "asks for an address; never says whether it exists",
    "wagtailadmin_password_reset_done": "static notice",
    "wagtailadmin_password_reset_confirm": "a signed reset link (Django's token generator)",
    "wagtailadmin_password_reset_complete": "static notice",
    "wagtailadmin_sprite": "the admin's icon sprite",
    "wagtailadmin_javascript_catalog": "the admin's translations for JavaScript",
    # The partner API: bearer tokens, no session. Every operation is tried per
    # organisation's token (and with none) in tests/api/test_access_matrix.py.
    **{
        f"api:{name}": "partner API, checked per token in tests/api/test_access_matrix.py"
        for name in (
            "schema docs redoc programmes programme themes hosts bookings booking "
            "booking_participants host_requests host_request accept decline propose "
            "visits visit reports report dashboard webhooks webhook"
        ).split()
    },
}

# Everything under these prefixes is staff-only, whatever it names.
STAFF_PREFIXES: dict[str, str] = {
    "admin/": "the Wagtail admin: access_admin permission and MFA",
    "django-admin/": "Django's admin: is_staff and MFA",
}
