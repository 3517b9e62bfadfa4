"""Announcements for higher apps (learning_reports listens; visits never imports it)."""

from django.dispatch import Signal

# Sent after commit when a visit is marked completed. kwargs: visit_id
visit_completed = Signal()
