"""Who may call central: terminals sign every request (core/protocol.py) — checked before any
body byte is read, then against the body streamed in — and administrators hold the admin token.
Also the limits every request is held to."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, BinaryIO, cast

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from starlette.requests import ClientDisconnect

from central.base import Answer, PlatformError
from central.platform import Platform
from core import protocol

API_VERSION = "1"

#: Request bodies a terminal may send (a larger one is refused with 413 before it is read):
#: JSON documents, upload chunks (the protocol's largest is 8 MiB) and carried bundles (read to
#: a spooled temporary file, never whole into memory).
JSON_LIMIT = protocol.JSON_LIMIT
CHUNK_LIMIT = protocol.MAX_CHUNK + (64 << 10)
BUNDLE_LIMIT = 16 << 30
SPOOL_IN_MEMORY = 8 << 20
BODY_IDLE_SECONDS = 60.0  # a body that stops arriving this long is given up (408)
MAX_BLOB = protocol.MAX_BLOB  # one scan at most; larger sizes are refused (422)
MAX_SEQ = (1 << 62) - 1  # cursors fit SQLite's integers (a larger one answered 500)
ADMIN_MAX_FAILURES, ADMIN_WINDOW = 10, 60


def _limit(request: Request) -> int:
    path = request.url.path
    if path.startswith("/v1/blobs/"):
        return CHUNK_LIMIT
    if path == "/v1/bundles":
        return int(getattr(request.app.state, "bundle_limit", BUNDLE_LIMIT))
    return JSON_LIMIT


@dataclass(frozen=True)
class SignedHead:
    """A terminal's request whose headers have been checked: the form, the clock, the
    terminal, the declared size and — with the body's sha256 declared up front — the
    signature. Its body is not read yet."""

    terminal: str
    path_query: str
    headers: dict[str, str]
    limit: int
    claimed: str | None  # the body's declared sha256, already authenticated


async def signed_head(request: Request) -> SignedHead:
    """Authenticates what a terminal's request says before its body: a client waiting for
    ``100 Continue`` is refused here without sending a byte of it."""
    platform: Platform = request.app.state.platform
    # the path as sent on the request line (percent-encoded), as the terminal signed it: the
    # decoded path differs for any byte outside ASCII, and no signature would ever match
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path_query = raw.decode("latin-1") + (f"?{request.url.query}" if request.url.query else "")
    headers = {k.lower(): v for k, v in request.headers.items()}
    try:
        platform.precheck(headers)  # the headers' form, the clock, an enabled terminal
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
    # the signature first, over the body's sha256 declared up front: no byte of a body is
    # taken from someone who has not proved who they are (a bundle spooled up to 16 GiB to
    # temporary disk before its 401, issue 22 item 4)
    claimed = headers.get(protocol.BODY_SHA256.lower())
    if claimed is not None:
        if not _SHA256_HEX.fullmatch(claimed):
            raise PlatformError(400, f"malformed {protocol.BODY_SHA256}")
        _authenticate(platform, request.method, path_query, headers, claimed)
    elif limit > JSON_LIMIT and request.url.path == "/v1/bundles":
        raise PlatformError(
            428, f"declare the body's sha256 in {protocol.BODY_SHA256} before sending a bundle"
        )
    return SignedHead(headers[protocol.TERMINAL.lower()], path_query, headers, limit, claimed)


async def signed_stream(request: Request) -> tuple[str, BinaryIO]:
    """Authenticates a terminal request: its headers first (signed_head), then the body
    (streamed, capped, hashed as it comes) against the declared sha256 or the signature.
    Returns (terminal id, the body as a file positioned at 0)."""
    head = await signed_head(request)
    slot = _bundle_slot(request) if request.url.path == "/v1/bundles" else None
    try:
        body, _ = await _read_body(request, head)
        return head.terminal, body
    finally:
        if slot is not None:
            slot.release()


async def signed_chunk(request: Request, head: SignedHead) -> tuple[bytes, bool]:
    """A scan chunk's body, after signed_head: (the bytes, whether they are only the part a
    broken connection brought). A part is returned only when the signature was checked on
    the headers (the body's sha256 declared up front): what it holds is the terminal's, cut
    short — the scan's sha256 is checked over every byte when the last one arrives."""
    body, whole = await _read_body(request, head, keep_partial=head.claimed is not None)
    with body:
        return body.read(), not whole


_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
MAX_BUNDLE_UPLOADS = 2  # bundles received at once (each may spool gigabytes to disk)


def _bundle_slot(request: Request) -> threading.Semaphore:
    """One of the few bundle uploads received at once; the rest are told to come back."""
    state = request.app.state
    slots = getattr(state, "bundle_slots", None)
    if slots is None:
        slots = state.bundle_slots = threading.BoundedSemaphore(
            int(getattr(state, "max_bundle_uploads", MAX_BUNDLE_UPLOADS))
        )
    if not slots.acquire(blocking=False):
        raise PlatformError(503, "too many bundles being received; try again", retry_after=60)
    return slots


def _authenticate(
    platform: Platform, method: str, path_query: str, headers: dict[str, str], digest: str
) -> None:
    try:
        platform.authenticate_digest(method, path_query, headers, digest)
    except PlatformError as e:
        if e.status == 401:
            e.extra.setdefault("server_time", int(time.time()))
        raise


async def _read_body(
    request: Request, head: SignedHead, *, keep_partial: bool = False
) -> tuple[BinaryIO, bool]:
    """The body, streamed, capped and hashed as it comes; then checked against the declared
    sha256 (authenticated already) or, without one, against the signature. Returns the body
    and whether it is whole (``keep_partial``: a body cut short by its connection is
    returned as far as it came, instead of refused)."""
    platform: Platform = request.app.state.platform
    limit, claimed = head.limit, head.claimed
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
                if keep_partial:
                    spool.seek(0)
                    return cast(BinaryIO, spool), False
                raise PlatformError(
                    408, f"no body bytes for {idle:.0f} s; send the request again"
                ) from None
            size += len(chunk)
            if size > limit:
                raise PlatformError(413, f"body larger than {limit} bytes", limit=limit)
            digest.update(chunk)
            spool.write(chunk)
    except ClientDisconnect:  # the link dropped mid-body: normal on village lines
        if keep_partial:
            spool.seek(0)
            return cast(BinaryIO, spool), False
        spool.close()
        raise PlatformError(400, "client disconnected before the body was complete") from None
    except BaseException:
        spool.close()
        raise
    try:
        if claimed is None:
            _authenticate(
                platform, request.method, head.path_query, head.headers, digest.hexdigest()
            )
        elif digest.hexdigest() != claimed:
            raise PlatformError(400, f"the body does not match its {protocol.BODY_SHA256}")
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return cast(BinaryIO, spool), True


async def signed_body(request: Request) -> tuple[str, bytes]:
    """A signed request whose body is small (JSON, a chunk): (terminal id, body)."""
    tid, body = await signed_stream(request)
    with body:
        return tid, body.read()


Auth = Annotated[tuple[str, bytes], Depends(signed_body)]
HeadAuth = Annotated[SignedHead, Depends(signed_head)]
StreamAuth = Annotated[tuple[str, BinaryIO], Depends(signed_stream)]


def answer(a: Answer) -> JSONResponse:
    return JSONResponse(a.doc, a.status)


def admin_token_for(data_dir: Path) -> str:
    """The admin bearer token of a platform: ``data_dir/admin.token``, made on first start."""
    path = data_dir / "admin.token"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(24))
    return path.read_text().strip()


