from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits")

    def ready(self) -> None:
        # function-level: apps.py loads before any models; ready() runs once all are loaded
        from bookings import signals as booking_signals

        from . import datamap, receivers, retention  # noqa: F401  (core.datamap, core.retention)

        booking_signals.booking_confirmed.connect(
            receivers.on_booking_confirmed, dispatch_uid="visits.booking_confirmed"
        )
        # function-level: apps.py loads before any models; ready() runs once all are loaded
        from bookings.extensions import admin_booking_links, booking_panels

        booking_panels.connect(receivers.booking_panel, dispatch_uid="visits.booking_panel")
        admin_booking_links.connect(
            receivers.admin_booking_link, dispatch_uid="visits.admin_booking_link"
        )
        booking_signals.booking_cancelled.connect(
            receivers.on_booking_cancelled, dispatch_uid="visits.booking_cancelled"
        )
        # function-level: apps.py loads before any models; ready() runs once all are loaded
        from . import dates

        booking_signals.booking_dates_changed.connect(
            dates.on_booking_dates_changed, dispatch_uid="visits.booking_dates_changed"
        )
        # function-level: apps.py loads before any models; ready() runs once all are loaded
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete

        from bookings.models import Organisation

        from .models import HostMembership

        post_delete.connect(
            receivers.on_host_membership_deleted,
            sender=HostMembership,
            dispatch_uid="visits.host_membership_deleted",
        )
        m2m_changed.connect(
            receivers.on_organisation_members_changed,
            sender=Organisation.members.through,
            dispatch_uid="visits.organisation_members_changed",
        )
        m2m_changed.connect(
            receivers.on_user_groups_changed,
            sender=get_user_model().groups.through,
            dispatch_uid="visits.user_groups_changed",
        )
