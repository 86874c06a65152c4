"""The platform's HTTP application. OpenAPI is published at /openapi.json and /docs."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
import secrets
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, BinaryIO, cast

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from central.platform import Answer, Platform, PlatformError
from core.catalogue.codec import item_from_dict, item_to_dict
from core.catalogue.models import Level
from sync import protocol
from sync.catalogue import CatalogueStore, build_demo_catalogue

API_VERSION = "1"


class _Catalogues:
    """One CatalogueStore per server thread (SQLite connections stay on their thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @contextmanager
    def store(self) -> Iterator[CatalogueStore]:
        store = getattr(self._local, "store", None)
        if store is None:
            store = CatalogueStore(self.path)
            self._local.store = store
        yield store


#: Request bodies a terminal may send (a larger one is refused with 413 before it is read):
#: JSON documents, upload chunks (the protocol's largest is 8 MiB) and carried bundles (read to
#: a spooled temporary file, never whole into memory).
JSON_LIMIT = 1 << 20
CHUNK_LIMIT = protocol.MAX_CHUNK + (64 << 10)
BUNDLE_LIMIT = 16 << 30
SPOOL_IN_MEMORY = 8 << 20
BODY_IDLE_SECONDS = 60.0  # a body that stops arriving this long is given up (408)
MAX_BLOB = 4 << 30  # one scan (a PDF of many pages) at most; larger sizes are refused (422)
MAX_SEQ = (1 << 62) - 1  # cursors fit SQLite's integers (a larger one answered 500)
ADMIN_MAX_FAILURES, ADMIN_WINDOW = 10, 60


def _limit(request: Request) -> int:
    path = request.url.path
    if path.startswith("/v1/blobs/"):
        return CHUNK_LIMIT
    if path == "/v1/bundles":
        return int(getattr(request.app.state, "bundle_limit", BUNDLE_LIMIT))
    return JSON_LIMIT


async def _read_signed(request: Request) -> tuple[str, BinaryIO]:
    """Authenticates a terminal request: the headers, the clock and the terminal first, the
    declared size before any byte is read, then the body (streamed, capped, hashed as it comes)
    against the signature. Returns (terminal id, the body as a file positioned at 0)."""
    platform: Platform = request.app.state.platform
    # the path as sent on the request line (percent-encoded), as the terminal signed it: the
    # decoded path differs for any byte outside ASCII, and no signature would ever match
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path_query = raw.decode("latin-1") + (f"?{request.url.query}" if request.url.query else "")
    headers = {k.lower(): v for k, v in request.headers.items()}
    try:
        tid = platform.precheck(headers)
    except PlatformError as e:
        if e.status == 401:
            e.extra.setdefault("server_time", int(time.time()))
        raise
    limit = _limit(request)
    declared = headers.get("content-length")
    if declared is not None:
        if not (declared.isascii() and declared.isdigit() and len(declared) <= 19):
            raise PlatformError(400, "malformed Content-Length")
        if int(declared) > limit:
            raise PlatformError(413, f"body larger than {limit} bytes", limit=limit)
    digest = hashlib.sha256()
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - returned
    size = 0
    idle = float(getattr(request.app.state, "body_idle_seconds", BODY_IDLE_SECONDS))
    stream = request.stream().__aiter__()
    try:
        while True:
            try:  # a connection that stops sending its body is not held for ever
                chunk = await asyncio.wait_for(stream.__anext__(), idle)
            except StopAsyncIteration:
                break
            except TimeoutError:
                raise PlatformError(
                    408, f"no body bytes for {idle:.0f} s; send the request again"
                ) from None
            size += len(chunk)
            if size > limit:
                raise PlatformError(413, f"body larger than {limit} bytes", limit=limit)
            digest.update(chunk)
            spool.write(chunk)
    except ClientDisconnect:  # the link dropped mid-body: normal on village lines
        spool.close()
        raise PlatformError(400, "client disconnected before the body was complete") from None
    except BaseException:
        spool.close()
        raise
    try:
        platform.authenticate_digest(request.method, path_query, headers, digest.hexdigest())
    except BaseException as e:
        spool.close()
        if isinstance(e, PlatformError) and e.status == 401:
            e.extra.setdefault("server_time", int(time.time()))
        raise
    spool.seek(0)
    return tid, cast(BinaryIO, spool)


async def _terminal(request: Request) -> tuple[str, bytes]:
    """A signed request whose body is small (JSON, a chunk): (terminal id, body)."""
    tid, body = await _read_signed(request)
    with body:
        return tid, body.read()


Auth = Annotated[tuple[str, bytes], Depends(_terminal)]
StreamAuth = Annotated[tuple[str, BinaryIO], Depends(_read_signed)]


def admin_token_for(data_dir: Path) -> str:
    """The admin bearer token of a platform: ``data_dir/admin.token``, made on first start."""
    path = data_dir / "admin.token"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(24))
    return path.read_text().strip()


