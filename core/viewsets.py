"""Wagtail view sets for objects that change only through services."""

from __future__ import annotations

from wagtail.admin.admin_url_finder import ModelAdminURLFinder


class InspectOnlyViewSetMixin:
    """A model view set with no add, edit, delete, history or usage views (its objects
    change only through their services' actions), whose admin links open the inspect
    page. Put it before ModelViewSet: `class BookingViewSet(InspectOnlyViewSetMixin,
    ModelViewSet)`."""

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

    @property
    def url_finder_class(self):
        return type(
            f"{self.model.__name__}AdminURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )
