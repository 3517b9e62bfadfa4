"""Delegation logistics under /<lang>/delegations/ (namespace "delegations").

A booking is addressed by its reference and looked up among the user's organisations'
bookings; a letter's id only under its booking. The verification page is public: its
code (12 characters from 31, the URL's `token`) is the only key, and it shows only what the letter prints.
"""

from django.urls import path

from . import views

app_name = "delegations"

urlpatterns = [
    path("letters/verify/", views.letter_verify, name="letter_verify_form"),
    path("letters/verify/<str:token>/", views.letter_verify, name="letter_verify"),
    path("<str:reference>/letters/", views.letters, name="letters"),
    path("<str:reference>/letters/<str:letter_id>/pdf/", views.letter_pdf, name="letter_pdf"),
]
