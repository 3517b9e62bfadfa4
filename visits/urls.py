"""Public visits URLs, under the language prefix (/<lang>/visits/...)."""

from django.urls import path

from . import views

app_name = "visits"

urlpatterns = [
    path("host/", views.host_index, name="host_index"),
    path("host/requests/<int:pk>/", views.host_request, name="host_request"),
    path("host/calendar/", views.host_calendar, name="host_calendar"),
    path("host/vetting/", views.host_vetting_index, name="host_vetting_index"),
    path("host/requests/<int:pk>/vetting/", views.host_vetting, name="host_vetting"),
    path("host/requests/<int:pk>/vetting.csv", views.host_vetting_csv, name="host_vetting_csv"),
    path("site-visits/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("host/<int:host_pk>/availability/", views.host_availability, name="host_availability"),
    path("<int:pk>/itinerary/", views.itinerary, name="itinerary"),
    path("<int:pk>/itinerary.pdf", views.itinerary_pdf, name="itinerary_pdf"),
    path("<int:pk>/today/", views.today, name="today"),
    path("<int:pk>/today.json", views.today_json, name="today_json"),
    path("<int:pk>/briefing/", views.briefing, name="briefing"),
    path("<int:pk>/briefing.pdf", views.briefing_pdf, name="briefing_pdf"),
    path("briefing/p/<str:token>/", views.briefing_participant, name="briefing_participant"),
    path("items/<int:pk>.ics", views.item_ics, name="item_ics"),
    path("feeds/<str:token>/revoke/", views.feed_revoke, name="feed_revoke"),
]

# Calendar feeds live outside the language prefix: calendar clients keep one URL.
feed_urlpatterns = [
    path("feeds/visits/<str:token>.ics", views.feed, name="visits_feed"),
]
