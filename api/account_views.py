"""API access in a person's account: the tokens and webhooks of the organisations they
belong to (delegation organisations as members, host organisations as host users).
Every member of an organisation administers its API access, as they administer its
bookings; staff tokens for the region are made in the Wagtail admin (api.wagtail_hooks).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bookings.models import Organisation
from core.params import param_choice, parse_int_or_404
from visits.selectors import hosts_for_user

from .enums import OwnerKind
from .forms import TokenForm, WebhookForm
from .models import ApiToken, WebhookDelivery, WebhookEndpoint
from .tokens import TokenError, token_create, token_revoke
from .webhooks import WebhookError, delivery_resend, endpoint_create, endpoint_enable


@dataclass
class Owner:
    kind: str
    obj: object
    key: str
    tokens: list = field(default_factory=list)
    endpoints: list = field(default_factory=list)
    form: TokenForm | None = None
    webhook_form: WebhookForm | None = None

    @property
    def name(self) -> str:
        return self.obj.name

    @property
    def filters(self) -> dict:
        if self.kind == OwnerKind.DELEGATION:
            return {"owner_kind": self.kind, "organisation": self.obj}
        return {"owner_kind": self.kind, "host": self.obj}


def owners_of(user) -> list[Owner]:
    owners = [
        Owner(OwnerKind.DELEGATION, org, f"delegation-{org.pk}")
        for org in Organisation.objects.filter(members=user).order_by("name")
    ]
    owners += [Owner(OwnerKind.HOST, host, f"host-{host.pk}") for host in hosts_for_user(user)]
    return owners


def _owner(request, owners: list[Owner]) -> Owner:
    key = param_choice(request.POST, "owner", [o.key for o in owners])
    return next(o for o in owners if o.key == key)


def _page(request, owners, *, new_secret=None, new_webhook=None, status=200):
    for owner in owners:
        owner.tokens = list(ApiToken.objects.filter(**owner.filters).order_by("-created_at"))
        owner.endpoints = list(
            WebhookEndpoint.objects.filter(**owner.filters).order_by("-created_at")
        )
        owner.form = owner.form or TokenForm(owner_kind=owner.kind, prefix=owner.key)
        owner.webhook_form = owner.webhook_form or WebhookForm(prefix=f"wh-{owner.key}")
    return render(
        request,
        "api/access.html",
        {"owners": owners, "new_secret": new_secret, "new_webhook": new_webhook},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def access(request):
    owners = owners_of(request.user)
    if request.method == "GET":
        return _page(request, owners)
    owner = _owner(request, owners)
    form = TokenForm(request.POST, owner_kind=owner.kind, prefix=owner.key)
    owner.form = form
    if not form.is_valid():
        return _page(request, owners, status=400)
    try:
        new = token_create(
            actor=request.user,
            owner_kind=owner.kind,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_on=form.cleaned_data["expires_on"],
            organisation=owner.obj if owner.kind == OwnerKind.DELEGATION else None,
            host=owner.obj if owner.kind == OwnerKind.HOST else None,
        )
    except TokenError as exc:
        form.add_error(None, exc.message)
        return _page(request, owners, status=400)
    owner.form = None
    # Shown on this answer only: the secret is not stored, so it cannot be shown again.
    response = _page(request, owners, new_secret=new)
    response["Cache-Control"] = "no-store"
    return response


def _own_token(request, pk) -> ApiToken:
    token = get_object_or_404(ApiToken, pk=parse_int_or_404(pk))
    if not any(
        o.kind == token.owner_kind and o.obj.pk == (token.organisation_id or token.host_id)
        for o in owners_of(request.user)
    ):
        raise Http404
    return token


@login_required
@require_POST
def revoke(request, pk):
    token = _own_token(request, pk)
    token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api_access:access")


def _own_endpoint(request, pk) -> WebhookEndpoint:
    endpoint = get_object_or_404(WebhookEndpoint, pk=parse_int_or_404(pk))
    if not any(
        o.kind == endpoint.owner_kind and o.obj.pk == (endpoint.organisation_id or endpoint.host_id)
        for o in owners_of(request.user)
    ):
        raise Http404
    return endpoint


@login_required
@require_POST
def webhook_create(request):
    owners = owners_of(request.user)
    owner = _owner(request, owners)
    form = WebhookForm(request.POST, prefix=f"wh-{owner.key}")
    owner.webhook_form = form
    if not form.is_valid():
        return _page(request, owners, status=400)
    try:
        endpoint = endpoint_create(
            actor=request.user,
            owner_kind=owner.kind,
            organisation=owner.obj if owner.kind == OwnerKind.DELEGATION else None,
            host=owner.obj if owner.kind == OwnerKind.HOST else None,
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
        )
    except WebhookError as exc:
        form.add_error("url", exc.message)
        return _page(request, owners, status=400)
    owner.webhook_form = None
    response = _page(request, owners, new_webhook=endpoint)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def webhook_delete(request, pk):
    endpoint = _own_endpoint(request, pk)
    endpoint.delete()
    messages.success(request, _("The webhook was deleted."))
    return redirect("api_access:access")


@login_required
@require_POST
def webhook_enable(request, pk):
    endpoint_enable(endpoint=_own_endpoint(request, pk), actor=request.user)
    messages.success(request, _("The webhook is enabled again."))
    return redirect("api_access:deliveries", pk=pk)


@login_required
def deliveries(request, pk):
    endpoint = _own_endpoint(request, pk)
    rows = list(WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at")[:100])
    return render(request, "api/deliveries.html", {"endpoint": endpoint, "deliveries": rows})


@login_required
@require_POST
def resend(request, pk, delivery_pk):
    endpoint = _own_endpoint(request, pk)
    delivery = get_object_or_404(
        WebhookDelivery, pk=parse_int_or_404(delivery_pk), endpoint=endpoint
    )
    delivery_resend(delivery=delivery, actor=request.user)
    messages.success(request, _("The event is being sent again."))
    return redirect("api_access:deliveries", pk=endpoint.pk)
