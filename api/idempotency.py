"""Idempotency-Key on POST: the first answer is stored and returned for a repeat.

The record is created (committed) before the work, so a concurrent repeat finds it and
gets 409 instead of doing the work twice; a repeat with another body gets 422; an
error we could not answer (a 500) deletes the record so the client may try again.
"""

from __future__ import annotations

import hashlib
import json
import re

from django.db import IntegrityError, transaction
from rest_framework.response import Response

from .models import IdempotencyRecord
from .problems import PROBLEM, problem_body

HEADER = "Idempotency-Key"
# Visible ASCII, 1 to 255 characters (api.schema documents the same pattern).
KEY_PATTERN = r"^[!-~]{1,255}$"
REPLAYED = "Idempotent-Replayed"


def _fingerprint(request) -> str:
    try:
        data = json.dumps(request.data, sort_keys=True, default=str)
    except Exception:  # noqa: BLE001 - an unparseable body is answered by the view
        data = ""
    return hashlib.sha256(f"{request.method} {request.path}\n{data}".encode()).hexdigest()


def _problem(code: int, detail: str) -> Response:
    return Response(problem_body(code, detail=detail), status=code, content_type=PROBLEM)


def run_idempotent(view, request, handler) -> Response:
    token = getattr(request, "auth", None)
    if HEADER not in request.headers:
        return handler()
    key = request.headers[HEADER]
    if not re.fullmatch(KEY_PATTERN, key):
        return _problem(400, "The Idempotency-Key must be 1 to 255 visible ASCII characters.")
    if token is None:
        return handler()
    fingerprint = _fingerprint(request)
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(token=token, key=key, fingerprint=fingerprint)
    except IntegrityError:
        first = IdempotencyRecord.objects.filter(token=token, key=key).first()
        if first is None:
            return _problem(409, "A request with this Idempotency-Key is still running.")
        if first.fingerprint != fingerprint:
            return _problem(422, "This Idempotency-Key was used for another request.")
        if first.status_code is None:
            return _problem(409, "A request with this Idempotency-Key is still running.")
        response = Response(
            first.body,
            status=first.status_code,
            content_type=PROBLEM if first.status_code >= 400 else None,
        )
        for name, value in first.headers.items():
            response[name] = value
        response[REPLAYED] = "true"
        return response
    try:
        response = handler()
    except Exception as exc:  # noqa: BLE001 - answered by the view's handler, stored below
        try:
            response = view.handle_exception(exc)
        except Exception:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            raise
    if response.status_code >= 500:
        IdempotencyRecord.objects.filter(pk=record.pk).delete()
        return response
    headers = {k: response[k] for k in ("Location",) if response.has_header(k)}
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        status_code=response.status_code,
        body=json.loads(json.dumps(response.data, default=str)),
        headers=headers,
    )
    return response
