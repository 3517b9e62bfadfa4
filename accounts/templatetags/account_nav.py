"""The header's account links: "Sign in" for a visitor; signed in, the person's own work
by role, "Account" and "Sign out" (accounts.work)."""

from __future__ import annotations

from django import template

from accounts.work import sign_in_url, work_links

register = template.Library()


@register.simple_tag(takes_context=True)
def account_links(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"signed_in": False, "sign_in_url": sign_in_url(request), "work": []}
    return {"signed_in": True, "work": work_links(user)}
