"""/api/v1/: the partner API, its OpenAPI schema and documentation pages."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("programmes/", views.ProgrammeList.as_view(), name="programmes"),
    path("programmes/<uuid:id>/", views.ProgrammeDetail.as_view(), name="programme"),
    path("themes/", views.ThemeList.as_view(), name="themes"),
    path("hosts/", views.HostList.as_view(), name="hosts"),
    path("bookings/", views.BookingList.as_view(), name="bookings"),
    path("bookings/<str:reference>/", views.BookingDetail.as_view(), name="booking"),
    path(
        "bookings/<str:reference>/participants/",
        views.ParticipantCreate.as_view(),
        name="booking_participants",
    ),
    path("host-requests/", views.HostRequestList.as_view(), name="host_requests"),
    path("host-requests/<int:id>/", views.HostRequestDetail.as_view(), name="host_request"),
    path("host-requests/<int:id>/accept/", views.HostRequestAccept.as_view(), name="accept"),
    path("host-requests/<int:id>/decline/", views.HostRequestDecline.as_view(), name="decline"),
    path("host-requests/<int:id>/propose/", views.HostRequestPropose.as_view(), name="propose"),
    path("visits/", views.VisitList.as_view(), name="visits"),
    path("visits/<int:id>/", views.VisitDetail.as_view(), name="visit"),
    path("reports/", views.ReportList.as_view(), name="reports"),
    path("reports/<int:id>/", views.ReportDetail.as_view(), name="report"),
    path("dashboard/", views.Dashboard.as_view(), name="dashboard"),
    path("webhooks/", views.WebhookList.as_view(), name="webhooks"),
    path("webhooks/<int:id>/", views.WebhookDetail.as_view(), name="webhook"),
]
