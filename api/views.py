"""The partner API, /api/v1/. Thin views: scope and owner checks, a selector for reads,
one service call for writes (the same services, locks and lifecycle as the web).

Every queryset starts from the token's owner (`owned_*` below): an object of another
organisation is not found (404), never shown or changed.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from wagtail.models import Locale

from accounts.roles import is_staff_role
from bookings.enums import BookingStatus
from bookings.errors import InvalidTransition
from bookings.models import Booking, Participant
from bookings.participants import participant_slots_ensure, participant_update
from bookings.services import booking_start
from core.params import BadParameter, param_choice, param_date, parse_int, parse_int_or_404
from learning_reports.models import LearningReport
from learning_reports.selectors import DashboardFilter, dashboard_figures, published_reports
from programmes.enums import Sector
from programmes.models import Departure, HostOrganisation, ProgrammePage, ThemePage
from programmes.selectors import localized_themes, upcoming_departures, with_seats_left
from visits.enums import SiteVisitStatus
from visits.models import SiteVisit, Visit
from visits.services import (
    host_user_may_answer,
    site_visit_accept,
    site_visit_decline,
    site_visit_propose,
)

from . import serializers as s
from .authentication import BearerTokenAuthentication, HasScope, TokenRateThrottle, request_token
from .enums import OwnerKind, Scope
from .idempotency import run_idempotent
from .models import WebhookEndpoint
from .problems import PROBLEM, problem_body
from .webhooks import WebhookError, endpoint_create


def _query(request):
    """The query parameters, refusing an empty one (`?status=`): core.params reads an
    empty value as a missing one, which the schema does not allow (an empty status is
    not one of the states)."""
    for name, values in request.query_params.lists():
        if name != "cursor" and any(not v.strip() for v in values):
            raise BadParameter(name, _("“%(name)s” is empty.") % {"name": name})
    return request.query_params


# core.params reads dates of the years 1900-2100 (else 400): the schema says so.
DATE_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"


# Marks a GET that answers a page of rows: the schema then documents the cursor page
# (next, previous, results) and its query parameters. The views' own `get` answers;
# ListModelMixin.list is never routed. (A comment: a docstring would become every list
# operation's description in the schema.)
class ListMixin(ListModelMixin):
    pass


class Cursor(CursorPagination):
    page_size = 25
    max_page_size = 100
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        # DRF falls back to the default for a page_size it cannot read; we say so (400),
        # as for every other parameter, and the schema gives the bounds.
        if self.page_size_query_param not in request.query_params:
            return self.page_size
        return parse_int(
            request.query_params[self.page_size_query_param],
            self.page_size_query_param,
            min_value=1,
            max_value=self.max_page_size,
        )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 100}
        return parameters


def creator_belongs(token) -> bool:
    user = token.created_by
    if user is None or not user.is_active:
        return False
    if token.owner_kind == OwnerKind.DELEGATION:
        return token.organisation.members.filter(pk=user.pk).exists()
    if token.owner_kind == OwnerKind.HOST:
        return host_user_may_answer(user, token.host)
    return is_staff_role(user)


class ApiView(GenericAPIView):
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [TokenRateThrottle]
    required_scopes: dict[str, str] = {}
    # Which owners the operation is for; another owner's token gets 403.
    owners: tuple[str, ...] = ()
    # Operations on the owner's own things (webhooks) for any kind of owner.
    needs_owner = False
    pagination_class = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        token = request_token(request)
        if self.owners and token is not None and token.owner_kind not in self.owners:
            raise exceptions.PermissionDenied("This operation is not for this token's owner.")
        if (self.owners or self.needs_owner) and token is not None and not creator_belongs(token):
            # A token acts for the person who made it: once they left the organisation
            # (or lost the staff role) it reaches nothing of the organisation's.
            raise exceptions.PermissionDenied(
                "The token's creator no longer belongs to its organisation."
            )

    @property
    def token(self):
        return request_token(self.request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        limits = getattr(request, "_ratelimit", None)
        if limits is not None:
            limit, remaining, reset, window = limits
            response["RateLimit-Policy"] = f"{limit};w={window}"
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(reset)
            if response.status_code == 429:
                response["Retry-After"] = str(reset)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            response.setdefault("Cache-Control", "private, no-cache")
            vary = [v for v in (response.get("Vary", "") or "").split(",") if v.strip()]
            response["Vary"] = ", ".join([*vary, "Accept-Language", "Authorization"])
            sent = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
            if etag in sent or "*" in sent:
                response.status_code = 304
                response.content = b""
                del response["Content-Type"]
        if response.status_code >= 400 and not response.has_header("Content-Type"):
            response["Content-Type"] = PROBLEM
        return response

    def post_idempotent(self, request, handler):
        return run_idempotent(self, request, handler)


# --------------------------------------------------------------------------- catalogue


def _locale() -> Locale:
    try:
        return Locale.objects.get(language_code=translation.get_language())
    except Locale.DoesNotExist:
        return Locale.get_default()


def _decorate_programmes(pages: list[ProgrammePage]) -> list[ProgrammePage]:
    locale = _locale()
    themes = localized_themes(pages=pages, locale=locale)
    departures: dict = {}
    for departure in with_seats_left(
        list(upcoming_departures(translation_keys={p.translation_key for p in pages}))
    ):
        departures.setdefault(departure.page.translation_key, []).append(departure)
    for page in pages:
        page.api_themes = [t.translation_key for t in themes.get(page.pk, [])]
        page.api_departures = departures.get(page.translation_key, [])
        page.api_price_from = page.price_from
        page.api_url = page.get_url()
    return pages


class _Catalogue(ApiView):
    """Public: no token needed; a token needs catalogue:read."""

    required_scopes = {"GET": Scope.CATALOGUE_READ}

    def check_permissions(self, request):
        if request_token(request) is None:
            return
        super().check_permissions(request)


def _programmes():
    return (
        ProgrammePage.objects.live()
        .public()
        .filter(locale=_locale())
        .select_related("locale")
        .prefetch_related("price_tiers")
    )


class ProgrammeList(ListMixin, _Catalogue):
    serializer_class = s.ProgrammeSerializer
    pagination_class = Cursor

    def get_queryset(self):
        return _programmes().order_by("pk")

    @extend_schema(operation_id="programmes_list", summary="Programmes with their departures")
    def get(self, request):
        self.paginator.ordering = "pk"
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            s.ProgrammeSerializer(_decorate_programmes(list(page)), many=True).data
        )


class ProgrammeDetail(_Catalogue):
    serializer_class = s.ProgrammeSerializer

    @extend_schema(operation_id="programmes_retrieve")
    def get(self, request, id):
        page = get_object_or_404(_programmes(), translation_key=id)
        return Response(s.ProgrammeSerializer(_decorate_programmes([page])[0]).data)


class ThemeList(ListMixin, _Catalogue):
    serializer_class = s.ThemeSerializer
    pagination_class = Cursor

    @extend_schema(operation_id="themes_list")
    def get(self, request):
        self.paginator.ordering = "pk"
        qs = ThemePage.objects.live().public().filter(locale=_locale()).select_related("locale")
        page = self.paginate_queryset(qs.order_by("pk"))
        return self.get_paginated_response(s.ThemeSerializer(page, many=True).data)


class HostList(ListMixin, _Catalogue):
    serializer_class = s.HostSerializer
    pagination_class = Cursor

    @extend_schema(
        operation_id="hosts_list",
        parameters=[
            OpenApiParameter(
                "sector", str, enum=Sector.values, description="Only hosts of this sector."
            )
        ],
    )
    def get(self, request):
        self.paginator.ordering = "pk"
        qs = HostOrganisation.objects.filter(locale=_locale()).select_related("locale")
        sector = param_choice(_query(request), "sector", Sector.values, required=False)
        if sector:
            qs = qs.filter(sector=sector)
        page = self.paginate_queryset(qs.order_by("pk"))
        return self.get_paginated_response(s.HostSerializer(page, many=True).data)


# --------------------------------------------------------------------------- bookings


def owned_bookings(token):
    return (
        Booking.objects.filter(organisation_id=token.organisation_id)
        .select_related("organisation", "programme")
        .annotate(api_named=Count("participants", filter=~Q(participants__completed_at=None)))
    )


STATUS_PARAM = OpenApiParameter(
    "status", str, enum=BookingStatus.values, description="Only bookings in this state."
)


class BookingList(ListMixin, ApiView):
    required_scopes = {"GET": Scope.BOOKINGS_READ, "POST": Scope.BOOKINGS_WRITE}
    owners = (OwnerKind.DELEGATION,)
    serializer_class = s.BookingSerializer
    pagination_class = Cursor

    @extend_schema(
        operation_id="bookings_list",
        parameters=[
            STATUS_PARAM,
            OpenApiParameter(
                "starts_from",
                OpenApiTypes.DATE,
                pattern=DATE_PATTERN,
                description="Programme starts on or after.",
            ),
        ],
    )
    def get(self, request):
        qs = owned_bookings(self.token)
        wanted = param_choice(_query(request), "status", BookingStatus.values, required=False)
        if wanted:
            qs = qs.filter(status=wanted)
        starts_from = param_date(_query(request), "starts_from", required=False)
        if starts_from:
            qs = qs.filter(start_date__gte=starts_from)
        self.paginator.ordering = "-created_at"
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.BookingSerializer(page, many=True).data)

    @extend_schema(
        operation_id="bookings_hold_create",
        summary="Hold seats on a departure (the web's checkout hold)",
        request=s.HoldCreateSerializer,
        responses={201: s.BookingSerializer},
    )
    def post(self, request):
        return self.post_idempotent(request, lambda: self._hold(request))

    def _hold(self, request):
        data = s.HoldCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # As the web's checkout: a departure of a live programme (booking_start decides
        # the rest: scheduled, not started, group size, seats, membership, under its lock).
        departure = get_object_or_404(
            Departure.objects.select_related("page"),
            pk=data.validated_data["departure"],
            page__live=True,
        )
        contact = self.token.created_by
        if contact is None:
            raise exceptions.PermissionDenied("The token's creator no longer has an account.")
        booking = booking_start(
            departure=departure,
            organisation=self.token.organisation,
            contact=contact,
            participants_count=data.validated_data["participants_count"],
            language=data.validated_data["language"],
        )
        booking = owned_bookings(self.token).get(pk=booking.pk)
        response = Response(s.BookingSerializer(booking).data, status=status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/bookings/{booking.reference}/"
        return response


class BookingDetail(ApiView):
    required_scopes = {"GET": Scope.BOOKINGS_READ}
    owners = (OwnerKind.DELEGATION,)
    serializer_class = s.BookingSerializer

    @extend_schema(operation_id="bookings_retrieve")
    def get(self, request, reference):
        booking = get_object_or_404(owned_bookings(self.token), reference=reference)
        return Response(s.BookingSerializer(booking).data)


class ParticipantCreate(ApiView):
    required_scopes = {"POST": Scope.BOOKINGS_WRITE}
    owners = (OwnerKind.DELEGATION,)
    serializer_class = s.ParticipantCreateSerializer

    @extend_schema(
        operation_id="bookings_participants_create",
        summary="Name the next participant of the booking",
        request=s.ParticipantCreateSerializer,
        responses={201: s.ParticipantCreatedSerializer},
    )
    def post(self, request, reference):
        return self.post_idempotent(request, lambda: self._add(request, reference))

    def _add(self, request, reference):
        booking = get_object_or_404(owned_bookings(self.token), reference=reference)
        data = s.ParticipantCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            # The booking's row lock (the one participant_slots_ensure takes) is held
            # while the free seat is chosen and filled, so two concurrent adds never
            # pick the same seat; participant_update locks the participant itself.
            slots = participant_slots_ensure(booking=booking)
            free = [p for p in slots if p.completed_at is None and not p.first_name]
            if not free:
                raise InvalidTransition(_("Every seat of this booking already has a participant."))
            participant = participant_update(
                participant=free[0], data=dict(data.validated_data), actor=self.token.created_by
            )
        participant = Participant.objects.get(pk=participant.pk)
        body = {
            "id": participant.pk,
            "complete": participant.completed_at is not None,
            "booking": booking.reference,
        }
        return Response(s.ParticipantCreatedSerializer(body).data, status=201)


# --------------------------------------------------------------------------- hosts


def owned_host_requests(token):
    return (
        SiteVisit.objects.filter(host__translation_key=token.host.translation_key)
        .exclude(status=SiteVisitStatus.DRAFT)
        .select_related("host", "item__visit__booking")
        .order_by("-requested_at", "-pk")
    )


def _host_request_data(site_visit) -> dict:
    visit = site_visit.item.visit
    site_visit.api_title = "Delegation visit" if visit.confidential else site_visit.item.title
    return s.HostRequestSerializer(site_visit).data


class HostRequestList(ListMixin, ApiView):
    required_scopes = {"GET": Scope.VISITS_READ}
    owners = (OwnerKind.HOST,)
    serializer_class = s.HostRequestSerializer
    pagination_class = Cursor

    @extend_schema(
        operation_id="host_requests_list",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=[v for v in SiteVisitStatus.values if v != SiteVisitStatus.DRAFT],
                description="Only requests in this state.",
            )
        ],
    )
    def get(self, request):
        qs = owned_host_requests(self.token)
        wanted = param_choice(_query(request), "status", SiteVisitStatus.values, required=False)
        if wanted:
            qs = qs.filter(status=wanted)
        self.paginator.ordering = ("-requested_at", "-pk")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([_host_request_data(sv) for sv in page])


class HostRequestDetail(ApiView):
    required_scopes = {"GET": Scope.VISITS_READ}
    owners = (OwnerKind.HOST,)
    serializer_class = s.HostRequestSerializer

    @extend_schema(operation_id="host_requests_retrieve")
    def get(self, request, id):
        return Response(
            _host_request_data(
                get_object_or_404(owned_host_requests(self.token), pk=parse_int_or_404(id))
            )
        )


class _HostAnswer(ApiView):
    required_scopes = {"POST": Scope.HOST_REQUESTS_WRITE}
    owners = (OwnerKind.HOST,)
    serializer_class = s.HostRequestSerializer
    answer_serializer = None

    def post(self, request, id):
        return self.post_idempotent(request, lambda: self._answer(request, id))

    def _answer(self, request, id):
        site_visit = get_object_or_404(owned_host_requests(self.token), pk=parse_int_or_404(id))
        data = {}
        if self.answer_serializer is not None:
            form = self.answer_serializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = form.validated_data
        actor = self.token.created_by
        if actor is None:
            raise exceptions.PermissionDenied("The token's creator no longer has an account.")
        self.answer(site_visit, actor, data)
        return Response(_host_request_data(owned_host_requests(self.token).get(pk=site_visit.pk)))


class HostRequestAccept(_HostAnswer):
    @extend_schema(operation_id="host_requests_accept", request=None)
    def post(self, request, id):
        return super().post(request, id)

    def answer(self, site_visit, actor, data):
        site_visit_accept(site_visit=site_visit, actor=actor)


class HostRequestDecline(_HostAnswer):
    answer_serializer = s.DeclineSerializer

    @extend_schema(operation_id="host_requests_decline", request=s.DeclineSerializer)
    def post(self, request, id):
        return super().post(request, id)

    def answer(self, site_visit, actor, data):
        site_visit_decline(site_visit=site_visit, actor=actor, reason=data["reason"])


class HostRequestPropose(_HostAnswer):
    answer_serializer = s.ProposeSerializer

    @extend_schema(operation_id="host_requests_propose", request=s.ProposeSerializer)
    def post(self, request, id):
        return super().post(request, id)

    def answer(self, site_visit, actor, data):
        site_visit_propose(
            site_visit=site_visit, actor=actor, starts_at=data["starts_at"], ends_at=data["ends_at"]
        )


# --------------------------------------------------------------------------- visits


def owned_visits(token):
    qs = Visit.objects.select_related("booking").order_by("starts_on", "pk")
    if token.owner_kind == OwnerKind.REGION:
        return qs
    return qs.filter(booking__organisation_id=token.organisation_id)


def _visit_data(visit) -> dict:
    visit.api_items = [i for i in visit.items.all() if not i.removed]  # prefetched with their hosts
    return s.VisitSerializer(visit).data


class VisitList(ListMixin, ApiView):
    required_scopes = {"GET": Scope.VISITS_READ}
    owners = (OwnerKind.DELEGATION, OwnerKind.REGION)
    serializer_class = s.VisitSerializer
    pagination_class = Cursor

    @extend_schema(operation_id="visits_list")
    def get(self, request):
        self.paginator.ordering = ("starts_on", "pk")
        qs = owned_visits(self.token).prefetch_related("items__host")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([_visit_data(v) for v in page])


class VisitDetail(ApiView):
    required_scopes = {"GET": Scope.VISITS_READ}
    owners = (OwnerKind.DELEGATION, OwnerKind.REGION)
    serializer_class = s.VisitSerializer

    @extend_schema(operation_id="visits_retrieve")
    def get(self, request, id):
        qs = owned_visits(self.token).prefetch_related("items__host")
        return Response(_visit_data(get_object_or_404(qs, pk=parse_int_or_404(id))))


# --------------------------------------------------------------------------- reports


def owned_reports(token):
    qs = published_reports().select_related("visit__booking").order_by("-published_at", "-pk")
    if token.owner_kind == OwnerKind.REGION:
        return qs
    return qs.filter(visit__booking__organisation_id=token.organisation_id)


class ReportList(ListMixin, ApiView):
    required_scopes = {"GET": Scope.REPORTS_READ}
    owners = (OwnerKind.DELEGATION, OwnerKind.REGION)
    serializer_class = s.ReportSerializer
    pagination_class = Cursor

    @extend_schema(operation_id="reports_list")
    def get(self, request):
        self.paginator.ordering = ("-published_at", "-pk")
        page = self.paginate_queryset(owned_reports(self.token))
        return self.get_paginated_response(s.ReportSerializer(page, many=True).data)


class ReportDetail(ApiView):
    required_scopes = {"GET": Scope.REPORTS_READ}
    owners = (OwnerKind.DELEGATION, OwnerKind.REGION)
    serializer_class = s.ReportSerializer

    @extend_schema(operation_id="reports_retrieve")
    def get(self, request, id):
        report: LearningReport = get_object_or_404(
            owned_reports(self.token), pk=parse_int_or_404(id)
        )
        return Response(s.ReportSerializer(report).data)


class Dashboard(ApiView):
    required_scopes = {"GET": Scope.REPORTS_READ}
    owners = (OwnerKind.REGION,)
    serializer_class = s.DashboardSerializer

    @extend_schema(
        operation_id="dashboard_retrieve",
        summary="The impact dashboard's figures for the region",
        parameters=[
            OpenApiParameter(
                "date_from",
                OpenApiTypes.DATE,
                pattern=DATE_PATTERN,
                description="Visits starting on or after.",
            ),
            OpenApiParameter(
                "date_to",
                OpenApiTypes.DATE,
                pattern=DATE_PATTERN,
                description="Visits starting on or before.",
            ),
        ],
    )
    def get(self, request):
        figures = dashboard_figures(
            DashboardFilter(
                date_from=param_date(_query(request), "date_from", required=False),
                date_to=param_date(_query(request), "date_to", required=False),
            )
        )
        return Response(s.DashboardSerializer(figures).data)


# --------------------------------------------------------------------------- webhooks


def owned_endpoints(token):
    return WebhookEndpoint.objects.filter(
        owner_kind=token.owner_kind,
        organisation_id=token.organisation_id,
        host_id=token.host_id,
    )


class WebhookList(ListMixin, ApiView):
    needs_owner = True
    required_scopes = {"GET": Scope.WEBHOOKS_MANAGE, "POST": Scope.WEBHOOKS_MANAGE}
    serializer_class = s.WebhookEndpointSerializer
    pagination_class = Cursor

    @extend_schema(operation_id="webhooks_list")
    def get(self, request):
        self.paginator.ordering = "-created_at"
        page = self.paginate_queryset(owned_endpoints(self.token))
        return self.get_paginated_response(s.WebhookEndpointSerializer(page, many=True).data)

    @extend_schema(
        operation_id="webhooks_create",
        request=s.WebhookEndpointSerializer,
        responses={201: s.WebhookEndpointCreatedSerializer},
    )
    def post(self, request):
        return self.post_idempotent(request, lambda: self._create(request))

    def _create(self, request):
        form = s.WebhookEndpointSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        token = self.token
        try:
            endpoint = endpoint_create(
                actor=token.created_by,
                owner_kind=token.owner_kind,
                organisation=token.organisation,
                host=token.host,
                url=form.validated_data["url"],
                events=form.validated_data["events"],
            )
        except WebhookError as exc:
            # Well-formed but refused (not a public address): 422, as the other rules.
            return Response(
                problem_body(
                    422,
                    detail=str(exc.message),
                    type_="refused",
                    errors={"url": [str(exc.message)]},
                ),
                status=422,
                content_type=PROBLEM,
            )
        return Response(s.WebhookEndpointCreatedSerializer(endpoint).data, status=201)


class WebhookDetail(ApiView):
    needs_owner = True
    required_scopes = {"GET": Scope.WEBHOOKS_MANAGE, "DELETE": Scope.WEBHOOKS_MANAGE}
    serializer_class = s.WebhookEndpointSerializer

    @extend_schema(operation_id="webhooks_retrieve")
    def get(self, request, id):
        endpoint = get_object_or_404(owned_endpoints(self.token), pk=parse_int_or_404(id))
        return Response(s.WebhookEndpointSerializer(endpoint).data)

    @extend_schema(operation_id="webhooks_destroy", responses={204: None})
    def delete(self, request, id):
        get_object_or_404(owned_endpoints(self.token), pk=parse_int_or_404(id)).delete()
        return Response(status=204)
