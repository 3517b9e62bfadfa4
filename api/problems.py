"""RFC 9457 problem details for every error under /api/.

DRF's errors go through `exception_handler`; what never reaches a DRF view (an unknown
address, a 500 in the middle of Django) is rewritten by api.middleware.ApiMiddleware.
The titles are English (the API's language); `detail` carries the domain's own,
translated message where there is one.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bookings.errors import BookingError, InvalidTransition, NoLongerAvailable
from core.params import BadParameter
from visits.errors import InvalidTransition as VisitInvalidTransition
from visits.errors import SlotTaken, VisitError

logger = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
BASE = "https://paamaja.example/problems/"


def problem_body(status_code: int, *, detail: str = "", type_: str = "", **extra) -> dict:
    try:
        title = HTTPStatus(status_code).phrase
    except ValueError:
        title = "Error"
    body = {
        "type": f"{BASE}{type_}" if type_ else "about:blank",
        "title": title,
        "status": status_code,
    }
    if detail:
        body["detail"] = str(detail)
    body.update(extra)
    return body


def problem_response(status_code: int, **kwargs) -> JsonResponse:
    response = JsonResponse(problem_body(status_code, **kwargs), status=status_code)
    response["Content-Type"] = PROBLEM
    return response


def _domain(exc) -> tuple[int, str] | None:
    if isinstance(exc, (NoLongerAvailable, SlotTaken)):
        return status.HTTP_409_CONFLICT, "no-longer-available"
    if isinstance(exc, (InvalidTransition, VisitInvalidTransition)):
        return status.HTTP_409_CONFLICT, "invalid-state"
    if isinstance(exc, (BookingError, VisitError)):
        return status.HTTP_422_UNPROCESSABLE_ENTITY, "refused"
    if isinstance(exc, BadParameter):
        return status.HTTP_400_BAD_REQUEST, "bad-parameter"
    return None


def exception_handler(exc, context):
    domain = _domain(exc)
    if domain is not None:
        code, type_ = domain
        extra = {}
        errors = getattr(exc, "errors", None)
        if isinstance(errors, dict):
            extra["errors"] = errors
        return Response(
            problem_body(code, detail=str(exc.message), type_=type_, **extra),
            status=code,
            content_type=PROBLEM,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        extra["errors"] = data if isinstance(data, dict) else {"non_field_errors": data}
        detail = "The request has invalid fields."
        type_ = "validation"
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else ""
        type_ = ""
    response.data = problem_body(response.status_code, detail=detail, type_=type_, **extra)
    response.content_type = PROBLEM
    return response
