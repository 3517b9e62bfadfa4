"""Whole-page cache of the public Wagtail pages, for anonymous visitors only.

A page is served from the cache only when all of these hold:

- the request is a GET with no session, messages or Authorization credentials: whoever
  sends it is anonymous and has no pending flash messages, so the page cannot be personal;
- the response was produced by Wagtail serving a page that is not a form (the hook
  `mark_page_cacheable` marks it), answered 200, set no cookie (a CSRF token or a session
  would set one), used no CSP nonce and did not ask for `private`/`no-store`.

Entries are tagged with a site-wide version. Anything a public page shows bumps the
version after its transaction commits (see `connect_invalidation`): publishing,
unpublishing, moving or deleting a page, saving a host organisation or an image, a
departure's dates or seats, any booking (it holds or releases seats). An entry whose
tag is not the current version is ignored, so one `SET` invalidates every cached page,
and a request that read the old data while the change committed stores its page under
the old version, where no one will read it. Entries also expire after
`PAAMAJA_PAGE_CACHE_SECONDS` (dates such as "upcoming departures" move with the clock).

The cache is Django's default cache (Redis in production). If it does not answer, the
page is rendered as if there were no cache.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from wagtail.contrib.forms.models import FormMixin
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

logger = logging.getLogger(__name__)

VERSION_KEY = "paamaja:pages:version"
KEY_PREFIX = "paamaja:page:"
CACHEABLE_ATTRIBUTE = "_paamaja_page_cacheable"
HEADER = "X-Page-Cache"
# Cookies that mean "this visitor may see something personal".
PERSONAL_COOKIES = ("messages",)
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")


def _timeout() -> int:
    return int(getattr(settings, "PAAMAJA_PAGE_CACHE_SECONDS", 0) or 0)


def _page_key(request: HttpRequest) -> str:
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def request_is_anonymous(request: HttpRequest) -> bool:
    """No credentials and no flash messages: the visitor cannot be shown anything personal."""
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(c in cookies for c in PERSONAL_COOKIES):
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if not getattr(request, CACHEABLE_ATTRIBUTE, False):
        return False
    if response.status_code != 200 or response.streaming:
        return False
    if any(name not in _shared_cookies() for name in response.cookies):
        return False  # a session, a CSRF token, messages: something of this visitor's own
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token: it holds a form
    if getattr(request, "_csp_nonce", None):
        return False  # a nonce must be new on every response
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and getattr(user, "is_authenticated", False))


def _shared_cookies() -> tuple[str, ...]:
    """Cookies a page may set and still be cached: the same for every anonymous visitor of
    the URL. The language cookie remembers the URL's language (accounts.middleware)."""
    return (settings.LANGUAGE_COOKIE_NAME,)


def mark_page_cacheable(page, request, serve_args, serve_kwargs) -> None:
    """Wagtail's before_serve_page hook: a public, non-form page may be cached."""

    if not isinstance(page, FormMixin) and getattr(page, "cache_public_page", True):
        setattr(request, CACHEABLE_ATTRIBUTE, True)


