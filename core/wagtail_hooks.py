"""Read-only views of the audit log and the outbox, under Reports in the Wagtail admin.

Nobody edits or deletes an audit entry from an admin, not even a superuser: the
viewsets have no add, edit, copy or delete views, the permission policy refuses every
action but "view", and the models are not registered with Django's admin.
"""

import json

import django_filters
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.params import parse_int_or_404

from .models import AuditEntry, OutboxMessage
from .outbox import outbox_retry


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Only "view" is ever allowed; add, change and delete are refused to everyone."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(["view"])


# Registered before any view asks for a policy (Wagtail would create a default one).
register_permission_policy(AuditEntry, ReadOnlyPermissionPolicy(AuditEntry))
register_permission_policy(OutboxMessage, ReadOnlyPermissionPolicy(OutboxMessage))


def _pretty_json(value) -> str:
    return format_html(
        "<pre>{}</pre>",
        json.dumps(value, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False, sort_keys=True),
    )


class ReadOnlyViewSet(ModelViewSet):
    """A listing and an inspect view; nothing else has a URL."""

    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    menu_hook = "register_reports_menu_item"

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(self.model)
        codename = get_permission_codename("view", self.model._meta)

        return Permission.objects.filter(content_type=content_type, codename=codename)

    def register_admin_url_finder(self):
        # No edit view to find.
        pass

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
        ]


# --------------------------------------------------------------------------- audit log


def _actions():
    return [
        (a, a)
        for a in AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    ]


def _content_types(request):
    return ContentType.objects.filter(pk__in=AuditEntry.objects.values("content_type_id")).order_by(
        "app_label", "model"
    )


class AuditEntryFilterSet(WagtailFilterSet):
    content_type = django_filters.ModelChoiceFilter(
        label=_("Subject"), queryset=_content_types, empty_label=_("All")
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=_actions, empty_label=_("All"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    created_at = django_filters.DateFromToRangeFilter(label=_("When"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEntry
        fields: list[str] = []


class AuditEntryIndexView(IndexView):
    page_title = _("Audit log")

    def get_base_queryset(self):
        # The subject is a generic relation: prefetched with one query per kind of
        # subject, each joining the subject's own foreign keys (its __str__ may use them).
        content_types = ContentType.objects.filter(
            pk__in=AuditEntry.objects.values("content_type_id").distinct()
        )
        subjects = [
            model._default_manager.select_related()
            for model in (ct.model_class() for ct in content_types)
            if model is not None
        ]
        return AuditEntry.objects.select_related("actor", "content_type").prefetch_related(
            GenericPrefetch("subject", subjects)
        )


class AuditEntryInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            AuditEntry.objects.select_related("actor", "content_type"),
            pk=parse_int_or_404(self.pk),
        )

    def get_data_display_value(self):
        return _pretty_json(self.object.data)

    def get_subject_display_value(self):
        subject = self.object.subject
        return str(subject) if subject is not None else _("(deleted)")

    def get_actor_display_value(self):
        return str(self.object.actor) if self.object.actor else self.object.actor_label


def _subject(entry: AuditEntry) -> str:
    subject = entry.subject
    label = str(subject) if subject is not None else f"#{entry.object_id}"
    return f"{entry.content_type.name}: {label}"


class AuditEntryViewSet(ReadOnlyViewSet):
    model = AuditEntry
    url_prefix = "audit-log"
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 1100
    index_view_class = AuditEntryIndexView
    inspect_view_class = AuditEntryInspectView
    filterset_class = AuditEntryFilterSet
    search_fields = ["object_id", "action", "actor_label", "actor__email"]
    search_backend_name = None
    ordering = "-created_at"
    list_per_page = 50
    list_display = [
        "action",
        DateColumn("created_at", label=_("When"), sort_key="created_at"),
        Column("subject", label=_("Subject"), accessor=_subject),
        Column(
            "change",
            label=_("Change"),
            accessor=lambda e: (
                f"{e.from_state or '—'} → {e.to_state or '—'}"
                if (e.from_state or e.to_state)
                else ""
            ),
        ),
        Column(
            "who",
            label=_("Who"),
            accessor=lambda e: str(e.actor) if e.actor else e.actor_label,
        ),
    ]
    inspect_view_fields = [
        "created_at",
        "content_type",
        "object_id",
        "subject",
        "action",
        "from_state",
        "to_state",
        "actor",
        "data",
    ]


# --------------------------------------------------------------------------- outbox


def _status_label(message: OutboxMessage) -> str:
    # FAILED is where a message ends after its last attempt: a dead letter (core.outbox).
    if message.status == OutboxMessage.Status.FAILED:
        return str(DEAD_LETTER)
    return message.get_status_display()


DEAD_LETTER = _("Dead letter")
OUTBOX_STATUSES = [
    (value, DEAD_LETTER if value == OutboxMessage.Status.FAILED else label)
    for value, label in OutboxMessage.Status.choices
]


class OutboxFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=OUTBOX_STATUSES,
        empty_label=_("All"),
    )
    task = django_filters.CharFilter(label=_("Task"), lookup_expr="icontains")
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Created"), widget=DateRangePickerWidget
    )

    class Meta:
        model = OutboxMessage
        fields: list[str] = []


def _without_text(value):
    """Ids and numbers stay; text (addresses, names, private links, bodies) is hidden."""
    if isinstance(value, dict):
        return {k: _without_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_text(v) for v in value]
    if isinstance(value, str):
        return "…" if value else ""
    return value


class OutboxIndexView(IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dead_letters"] = OutboxMessage.objects.filter(
            status=OutboxMessage.Status.FAILED
        ).count()
        context["dead_letters_url"] = (
            reverse("outboxmessage:index") + f"?status={OutboxMessage.Status.FAILED}"
        )
        return context


class OutboxInspectView(InspectView):
    template_name = "core/admin/outbox_inspect.html"

    def get_status_display_value(self):
        return _status_label(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.status == OutboxMessage.Status.FAILED:
            context["retry_url"] = reverse("outboxmessage:retry", args=[self.object.pk])
        return context

    def get_kwargs_display_value(self):
        # Managers see what a message is about, never its live links or body (issue 14).
        return _pretty_json(_without_text(self.object.kwargs))

    def get_last_error_display_value(self):
        return (
            format_html("<pre>{}</pre>", self.object.last_error) if self.object.last_error else "—"
        )


class OutboxMessageViewSet(ReadOnlyViewSet):
    model = OutboxMessage
    url_prefix = "outbox"
    icon = "mail"
    menu_label = _("Outbox")
    menu_order = 1101
    index_view_class = OutboxIndexView
    index_template_name = "core/admin/outbox_index.html"
    inspect_view_class = OutboxInspectView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/retry/", self.retry_view, name="retry"),
        ]

    def retry_view(self, request, pk):
        """POST: a dead letter gets a fresh start (core.outbox.outbox_retry, audited)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        message = get_object_or_404(OutboxMessage, pk=pk)
        try:
            outbox_retry(message_id=message.pk, actor=request.user)
        except ValueError:
            messages.error(request, _("Only a dead letter can be retried."))
        else:
            messages.success(request, _("The message was handed over again."))
        return redirect("outboxmessage:inspect", message.pk)

    filterset_class = OutboxFilterSet
    search_fields = ["task"]
    search_backend_name = None
    ordering = "-created_at"
    list_per_page = 50
    list_display = [
        "task",
        StatusTagColumn(
            "status_label",
            accessor=_status_label,
            label=_("Status"),
            sort_key="status",
            primary=lambda m: m.status == OutboxMessage.Status.DONE,
        ),
        Column("attempts", label=_("Attempts"), sort_key="attempts"),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
        DateColumn("done_at", label=_("Done"), sort_key="done_at"),
        Column("last_error", label=_("Last error")),
    ]
    inspect_view_fields = [
        "task",
        "status",
        "attempts",
        "kwargs",
        "last_error",
        "created_at",
        "dispatched_at",
        "done_at",
    ]


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEntryViewSet()


@hooks.register("register_admin_viewset")
def register_outbox():
    return OutboxMessageViewSet()
