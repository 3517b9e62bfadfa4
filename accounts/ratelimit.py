"""Rate limits on the forms that attract abuse: login, sign-up, password reset, booking
creation, tailored requests and the enquiry forms.

A fixed window per client address (and per signed-in user) counted in Django's cache
(Redis in production). Only POSTs count; a limited request gets a 429 page that says
when to try again. If the cache itself is down the request is let through: a broken
counter must not stop a delegation from booking.

django-ratelimit was not used: its last release (4.1, 2023) does not claim Django 6.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)

# URL name -> the limit it counts against (several names may share one limit).
LIMITED_VIEWS = {
    "account_login": "login",
    "mfa_authenticate": "login",
    "wagtailadmin_login": "login",
    "account_signup": "signup",
    "account_reset_password": "password_reset",
    "wagtailadmin_password_reset": "password_reset",
    "bookings:start": "booking",
    "bookings:waiting_list": "booking",
    "bookings:tailored_request": "enquiry",
    # Wagtail pages answer POST only when they are forms (the enquiry form pages).
    "wagtail_serve": "enquiry",
}

# "count/seconds": generous for a person, tight for a script.
DEFAULT_RATE_LIMITS = {
    "login": "10/300",
    "signup": "5/3600",
    "password_reset": "5/3600",
    "booking": "20/3600",
    "enquiry": "10/3600",
}


def _limits() -> dict[str, tuple[int, int]]:
    configured = {**DEFAULT_RATE_LIMITS, **getattr(settings, "PAAMAJA_RATE_LIMITS", {})}
    out = {}
    for scope, rate in configured.items():
        count, seconds = rate.split("/")
        out[scope] = (int(count), int(seconds))
    return out


def client_address(request) -> str:
    # REMOTE_ADDR as the proxy in front sets it (gunicorn behind a proxy that rewrites
    # it); X-Forwarded-For is not trusted here, a client could forge it.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(*, scope: str, request) -> int | None:
    """Count this request; the seconds to wait if it is over the limit, else None."""
    count, seconds = _limits()[scope]
    window = int(time.time() // seconds)
    keys = [f"ratelimit:{scope}:{window}:ip:{client_address(request)}"]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys.append(f"ratelimit:{scope}:{window}:user:{user.pk}")
    try:
        over = False
        for key in keys:
            cache.add(key, 0, timeout=seconds + 1)
            over |= cache.incr(key) > count
    except Exception as exc:  # noqa: BLE001 - the cache is down: let the request through
        logger.warning("rate limit not counted: cache unavailable (%s)", type(exc).__name__)
        return None
    if over:
        return seconds - int(time.time()) % seconds
    return None


class RateLimitMiddleware:
    """429 for a POST to a limited view over its limit (see LIMITED_VIEWS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not getattr(settings, "RATE_LIMITS_ENABLED", True):
            return None
        match = request.resolver_match
        scope = LIMITED_VIEWS.get(match.view_name if match else "")
        if scope is None:
            return None
        retry_after = rate_limit_hit(scope=scope, request=request)
        if retry_after is None:
            return None
        logger.info("rate limit %s reached", scope)
        response = render(
            request,
            "429.html",
            {"retry_minutes": max(1, (retry_after + 59) // 60)},
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response