class AnonymousPageCacheMiddleware:
    """Serve and store public pages for anonymous visitors (see the module docstring).

    Sits right after the static-file middleware: a hit skips sessions, CSRF, locale and
    the rest, whose headers (CSP, Vary, Content-Language...) are stored with the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        timeout = _timeout()
        if not timeout or request.method != "GET" or not request_is_anonymous(request):
            return self.get_response(request)
        key = _page_key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
        except Exception:  # noqa: BLE001 - the cache is an optimisation, never a failure
            logger.warning("Page cache unavailable; rendering without it.", exc_info=True)
            return self.get_response(request)
        version = found.get(VERSION_KEY)
        entry = found.get(key)
        if version is not None and entry is not None and entry[0] == version:
            return _response_from(entry, request)
        if version is None:
            version = _new_version(only_if_missing=True)

        response = self.get_response(request)
        if version is not None and response_is_cacheable(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() != HEADER.lower()]
            cookies = {name: morsel for name, morsel in response.cookies.items()}
            entry = (version, response.status_code, headers, response.content, cookies)
            try:
                cache.set(key, entry, timeout)
            except Exception:  # noqa: BLE001
                logger.warning("Page cache unavailable; page not stored.", exc_info=True)
            response[HEADER] = "miss"
        return response


def _response_from(entry, request: HttpRequest) -> HttpResponse:
    _version, status, headers, content, cookies = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    # A shared cookie is set again, as the page did, for a visitor who does not have it.
    for name, morsel in cookies.items():
        if request.COOKIES.get(name) != morsel.value:
            response.cookies[name] = morsel
    response[HEADER] = "hit"
    return response


def _new_version(*, only_if_missing: bool = False) -> str | None:
    token = uuid.uuid4().hex
    try:
        if only_if_missing:
            cache.add(VERSION_KEY, token, None)
            return cache.get(VERSION_KEY)
        cache.set(VERSION_KEY, token, None)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unavailable; version not changed.", exc_info=True)
        return None
    return token


def _bump_now() -> None:
    _new_version()


def invalidate_pages(**kwargs) -> None:
    """Make every cached page and memo stale, now and again once the transaction commits.

    Called from signals. The bump at once keeps the change's own transaction (and tests,
    which never commit) from reading stale memos; the bump after commit drops whatever a
    concurrent request cached from the old data in between. Each is one cache write.
    """
    _bump_now()
    transaction.on_commit(_bump_now)


def current_version() -> str | None:
    try:
        version = cache.get(VERSION_KEY)
    except Exception:  # noqa: BLE001
        return None
    return version if version is not None else _new_version(only_if_missing=True)


_MISSING = object()
MEMO_SECONDS = 3600


def memo[T](name: str, *parts, build: Callable[[], T]) -> T:
    """`build()`, remembered in the cache until anything a public page shows changes.

    For the site's structure that every page repeats (menu, section pages, breadcrumbs,
    translations): the same invalidation as the page cache, so it is never stale, and a
    page costs the same queries however many pages the site has. Values must pickle.
    """
    version = current_version()
    if version is None:
        return build()
    key = f"paamaja:memo:{version}:{name}:" + ":".join(str(part) for part in parts)
    try:
        value = cache.get(key, _MISSING)
    except Exception:  # noqa: BLE001
        return build()
    if value is _MISSING:
        value = build()
        try:
            cache.set(key, value, MEMO_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Cache unavailable; memo not stored.", exc_info=True)
    return value


# Models whose rows a public page shows, by label: this module sits below bookings and
# never imports it. Page subclasses, images and settings are matched by class below.
WATCHED_LABELS = frozenset(
    {
        "programmes.HostOrganisation",
        "programmes.Departure",
        "bookings.Booking",
        "wagtailcore.Site",
        "wagtailcore.Locale",
    }
)


def _changed(sender, instance=None, **kwargs) -> None:
    if sender._meta.label in WATCHED_LABELS or isinstance(instance, _watched_classes):
        invalidate_pages()


_watched_classes: tuple[type, ...] = ()


def connect_invalidation() -> None:
    """Connect the signals after which a public page may show something else."""
    global _watched_classes

    _watched_classes = (Page, get_image_model(), BaseGenericSetting, BaseSiteSetting)
    # One receiver for every model's save and delete, filtering by type: pages, snippets,
    # departures and bookings all send them, and the check costs nothing on other saves.
    post_save.connect(_changed, dispatch_uid="paamaja_page_cache_save")
    post_delete.connect(_changed, dispatch_uid="paamaja_page_cache_delete")
    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("slug_changed", page_slug_changed),
        ("moved", post_page_move),
        ("snippet_published", published),
        ("snippet_unpublished", unpublished),
    ):
        signal.connect(invalidate_pages, dispatch_uid=f"paamaja_page_cache_{name}")
