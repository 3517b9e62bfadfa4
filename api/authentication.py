"""Bearer tokens (api.tokens), scopes, and a fixed-window rate limit per token."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from rest_framework import authentication, exceptions, permissions, throttling

from accounts.ratelimit import client_address

from .tokens import token_authenticate


class TokenUser:
    """What request.user is for a token: the person who created it acts through it (the
    services check their membership as for the web), the token says for whom."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, token):
        self.token = token

    @property
    def pk(self):
        return None


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != b"bearer":
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send 'Authorization: Bearer <token>'.")
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        token = token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid, expired or revoked.")
        return (TokenUser(token), token)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def request_token(request):
    auth = getattr(request, "auth", None)
    return auth if auth is not None and hasattr(auth, "scopes") else None


class HasScope(permissions.BasePermission):
    """The view's `required_scopes` (per method name: "GET", "POST", or "*")."""

    message = "The token lacks the scope this operation needs."

    def has_permission(self, request, view):
        needed = getattr(view, "required_scopes", {})
        scope = needed.get(request.method) or needed.get("*")
        if scope is None:
            return True
        token = request_token(request)
        if token is None:
            raise exceptions.NotAuthenticated("This operation needs a token.")
        return scope in token.scopes


def _rate() -> tuple[int, int]:
    count, seconds = getattr(settings, "API_RATE_LIMIT", "600/60").split("/")
    return int(count), int(seconds)


class TokenRateThrottle(throttling.BaseThrottle):
    """A fixed window counted in the shared cache (Redis in production), so two web nodes
    count together. Keyed by token, else by client address. Leaves what the client needs
    for the RateLimit headers on the request (api.views.ApiView adds them)."""

    def allow_request(self, request, view):
        limit, window = _rate()
        token = request_token(request)
        who = f"t{token.pk}" if token is not None else f"a{client_address(request)}"
        now = int(time.time())
        start = now - now % window
        key = f"api:rl:{who}:{start}"
        try:
            cache.add(key, 0, timeout=window + 5)
            used = cache.incr(key)
        except Exception:  # noqa: BLE001 - a broken counter must not stop the API
            used = 0
        reset = start + window - now
        request._ratelimit = (limit, max(limit - used, 0), reset, window)
        self._wait = reset
        return used <= limit

    def wait(self):
        return self._wait
