"""drf-spectacular postprocessing: every operation documents its problem responses
(application/problem+json), the rate-limit headers, 304 on reads and Idempotency-Key
on writes, so the committed schema lists every status code the API can answer."""

from __future__ import annotations

from .idempotency import KEY_PATTERN

PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["type", "title", "status"],
}
DESCRIPTIONS = {
    "400": "Malformed request (a bad query parameter or body)",
    "401": "Missing, invalid, expired or revoked token",
    "403": "The token lacks the scope, or the operation is not for its owner",
    "404": "Not found (or not the token's organisation's)",
    "406": "The Accept header asks for something other than JSON",
    "409": "Conflict: sold out, the state does not allow it, or the same Idempotency-Key is running",
    "415": "The body is not JSON",
    "422": "Refused by the booking or visit rules, or an Idempotency-Key reused with another body",
    "429": "Too many requests for this token (see the RateLimit headers)",
}
RATE_HEADERS = {
    name: {"schema": {"type": "string"}, "description": description}
    for name, description in (
        ("RateLimit-Limit", "Requests allowed in the window"),
        ("RateLimit-Remaining", "Requests left in the window"),
        ("RateLimit-Reset", "Seconds until the window resets"),
        ("RateLimit-Policy", "The limit and its window in seconds"),
    )
}


def _problem(code: str) -> dict:
    return {
        "description": DESCRIPTIONS[code],
        "headers": RATE_HEADERS,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def postprocess(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    result["components"]["schemas"].pop("ProblemSerializer", None)
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for ok in list(responses):
                if ok.startswith("2"):
                    responses[ok].setdefault("headers", {}).update(RATE_HEADERS)
            codes = ["400", "401", "403", "404", "406", "429"]
            if method == "post":
                codes += ["409", "415", "422"]
                params = operation.setdefault("parameters", [])
                params.append(
                    {
                        "in": "header",
                        "name": "Idempotency-Key",
                        "required": False,
                        "schema": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 255,
                            "pattern": KEY_PATTERN,
                        },
                        "description": "A repeat with the same key returns the first answer.",
                    }
                )
            if method == "delete":
                codes += ["409"]
            for code in codes:
                responses.setdefault(code, _problem(code))
            if method == "get":
                responses["304"] = {"description": "Not modified (If-None-Match matched the ETag)"}
                operation.setdefault("parameters", []).append(
                    {
                        "in": "header",
                        "name": "If-None-Match",
                        "required": False,
                        "schema": {"type": "string"},
                    }
                )
    return result


def only_the_partner_api(endpoints):
    """The schema describes /api/v1/ only (Wagtail's own admin API is not ours)."""
    return [
        (path, regex, method, view)
        for path, regex, method, view in endpoints
        if path.startswith("/api/v1/")
    ]
