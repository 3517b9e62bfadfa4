"""Under /api/, every error is problem details: what Django answers itself (an unknown
address, a method a plain view does not take, a crash) is rewritten here."""

from __future__ import annotations

import logging

from .problems import PROBLEM, problem_response

logger = logging.getLogger(__name__)
PREFIX = "/api/"


class ApiProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(PREFIX):
            return response
        location = response.get("Location")
        if 300 <= response.status_code < 400 and location and not location.startswith(PREFIX):
            # An unknown address under /api/ is not a page in another language: the
            # locale middleware's redirect to /en/api/... would answer HTML. It is a 404.
            return problem_response(404, detail="There is no such address in the API.")
        if response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith(PROBLEM):
            return response
        rewritten = problem_response(response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if response.has_header(header):
                rewritten[header] = response[header]
        return rewritten

    def process_exception(self, request, exception):
        if not request.path_info.startswith(PREFIX):
            return None
        logger.exception("api: unhandled error (%s)", type(exception).__name__)
        return problem_response(500, detail="Something went wrong on our side.")