class CloseUnreadBodies:
    """An answer given before its request's body was read whole — a 401 on the headers, a 413
    on the declared size, a 408 for a body that stopped coming — closes the connection
    (``Connection: close``). Otherwise the server goes on reading the refused body to keep the
    connection alive: memory stays flat, but an unsigned 2 GiB upload still costs 2 GiB of
    bandwidth and the CPU to discard it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length", b"0").strip()
        unread = [b"transfer-encoding" in headers or (length.isdigit() and int(length) > 0)]

        async def receiving() -> Any:
            message = await receive()
            if message["type"] == "http.disconnect" or not message.get("more_body", False):
                unread[0] = False
            return message

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start" and unread[0]:
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message = {**message, "headers": [*kept, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receiving, sending)


def create_app(
    data_dir: Path,
    *,
    admin_token: str | None = None,
    partial_upload_days: float = 7.0,
    quota_bytes: int = 200 << 30,
) -> FastAPI:
    """Builds the platform over ``data_dir`` (created, and seeded with the demo catalogue)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    platform = Platform(data_dir, quota_bytes=quota_bytes)
    token = admin_token or admin_token_for(data_dir)
    catalogue_path = data_dir / "catalogue.sqlite"
    with CatalogueStore(catalogue_path) as store:
        if store.count() == 0:
            build_demo_catalogue(store)
    catalogues = _Catalogues(catalogue_path)

    def body_of(impl_code: str) -> tuple[str, str, str] | None:
        """The implementing body of an item, from the platform's catalogue."""
        with catalogues.store() as store:
            try:
                item = store.get(impl_code)
            except KeyError:
                return None
        return item.region_code, str(item.level.value), item.department

    platform.router = body_of
    # abandoned partial uploads go at start and, after that, with a heartbeat every 6 hours
    cleanup_after = partial_upload_days * 86400.0
    last_cleanup = [time.monotonic()]
    platform.cleanup_partial_uploads(cleanup_after)
    app = FastAPI(
        title="Hall Terminal central platform",
        version=API_VERSION,
        description="Reference platform for Hall Terminal kiosks and counters.",
    )
    app.add_middleware(CloseUnreadBodies)

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        with catalogues.store() as s:
            return {"status": "ok", "api": API_VERSION, "catalogue_version": s.version}

    @app.get("/v1/catalogue")
    def catalogue_info() -> dict[str, Any]:
        with catalogues.store() as s:
            return {
                "version": s.version,
                "items": s.count(),
                "themes": [{"name": t, "items": n} for t, n in s.themes()],
            }

    @app.get("/v1/catalogue/search")
    def search(
        q: str = Query(min_length=1, max_length=50),
        region: str | None = Query(default=None, pattern=r"^\d{12}$"),
        limit: int = Query(default=10, ge=1, le=50),
    ) -> list[dict[str, Any]]:
        with catalogues.store() as s:
            hits = s.search(q, region_code=region, limit=limit)
        return [
            {
                "name": h.name,
                "impl_code": h.impl_code,
                "department": h.department,
                "level": Level(h.level).label,
                "match": h.match.value,
                "other_bodies": h.other_bodies,
            }
            for h in hits
        ]

    @app.get("/v1/catalogue/items/{impl_code}")
    def item(impl_code: str) -> dict[str, Any]:
        with catalogues.store() as s:
            try:
                return item_to_dict(s.get(impl_code))
            except KeyError:
                raise PlatformError(404, f"no item {impl_code}") from None

    app.state.platform = platform

    @app.exception_handler(sqlite3.OperationalError)
    def storage_failed(request: Request, e: sqlite3.OperationalError) -> JSONResponse:
        """The platform's own disk full (or its database locked for long): said as such, with
        when to come back — terminals keep what they have and retry, nothing is lost."""
        text = str(e).lower()
        status = 507 if "full" in text else 503
        return JSONResponse(
            {"error": f"platform storage unavailable: {e}"},
            status,
            headers={"Retry-After": "300" if status == 507 else "30"},
        )

    @app.exception_handler(OSError)
    def disk_failed(request: Request, e: OSError) -> JSONResponse:
        if e.errno == errno.ENOSPC:
            return JSONResponse(
                {"error": "platform disk full"}, 507, headers={"Retry-After": "300"}
            )
        return JSONResponse(
            {"error": f"platform I/O error: {e.strerror}"}, 503, headers={"Retry-After": "30"}
        )

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, e: StarletteHTTPException) -> JSONResponse:
        """Framework refusals (a body that does not parse, a method not allowed) in the one
        error shape every answer has: ``{"error": …}``."""
        return JSONResponse({"error": str(e.detail)}, e.status_code, headers=e.headers)

    @app.exception_handler(PlatformError)
    def platform_error(request: Request, e: PlatformError) -> JSONResponse:
        headers = {}
        if "server_time" in e.extra:
            headers[protocol.SERVER_TIME] = str(e.extra["server_time"])
        if "retry_after" in e.extra:
            headers["Retry-After"] = str(e.extra["retry_after"])
        return JSONResponse({"error": e.message, **e.extra}, e.status, headers=headers)

    admin_failures: dict[str, list[float]] = {}
    expected = f"Bearer {token}".encode()

    def admin(request: Request, authorization: str = Header(default="")) -> None:
        """The admin token, compared in constant time as bytes (a header with non-ASCII
        bytes is simply wrong); ten failures from one address in a minute: 429 for a minute."""
        client = request.client.host if request.client else "?"
        now = time.monotonic()
        recent = [t for t in admin_failures.get(client, []) if now - t < ADMIN_WINDOW]
        if len(recent) >= ADMIN_MAX_FAILURES:
            raise PlatformError(
                429, "too many failed admin logins; try again later", retry_after=ADMIN_WINDOW
            )
        if not secrets.compare_digest(authorization.encode("utf-8"), expected):
            admin_failures[client] = [*recent, now]
            raise PlatformError(401, "admin token required")
        admin_failures.pop(client, None)

    def answer(a: Answer) -> JSONResponse:
        return JSONResponse(a.doc, a.status)

    @app.get("/v1/time")
    def server_time() -> dict[str, int]:
        return {"server_time": int(time.time())}

    @app.get("/v1/blobs/{sha256}")
    def blob_status(sha256: str, auth: Auth) -> JSONResponse:
        return answer(platform.blob_status(auth[0], sha256))

    @app.put("/v1/blobs/{sha256}")
    def put_chunk(
        sha256: str,
        auth: Auth,
        offset: int = Query(ge=0, le=MAX_BLOB),
        size: int = Header(alias=protocol.BLOB_SIZE, ge=0, le=MAX_BLOB),
    ) -> JSONResponse:
        return answer(platform.put_chunk(auth[0], sha256, size, offset, auth[1]))

    @app.post("/v1/applications")
    def receive_application(
        auth: Auth, key: str = Header(alias=protocol.IDEMPOTENCY_KEY, min_length=8)
    ) -> JSONResponse:
        return answer(platform.receive_application(auth[0], key, auth[1]))

    @app.post("/v1/evaluations")
    def receive_evaluation(
        auth: Auth, key: str = Header(alias=protocol.IDEMPOTENCY_KEY, min_length=8)
    ) -> JSONResponse:
        return answer(platform.receive_evaluation(auth[0], key, auth[1]))

    @app.get("/v1/progress")
    def progress(
        auth: Auth,
        since: int = Query(default=0, ge=0, le=MAX_SEQ),
        limit: int = Query(500, ge=1, le=1000),
    ) -> JSONResponse:
        return answer(platform.progress(auth[0], since, limit))

    with catalogues.store() as s:
        platform.set_catalogue_base(s.version or "empty")

    @app.get("/v1/applications/lookup")
    def lookup(
        auth: Auth,
        code: str = Query(default="", max_length=40),
        id_number: str = Query(default="", max_length=18),
    ) -> JSONResponse:
        """Progress by receipt code or 办件编号, or by ID number (card read at the terminal)."""
        return answer(platform.lookup(code=code.strip().upper(), id_number=id_number.strip()))

    @app.get("/v1/catalogue/changes")
    def catalogue_changes(
        auth: Auth,
        since: int = Query(default=0, ge=0, le=MAX_SEQ),
        base: str = Query(default=""),
        limit: int = Query(default=500, ge=1, le=2000),
    ) -> JSONResponse:
        """Item changes after ``since`` (terminals never download the whole catalogue again)."""
        current = platform.catalogue_base()
        if base and base != current:
            return JSONResponse({"base": current, "reset_required": True, "changes": []})
        changes, nxt = platform.catalogue_changes(since, limit)
        out = []
        with catalogues.store() as s:
            for seq, op, code in changes:
                item = None
                if op == "upsert":
                    try:
                        item = item_to_dict(s.get(code))
                    except KeyError:
                        op = "remove"  # upserted, then removed later: the later change wins
                out.append({"seq": seq, "op": op, "impl_code": code, "item": item})
        return JSONResponse({"base": current, "changes": out, "next": nxt})

    @app.get("/v1/catalogue/snapshot")
    def catalogue_snapshot(
        auth: Auth,
        after: str = Query(default="", max_length=64),
        limit: int = Query(default=1000, ge=1, le=2000),
    ) -> JSONResponse:
        """The whole catalogue, a page at a time in code order, for a terminal whose own is
        empty or told ``reset_required``. ``cursor`` is the change sequence the snapshot
        includes: the terminal pulls changes after it."""
        current = platform.catalogue_base()
        cursor = platform.catalogue_cursor()  # read first: a change after it comes later
        with catalogues.store() as s:
            codes = s.codes_after(after, limit)
            items = [item_to_dict(s.get(c)) for c in codes]
            doc: dict[str, Any] = {
                "base": current,
                "items": items,
                "next": codes[-1] if len(codes) == limit else "",
            }
            if not after:
                doc.update(cursor=cursor, total=s.count(), synonyms=s.synonyms())
        return JSONResponse(doc)

    @app.put("/v1/admin/catalogue/items/{impl_code}", dependencies=[Depends(admin)])
    def put_item(impl_code: str, doc: dict[str, Any]) -> dict[str, Any]:
        try:
            item = item_from_dict(doc)
        except (KeyError, TypeError, ValueError) as e:
            raise PlatformError(422, f"not a service item: {e}") from None
        if item.impl_code != impl_code:
            raise PlatformError(422, "impl_code in the path and the item differ")
        seq = platform.record_catalogue_change("upsert", impl_code)
        with catalogues.store() as s:
            s.upsert([item], version=f"{platform.catalogue_base()}+{seq}")
        return {"impl_code": impl_code, "seq": seq}

    @app.delete("/v1/admin/catalogue/items/{impl_code}", dependencies=[Depends(admin)])
    def delete_item(impl_code: str) -> dict[str, Any]:
        seq = platform.record_catalogue_change("remove", impl_code)
        with catalogues.store() as s:
            s.remove([impl_code], version=f"{platform.catalogue_base()}+{seq}")
        return {"impl_code": impl_code, "seq": seq}

    @app.get("/v1/config")
    def terminal_config(auth: Auth) -> JSONResponse:
        """Settings the platform manages for this terminal (sync interval, notices …)."""
        return answer(platform.config(auth[0]))

    @app.put("/v1/admin/terminals/{terminal_id}/config", dependencies=[Depends(admin)])
    def set_terminal_config(terminal_id: str, doc: dict[str, Any]) -> JSONResponse:
        return answer(platform.set_config(terminal_id, doc))

    @app.post("/v1/bundles")
    def import_bundle(auth: StreamAuth) -> JSONResponse:
        """A bundle carried from an offline station, forwarded by any enrolled terminal (read
        from a temporary file: a week of scans never sits whole in memory)."""
        with auth[1] as bundle:
            return answer(platform.import_bundle(bundle, carried_by=auth[0]))

    @app.post("/v1/heartbeat")
    def heartbeat(auth: Auth) -> JSONResponse:
        if time.monotonic() - last_cleanup[0] > 6 * 3600:
            last_cleanup[0] = time.monotonic()
            platform.cleanup_partial_uploads(cleanup_after)
        return answer(platform.heartbeat(auth[0], auth[1]))

    @app.post("/v1/admin/terminals", dependencies=[Depends(admin)])
    def add_terminal(doc: dict[str, str]) -> dict[str, str]:
        tid = doc.get("id", "")
        if not tid or len(tid) > 32:
            raise PlatformError(422, "id required (at most 32 characters)")
        secret = platform.add_terminal(tid, doc.get("name", ""), doc.get("hall", ""))
        return {"id": tid, "secret": secret}

    @app.get("/v1/staff")
    def terminal_staff(auth: Auth) -> JSONResponse:
        """This terminal's hall's staff accounts, with password hashes for offline sign-in."""
        return answer(platform.staff_list(auth[0]))

    @app.get("/v1/admin/staff", dependencies=[Depends(admin)])
    def list_staff() -> JSONResponse:
        return answer(platform.staff_list())

    @app.put("/v1/admin/staff/{number}", dependencies=[Depends(admin)])
    def put_staff(number: str, doc: dict[str, str]) -> dict[str, Any]:
        """Creates or replaces an account: name, role (clerk/agent/supervisor), hall, password."""
        return platform.add_staff(
            number,
            doc.get("name", ""),
            doc.get("role", ""),
            doc.get("password", ""),
            doc.get("hall", ""),
        )

    @app.delete("/v1/admin/staff/{number}", dependencies=[Depends(admin)])
    def disable_staff(number: str) -> dict[str, Any]:
        return platform.disable_staff(number)

    @app.post("/v1/admin/applications/{official_number}/status", dependencies=[Depends(admin)])
    def set_status(official_number: str, doc: dict[str, str]) -> JSONResponse:
        return answer(
            platform.set_status(official_number, doc.get("status", ""), doc.get("note", ""))
        )

    @app.get("/v1/admin/bodies", dependencies=[Depends(admin)])
    def bodies() -> JSONResponse:
        """Implementing bodies (实施主体) and how many applications each has to handle."""
        return answer(platform.bodies())

    @app.get("/v1/admin/bodies/{region_code}/queue", dependencies=[Depends(admin)])
    def body_queue(region_code: str, department: str = "") -> JSONResponse:
        """One body's queue of applications, oldest first (市县乡村联动)."""
        return answer(platform.body_queue(region_code, department))

    @app.get("/v1/admin/fleet", dependencies=[Depends(admin)])
    def fleet() -> JSONResponse:
        return answer(platform.fleet())

    @app.get("/v1/admin/counts", dependencies=[Depends(admin)])
    def counts() -> dict[str, int]:
        return platform.counts()

    app.openapi = lambda: _contract(app)  # type: ignore[method-assign]
    return app


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
    ("get", "/v1/blobs/{sha256}"): {"400": "not a sha256"},
    ("put", "/v1/blobs/{sha256}"): {
        "409": "the offset is not what was received (the answer's `received` says where to"
        " continue), or the blob is being written by another request"
    },
    ("post", "/v1/bundles"): {"409": "a scan in the bundle could not be stored (try again)"},
    ("delete", "/v1/admin/staff/{number}"): {"404": "no such staff account"},
    ("post", "/v1/admin/applications/{official_number}/status"): {"404": "no such application"},
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
}


def _contract(app: FastAPI) -> dict[str, Any]:
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
        "\\nx-hall-blob-size:VALUE\\nidempotency-key:VALUE) — see sync/protocol.py."
    )
    for name, header in (
        ("TerminalId", protocol.TERMINAL),
        ("TerminalTimestamp", protocol.TIMESTAMP),
        ("TerminalNonce", protocol.NONCE),
        ("TerminalSignature", protocol.SIGNATURE),
    ):
        schemes[name] = {"type": "apiKey", "in": "header", "name": header, "description": signed}
    schemes["AdminToken"] = {"type": "http", "scheme": "bearer", "description": "admin.token"}
    terminal_security = [
        {n: [] for n in ("TerminalId", "TerminalTimestamp", "TerminalNonce", "TerminalSignature")}
    ]
    terminal_paths = {
        r.path
        for r in app.routes
        if any(
            getattr(d.call, "__name__", "") in ("_terminal", "_read_signed")
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


def _error_response(text: str) -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {"schema": _ERROR}}}
