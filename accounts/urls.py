"""The user's own data (under /accounts/me/, namespace "accounts")."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("data.json", views.data_export, name="data_export"),
    path("delete/", views.delete, name="delete"),
]
