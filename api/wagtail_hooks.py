"""The region's (staff) API tokens in the Wagtail admin: Settings > API tokens.

The admin is a staff area, so StaffMFARequiredMiddleware has already sent anyone
without TOTP to set it up; token_create checks TOTP again for staff tokens."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from accounts.roles import PROGRAMME_MANAGERS, user_has_role
from core.params import parse_int_or_404

from .enums import OwnerKind
from .forms import TokenForm
from .models import ApiToken
from .tokens import TokenError, token_create, token_revoke

NS = "api_tokens_admin"


def may_manage(user) -> bool:
    return user.is_active and (user.is_superuser or user_has_role(user, PROGRAMME_MANAGERS))


class RegionTokensView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "api/admin/tokens.html"
    page_title = gettext_lazy("API tokens of the region")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not may_manage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", TokenForm(owner_kind=OwnerKind.REGION))
        context["tokens"] = ApiToken.objects.filter(owner_kind=OwnerKind.REGION).select_related(
            "created_by"
        )
        return context

    def post(self, request):
        form = TokenForm(request.POST, owner_kind=OwnerKind.REGION)
        if form.is_valid():
            try:
                new = token_create(
                    actor=request.user,
                    owner_kind=OwnerKind.REGION,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    expires_on=form.cleaned_data["expires_on"],
                )
            except TokenError as exc:
                form.add_error(None, exc.message)
            else:
                response = self.render_to_response(
                    self.get_context_data(
                        new_secret=new, form=TokenForm(owner_kind=OwnerKind.REGION)
                    )
                )
                response["Cache-Control"] = "no-store"
                return response
        return self.render_to_response(self.get_context_data(form=form), status=400)


def revoke_view(request, pk):
    if not may_manage(request.user) or request.method != "POST":
        raise PermissionDenied
    token = get_object_or_404(ApiToken, pk=parse_int_or_404(pk), owner_kind=OwnerKind.REGION)
    token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect(reverse(f"{NS}:index"))


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage(request.user)


class RegionTokensViewSet(ViewSet):
    name = NS
    url_prefix = "api-tokens"
    icon = "key"
    menu_label = gettext_lazy("API tokens")
    menu_item_class = ManagerMenuItem
    add_to_settings_menu = True

    def get_urlpatterns(self):
        return [
            path("", RegionTokensView.as_view(), name="index"),
            path("<int:pk>/revoke/", revoke_view, name="revoke"),
        ]


@hooks.register("register_admin_viewset")
def register_region_tokens():
    return RegionTokensViewSet()
