"""Where each role's own work is: the header links and the page after signing in.

Only URL names are used here, so `accounts` still imports none of the apps above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .roles import DELEGATION_CONTACTS, HOSTS, PROGRAMME_MANAGERS, is_staff_role, user_has_role


@dataclass(frozen=True)
class WorkLink:
    key: str
    label: str
    url: str


def _reverse(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _may_use_admin(user) -> bool:
    return user_has_role(user, PROGRAMME_MANAGERS) or user.has_perm("wagtailadmin.access_admin")


def _may_read_reports(user) -> bool:
    return user.has_perm("learning_reports.view_learningreport") or user.has_perm(
        "learning_reports.view_impact_dashboard"
    )


def work_links(user) -> list[WorkLink]:
    """The person's own work, most particular first: a host's requests, the admin, the
    reports, a delegation's bookings. Someone without a staff role books for a
    delegation, so "My bookings" is theirs even before their organisation exists."""
    links: list[tuple[str, str, str | None]] = []
    if user_has_role(user, HOSTS):
        links.append(("host", _("Site-visit requests"), _reverse("visits:host_index")))
    if _may_use_admin(user):
        links.append(("admin", _("Admin"), _reverse("wagtailadmin_home")))
    if user.has_perm("learning_reports.view_learningreport"):
        links.append(("reports", _("Learning reports"), _reverse("learning_reports:report_list")))
    if user.has_perm("learning_reports.view_impact_dashboard"):
        links.append(("dashboard", _("Impact dashboard"), _reverse("learning_reports:dashboard")))
    if user_has_role(user, DELEGATION_CONTACTS) or not is_staff_role(user):
        links.append(("bookings", _("My bookings"), _reverse("bookings:mine")))
    # The partner API's tokens and webhooks (api.account_views), for delegations and hosts.
    if (
        user_has_role(user, HOSTS)
        or user_has_role(user, DELEGATION_CONTACTS)
        or not is_staff_role(user)
    ):
        links.append(("api", _("API access"), _reverse("api_access:access")))
    return [WorkLink(key, str(label), url) for key, label, url in links if url]


def landing_url(user) -> str | None:
    """The page a person lands on after signing in: their first piece of work."""
    links = work_links(user)
    return links[0].url if links else None


def sign_in_url(request) -> str:
    """The sign-in page, coming back to this page afterwards (only a same-site path)."""
    url = reverse("account_login")
    if request is None:
        return url
    # The path alone: an anonymous page is cached per address and a query string is
    # the visitor's own (a filter, a token).
    here = request.path
    if here.startswith("/accounts/"):
        return url
    # From the home page a person wants their own work, not the front page again: no
    # `next`, so each role lands where get_login_redirect_url sends it.
    if here.strip("/") in {"", *(code for code, _name in settings.LANGUAGES)}:
        return url
    # No host needed to judge a path, and asking for it would raise DisallowedHost on the
    # very 400 page that answers an unknown Host header.
    if not url_has_allowed_host_and_scheme(here, allowed_hosts=set()):
        return url
    return f"{url}?{urlencode({'next': here})}"
