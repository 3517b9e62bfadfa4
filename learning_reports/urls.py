"""learning_reports' URLs, under /<lang>/ (namespace "learning_reports").

Private links (questionnaires, shared reports) carry a signed token; staff pages name a
report by its visit's booking reference, never by a sequential id alone. The staff
pages (/developer/…, /host/…) require a signed-in user with the permission and TOTP
(learning_reports.staff_views.permission).
"""

from django.urls import path, register_converter

from . import staff_views, views


class ReferenceConverter:
    regex = "[A-Z0-9][A-Z0-9-]{3,19}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "report_ref")

app_name = "learning_reports"

urlpatterns = [
    path("feedback/<str:token>/", views.feedback, name="feedback"),
    path("follow-up/<str:token>/", views.follow_up, name="follow_up"),
    path("reports/shared/<str:token>/", views.shared_report, name="shared_report"),
    path("reports/shared/<str:token>/pdf/", views.shared_report_pdf, name="shared_report_pdf"),
    # Regional developers and programme managers.
    path("developer/reports/", staff_views.report_list, name="report_list"),
    path(
        "developer/reports/<report_ref:reference>/", staff_views.report_detail, name="report_detail"
    ),
    path(
        "developer/reports/<report_ref:reference>/status.json",
        staff_views.report_status,
        name="report_status",
    ),
    path(
        "developer/reports/<report_ref:reference>/pdf/", staff_views.report_pdf, name="report_pdf"
    ),
    path(
        "developer/reports/<report_ref:reference>/share/",
        staff_views.report_share,
        name="report_share",
    ),
    path(
        "developer/reports/<report_ref:reference>/texts/",
        staff_views.report_texts,
        name="report_texts",
    ),
    path(
        "developer/reports/<report_ref:reference>/comment/",
        staff_views.report_comment,
        name="report_comment",
    ),
    path(
        "developer/reports/<report_ref:reference>/<slug:action>/",
        staff_views.report_action,
        name="report_action",
    ),
    path("developer/dashboard/", staff_views.dashboard, name="dashboard"),
    path("developer/dashboard.csv", staff_views.dashboard_csv, name="dashboard_csv"),
    # Hosts: the debrief of one of their site visits.
    path(
        "host/debrief/<report_ref:reference>/<int:site_visit_id>/",
        staff_views.host_debrief,
        name="host_debrief",
    ),
]