class AdminGate:
    """The admin token, compared in constant time as bytes (a header with non-ASCII bytes is
    simply wrong); ten failures from one address in a minute: its further failures answer 429
    for a minute — the right token always passes (behind one reverse proxy every caller has
    the proxy's address, and anyone's wrong guesses kept the administrator out). The address is
    the connection's: forwarded headers count only where `hall-central serve
    --forwarded-allow-ips` names the proxy (from loopback they let anyone change addresses and
    escape the throttle). The token (24 random bytes) is not guessed by trying."""

    def __init__(self, token: str) -> None:
        self._expected = f"Bearer {token}".encode()
        self._failures: dict[str, list[float]] = {}

    def __call__(self, request: Request, authorization: str = Header(default="")) -> None:
        client = request.client.host if request.client else "?"
        if secrets.compare_digest(authorization.encode("utf-8"), self._expected):
            self._failures.pop(client, None)
            return
        now = time.monotonic()
        recent = [t for t in self._failures.get(client, []) if now - t < ADMIN_WINDOW]
        if len(recent) >= ADMIN_MAX_FAILURES:
            raise PlatformError(
                429, "too many failed admin logins; try again later", retry_after=ADMIN_WINDOW
            )
        self._failures[client] = [*recent, now]
        raise PlatformError(401, "admin token required")
