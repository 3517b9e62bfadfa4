"""API access in the account, under the language prefix (namespace "api_access")."""

from django.urls import path

from . import account_views as views

app_name = "api_access"

urlpatterns = [
    path("", views.access, name="access"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("webhooks/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/", views.deliveries, name="deliveries"),
    path("webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path("webhooks/<int:pk>/enable/", views.webhook_enable, name="webhook_enable"),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/resend/",
        views.resend,
        name="resend",
    ),
]
