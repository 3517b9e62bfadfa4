"""Delegation-facing booking URLs, under the language prefix (/<lang>/bookings/...), in
the "bookings" namespace: the booking journey here, the card wing's pay pages
(bookings.cards.urls, under pay/) and the invoicing wing's documents
(bookings.invoicing.urls, under invoices/) included.

Objects are addressed by booking reference, signed token or invoice number, never by a
sequential id alone; a participant id only ever appears under its booking's reference
and is looked up within that booking. bookings.participants and bookings.quotes build
links to "participant_details" and "quote_detail" by these names.
"""

from django.urls import include, path, register_converter

from .views import account, checkout, organisation, participants


class ReferenceConverter:
    """A booking reference such as PMJ-7K2M9QXR (upper case, so it never hides "mine/")."""

    regex = "[A-Z0-9][A-Z0-9-]{3,19}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "ref")

app_name = "bookings"

urlpatterns = [
    path("mine/", account.mine, name="mine"),
    path("organisation/", organisation.organisation, name="organisation"),
    path("organisation/new/", organisation.organisation_create, name="organisation_create"),
    path("organisation/join/", organisation.organisation_join, name="organisation_join"),
    path("tailored/", account.tailored_request, name="tailored_request"),
    path("start/<int:departure_id>/", checkout.start, name="start"),
    path("start/<int:departure_id>/waiting-list/", checkout.waiting_list, name="waiting_list"),
    path("participant/<str:token>/", participants.participant_details, name="participant_details"),
    path("<ref:reference>/", account.detail, name="detail"),
    path("<ref:reference>/accommodation/", checkout.accommodation, name="accommodation"),
    path("<ref:reference>/extras/", checkout.extras, name="extras"),
    path("<ref:reference>/participants/", participants.participants, name="participants"),
    path(
        "<ref:reference>/participants/<int:participant_id>/",
        participants.participant_edit,
        name="participant_edit",
    ),
    path("<ref:reference>/review/", checkout.review, name="review"),
    path("<ref:reference>/confirmation/", checkout.confirmation, name="confirmation"),
    path("<ref:reference>/cancel/", account.cancel, name="cancel"),
    path("<ref:reference>/quote/", account.quote, name="quote_detail"),
    path("<ref:reference>/quote/<int:quote_id>/", account.quote, name="quote_version"),
    path("<ref:reference>/quote/pdf/", account.quote_pdf, name="quote_pdf"),
    # The wings' own pages, in the same "bookings" namespace.
    path("pay/", include("bookings.cards.urls")),
    path("invoices/", include("bookings.invoicing.urls")),
]
