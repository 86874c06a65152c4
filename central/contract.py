"""Central's published contract: the OpenAPI document of what really happens — how terminals
and administrators authenticate, the raw bodies terminal routes read, and the error answers each
route can give."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI

from core import protocol

_ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}},
    "required": ["error"],
}
_TERMINAL_ERRORS = {
    "400": "malformed request (headers, body not JSON, a link cut mid-body)",
    "401": "authentication failed, clock skew (see X-Hall-Server-Time) or a replayed nonce",
    "408": "the body stopped arriving",
    "413": "body larger than the route allows (JSON 1 MiB, a chunk 8 MiB)",
    "422": "content refused (fields, sizes, an Idempotency-Key reused with other content)",
    "503": "platform storage busy or failing (Retry-After)",
    "507": "platform disk full or the terminal's quota reached (Retry-After)",
}
#: Answers particular routes give besides the common ones (looked up by method and path).
_ROUTE_ERRORS: dict[tuple[str, str], dict[str, str]] = {
    ("get", "/v1/catalogue/items/{impl_code}"): {"404": "no such item"},
    ("get", "/v1/calendar"): {"404": "no working-day calendar loaded on the platform"},
    ("get", "/v1/updates/{version}/file"): {
        "404": "no such update is offered to this terminal",
        "416": "the range asked for is not in the file",
    },
    ("get", "/v1/catalogue/snapshot/file"): {
        "404": "no snapshot in the format asked for: take the pages of /v1/catalogue/snapshot",
        "416": "the range asked for is not in the file",
    },
    ("post", "/v1/enrolments"): {
        "403": "unknown enrolment code",
        "410": "the code was used or has expired: ask for a new one",
        "413": "body too large",
        "429": "too many wrong codes from this address (Retry-After)",
    },
    ("post", "/v1/admin/payments/{code}/paid"): {"404": "no such payment code"},
    ("post", "/v1/portal/enrolments"): {
        "429": "a code was sent to this phone less than a minute ago (Retry-After)"
    },
    ("post", "/v1/portal/enrolments/{request}/confirm"): {
        "404": "no such request of this terminal",
        "409": "this enrolment is done already",
        "410": "the code expired or was tried too often: ask for a new one",
    },
    ("post", "/v1/admin/applications/{official_number}/delivery"): {"404": "no such application"},
    ("get", "/v1/blobs/{sha256}"): {"400": "not a sha256"},
    ("put", "/v1/blobs/{sha256}"): {
        "409": "the offset is not what was received (the answer's `received` says where to"
        " continue), or the blob is being written by another request"
    },
    ("post", "/v1/bundles"): {
        "409": "a scan in the bundle could not be stored (try again)",
        "428": "the body's sha256 was not declared in X-Hall-Body-Sha256 (a bundle is"
        " authenticated before a byte of it is taken)",
    },
    ("delete", "/v1/admin/staff/{number}"): {"404": "no such staff account"},
    ("post", "/v1/admin/applications/{official_number}/status"): {"404": "no such application"},
    ("get", "/v1/hall/submissions"): {"403": "only a hall's counter sees what stations submitted"},
    ("get", "/v1/queue"): {"404": "this hall has no queue configured"},
    ("get", "/v1/queue/events"): {"404": "this hall has no queue configured"},
    ("post", "/v1/queue/tickets"): {
        "404": "this hall has no queue configured",
        "409": "no ticket now: outside the hours, the day's limit, one still waiting (said)",
    },
    ("post", "/v1/queue/blocks"): {
        "404": "this hall has no queue configured",
        "409": "the day's numbers are all handed out",
    },
    ("post", "/v1/queue/provisional"): {"404": "this hall has no queue configured"},
    ("post", "/v1/queue/call"): {
        "404": "this hall has no queue configured",
        "409": "the window is paused (said)",
    },
    ("get", "/v1/applications/{official_number}/result"): {
        "404": "no result issued at once for this terminal's application",
        "409": "its fee is not paid yet (`payment` says the code and amount): decided once paid",
    },
    ("get", "/v1/queue/tickets/{number}"): {
        "404": "this hall has no queue configured, or no such ticket that day",
    },
    ("post", "/v1/queue/appointments/find"): {"404": "this hall has no queue configured"},
    ("post", "/v1/queue/appointments/{reference}/check-in"): {
        "404": "no such appointment of this person, or no queue configured",
        "409": "outside its check-in window, checked in already, its category gone (said)",
    },
    ("post", "/v1/queue/windows"): {},
    ("post", "/v1/admin/queue/{hall}/appointments"): {
        "404": "this hall has no queue configured",
    },
    ("get", "/v1/admin/queue/{hall}/statistics"): {},
    ("post", "/v1/queue/tickets/{number}/{action}"): {
        "404": "no such ticket today, or no such action",
        "409": "the ticket is not in a state for it (said: a recall too soon …)",
    },
    ("put", "/v1/admin/queue/{hall}"): {},
    ("post", "/v1/hall/submissions/{official_number}/decision"): {
        "403": "only a hall's counter decides what stations submitted",
        "404": "no such application",
        "409": "not a station's submission, or decided already",
    },
}
_STORAGE_ERRORS = {
    "503": "platform storage busy or failing (Retry-After)",
    "507": "platform disk full (Retry-After)",
}
_BODIES = {
    ("put", "/v1/blobs/{sha256}"): "application/octet-stream",
    ("post", "/v1/bundles"): "application/octet-stream",
    ("post", "/v1/applications"): "application/json",
    ("post", "/v1/evaluations"): "application/json",
    ("post", "/v1/heartbeat"): "application/json",
    ("post", "/v1/enrolments"): "application/json",
    ("post", "/v1/hall/submissions/{official_number}/decision"): "application/json",
    ("post", "/v1/queue/tickets"): "application/json",
    ("post", "/v1/queue/blocks"): "application/json",
    ("post", "/v1/queue/provisional"): "application/json",
    ("post", "/v1/queue/call"): "application/json",
    ("post", "/v1/queue/tickets/{number}/{action}"): "application/json",
}


def contract(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document of the real contract: how terminals and administrators
    authenticate, the raw bodies terminal routes read, and the error answers each can give —
    so that a client generated from it works (FastAPI alone saw no body and no auth)."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    doc = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    schemes = doc.setdefault("components", {}).setdefault("securitySchemes", {})
    signed = (
        "Every terminal request carries these four headers; the signature is hex"
        " HMAC-SHA256(secret, METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nSHA256(body)"
        "\\nx-hall-blob-size:VALUE\\nidempotency-key:VALUE) — see core/protocol.py. The"
        f" body's sha256 is also declared in {protocol.BODY_SHA256}: the signature is checked"
        " before the body is read (required for a bundle)."
    )
    for name, header in (
        ("TerminalId", protocol.TERMINAL),
        ("TerminalTimestamp", protocol.TIMESTAMP),
        ("TerminalNonce", protocol.NONCE),
        ("TerminalSignature", protocol.SIGNATURE),
    ):
        schemes[name] = {"type": "apiKey", "in": "header", "name": header, "description": signed}
    schemes["AdminToken"] = {"type": "http", "scheme": "bearer", "description": "admin.token"}
    terminal_security: list[dict[str, list[str]]] = [
        {n: [] for n in ("TerminalId", "TerminalTimestamp", "TerminalNonce", "TerminalSignature")}
    ]
    terminal_paths = {
        getattr(r, "path", "")
        for r in _flat(app.routes)
        if any(
            getattr(d.call, "__name__", "") in ("signed_body", "signed_stream", "signed_head")
            for d in getattr(getattr(r, "dependant", None), "dependencies", [])
        )
    }
    for path, ops in doc.get("paths", {}).items():
        for method, op in ops.items():
            responses = op.setdefault("responses", {})
            if path.startswith("/v1/admin/"):
                op["security"] = [{"AdminToken": []}]
                for code, text in (("401", "admin token required"), ("429", "too many failures")):
                    responses[code] = _error_response(text)
            elif path in terminal_paths:
                op["security"] = terminal_security
                for code, text in _TERMINAL_ERRORS.items():
                    responses.setdefault(code, _error_response(text))
            for code, text in _ROUTE_ERRORS.get((method, path), {}).items():
                responses.setdefault(code, _error_response(text))
            for code, text in _STORAGE_ERRORS.items():
                responses.setdefault(code, _error_response(text))
            if "requestBody" in op or (method, path) in _BODIES:
                responses.setdefault("400", _error_response("body is not JSON or not an object"))
            media = _BODIES.get((method, path))
            if media is not None:
                schema: dict[str, Any] = (
                    {"type": "string", "format": "binary"}
                    if media == "application/octet-stream"
                    else {"type": "object"}
                )
                op["requestBody"] = {"required": True, "content": {media: {"schema": schema}}}
    app.openapi_schema = doc
    return doc


def _flat(routes: Iterable[Any]) -> Iterator[Any]:
    """Every route, those of included routers too (FastAPI includes a router as one entry
    whose ``original_router`` holds its routes; central's areas are included without a
    prefix)."""
    for r in routes:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            yield from _flat(inner.routes)
        else:
            yield r


def _error_response(text: str) -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {"schema": _ERROR}}}
