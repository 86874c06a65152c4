"""The platform's HTTP application, made of its areas (central/routes/: sync, catalogue, admin)
over the platform (central/platform.py); who may call what is central/auth.py, the published
contract central/contract.py. OpenAPI is published at /openapi.json and /docs."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from central import console
from central.auth import API_VERSION, AdminGate, admin_token_for
from central.base import PlatformError
from central.catalogue_feed import Catalogues
from central.catalogue_snapshot import Snapshots
from central.contract import contract
from central.licences import seed_demo_licences
from central.platform import Platform
from central.routes import admin, catalogue, licences, portal, queue, sync
from central.server import Admission
from core import protocol
from sync.catalogue import CatalogueStore, build_demo_catalogue

__all__ = ["API_VERSION", "admin_token_for", "create_app"]


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
    database: str | None = None,
    max_in_work: int = 0,
    blobs: str | None = None,
) -> FastAPI:
    """Builds the platform over ``data_dir`` (created, and seeded with the demo catalogue);
    ``database``: its records' PostgreSQL URL (central.storage; None: the environment's);
    ``max_in_work``: requests in work at once before 503 + Retry-After (0: no limit)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    platform = Platform(data_dir, quota_bytes=quota_bytes, database=database, blobs=blobs)
    gate = AdminGate(admin_token or admin_token_for(data_dir))
    catalogue_path = data_dir / "catalogue.sqlite"
    with CatalogueStore(catalogue_path) as store:
        if store.count() == 0:
            build_demo_catalogue(store)
    catalogues = Catalogues(catalogue_path)
    catalogues.feed = platform  # a replica's catalogue follows the shared change feed
    platform.router = catalogues.body_of
    platform.catalogue_item = catalogues.item
    platform.catalogue_counts = catalogues.counts
    seed_demo_licences(platform)  # the demo city's 电子证照, for the simulated cards' people
    with catalogues.store() as s:
        platform.set_catalogue_base(s.version or "empty")
    app = FastAPI(
        title="Hall Terminal central platform",
        version=API_VERSION,
        description="Reference platform for Hall Terminal kiosks and counters.",
    )
    app.add_middleware(CloseUnreadBodies)
    app.add_middleware(Admission, limit=max_in_work)  # outermost: refuses before any work
    app.state.platform = platform
    snapshots = Snapshots(data_dir / "snapshots", platform, catalogues)
    app.include_router(catalogue.router(platform, catalogues, gate, snapshots))
    app.include_router(sync.router(platform, partial_upload_days=partial_upload_days))
    app.include_router(admin.router(platform, gate))
    app.include_router(queue.router(platform))
    app.include_router(licences.router(platform, gate))
    app.include_router(portal.router(platform, gate))
    console.install(app, platform)  # the supervision console (web pages, not the API)

    @app.get("/healthz", include_in_schema=False)
    def alive() -> dict[str, str]:
        """The load balancer's liveness probe: the process answers."""
        return {"status": "alive"}

    @app.get("/readyz", include_in_schema=False)
    def ready() -> JSONResponse:
        """The load balancer's readiness probe: the records answer and scans can be stored;
        503 otherwise (the balancer sends terminals to another replica)."""
        problems = platform.readiness_problems()
        if problems:
            return JSONResponse(
                {"error": "not ready: " + "; ".join(problems)}, 503, headers={"Retry-After": "5"}
            )
        return JSONResponse({"status": "ready", "records": platform.db.dialect})

    @app.exception_handler(sqlite3.OperationalError)
    @app.exception_handler(psycopg.OperationalError)
    def storage_failed(request: Request, e: Exception) -> JSONResponse:
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
    def http_error(request: Request, e: StarletteHTTPException) -> Response:
        """Framework refusals (a body that does not parse, a method not allowed) in the one
        error shape every answer has: ``{"error": …}`` — on the console's pages, a page."""
        if request.url.path.startswith("/console/"):
            words = {404: "没有这个页面。", 405: "不支持这种请求。"}.get(
                e.status_code, str(e.detail)
            )
            return console.error_page(request, PlatformError(e.status_code, words))
        return JSONResponse({"error": str(e.detail)}, e.status_code, headers=e.headers)

    @app.exception_handler(PlatformError)
    def platform_error(request: Request, e: PlatformError) -> Response:
        if request.url.path.startswith("/console/"):
            return console.error_page(request, e)
        headers = {}
        if "server_time" in e.extra:
            headers[protocol.SERVER_TIME] = str(e.extra["server_time"])
        if "retry_after" in e.extra:
            headers["Retry-After"] = str(e.extra["retry_after"])
        return JSONResponse({"error": e.message, **e.extra}, e.status, headers=headers)

    app.openapi = lambda: contract(app)  # type: ignore[method-assign]
    return app


def from_environment() -> FastAPI:
    """The application as `hall-central serve --workers N` has each worker make it, from the
    settings the command put in the environment (HALL_CENTRAL_*)."""
    import os

    return create_app(
        Path(os.environ["HALL_CENTRAL_DATA_DIR"]),
        quota_bytes=int(os.environ.get("HALL_CENTRAL_QUOTA_BYTES", str(200 << 30))),
        partial_upload_days=float(os.environ.get("HALL_CENTRAL_PARTIAL_UPLOAD_DAYS", "7")),
        max_in_work=int(os.environ.get("HALL_CENTRAL_MAX_IN_WORK", "0")),
    )
