"""The 400 answer when the request cannot even name this site.

The site's 400 page extends base.html, whose header and canonical link build absolute
addresses from the request's Host. For a Host outside ALLOWED_HOSTS that raises
DisallowedHost again while the error page renders, and the visitor got a 500 instead of
the 400. Such a request gets a plain answer; every other bad request the site's page.
"""

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest("Bad Request (400)", content_type="text/plain")
    return defaults.bad_request(request, exception)
