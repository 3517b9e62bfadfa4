"""The admin's "Invitation letters" menu item (under Bookings' neighbour, for managers)
and the per-booking delegation pages, reached from the admin booking page."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .admin_views import (
    NS,
    BadgesView,
    BookingDelegationView,
    LetterDetailView,
    LetterPdfView,
    LetterRegisterView,
    PrintListView,
    RoomingDocumentView,
    is_manager,
)


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_manager(request.user)


class DelegationsViewSet(ViewSet):
    name = NS
    url_prefix = "delegation-logistics"
    icon = "mail"
    menu_label = _("Invitation letters")
    menu_item_class = ManagerMenuItem
    menu_order = 255
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", LetterRegisterView.as_view(), name="index"),
            path("letters/<int:pk>/", LetterDetailView.as_view(), name="letter"),
            path("letters/<int:pk>/pdf/", LetterPdfView.as_view(), name="letter_pdf"),
            path("bookings/<int:pk>/", BookingDelegationView.as_view(), name="booking"),
            path("bookings/<int:pk>/lists/<slug:kind>.pdf", PrintListView.as_view(), name="print"),
            path("bookings/<int:pk>/badges.pdf", BadgesView.as_view(), name="badges"),
            path(
                "bookings/<int:pk>/rooming/<int:hotel_id>.<slug:fmt>",
                RoomingDocumentView.as_view(),
                name="rooming",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_delegations():
    return DelegationsViewSet()
