"""The delegation's organisation: create one, or join a colleague's with its join code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import JoinOrganisationForm, OrganisationForm, country_choices
from ._common import user_organisations


def _next_url(request) -> str | None:
    url = request.POST.get("next") or request.GET.get("next")
    if (
        url
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return None


def _done(request, organisation):
    url = _next_url(request)
    # A validated next is an address, never a view name: redirect("abc") would try to
    # reverse it and fail with NoReverseMatch after the organisation was saved.
    return HttpResponseRedirect(url) if url else redirect("bookings:mine")


@login_required
def organisation(request):
    """Your organisations and their join codes; or the choice to create or join one."""
    names = dict(country_choices())
    organisations = user_organisations(request.user)
    for item in organisations:
        item.country_name = names.get(item.country, item.country)
    return render(
        request,
        "bookings/organisation.html",
        {"organisations": organisations, "next": _next_url(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None, initial={"billing_email": request.user.email})
    if request.method == "POST" and form.is_valid():
        organisation = form.save_for(user=request.user)
        messages.success(
            request,
            _("%(name)s is set up. Colleagues can join it with the code on your organisation page.")
            % {"name": organisation.name},
        )
        return _done(request, organisation)
    return render(
        request, "bookings/organisation_form.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_join(request):
    form = JoinOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save_for(user=request.user)
        messages.success(
            request, _("You are now a member of %(name)s.") % {"name": organisation.name}
        )
        return _done(request, organisation)
    return render(
        request, "bookings/organisation_join.html", {"form": form, "next": _next_url(request)}
    )
