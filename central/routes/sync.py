"""The sync area: what terminals call, each request signed (central/auth.py) — scans,
applications, evaluations, carried bundles, heartbeats, and the pulls of progress, look-ups,
configuration and staff accounts; and a hall counter's desk for what stations submitted."""

from __future__ import annotations

import functools
import re
import time

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from central.auth import MAX_BLOB, MAX_SEQ, Auth, HeadAuth, StreamAuth, answer, signed_chunk
from central.base import PlatformError, json_object
from central.platform import Platform
from core import protocol
from core.ids import typed_code


def router(platform: Platform, *, partial_upload_days: float) -> APIRouter:
    router = APIRouter()
    # abandoned partial uploads go at start and, after that, with a heartbeat every 6 hours
    cleanup_after = partial_upload_days * 86400.0
    last_cleanup = [time.monotonic()]
    platform.cleanup_partial_uploads(cleanup_after)

    @router.get("/v1/time")
    def server_time() -> dict[str, int]:
        return {"server_time": int(time.time())}

    @router.get("/v1/blobs/{sha256}")
    def blob_status(sha256: str, auth: Auth) -> JSONResponse:
        return answer(platform.blob_status(auth[0], sha256))

    @router.put("/v1/blobs/{sha256}")
    async def put_chunk(
        request: Request,
        sha256: str,
        head: HeadAuth,
        offset: int = Query(ge=0, le=MAX_BLOB),
        size: int = Header(alias=protocol.BLOB_SIZE, ge=0, le=MAX_BLOB),
    ) -> JSONResponse:
        """A chunk is judged on its headers first (signature, offset, size, quota): a
        terminal waiting for ``100 Continue`` sends no byte of a chunk that would be refused;
        the part of a chunk a broken connection brought is kept."""
        tid = head.terminal
        early = await run_in_threadpool(platform.chunk_precheck, tid, sha256, size, offset)
        if early is not None:
            return answer(early)
        data, partial = await signed_chunk(request, head)
        return answer(
            await run_in_threadpool(
                functools.partial(
                    platform.put_chunk, tid, sha256, size, offset, data, partial=partial
                )
            )
        )

    @router.post("/v1/applications")
    def receive_application(
        auth: Auth, key: str = Header(alias=protocol.IDEMPOTENCY_KEY, min_length=8)
    ) -> JSONResponse:
        return answer(platform.receive_application(auth[0], key, auth[1]))

    @router.post("/v1/evaluations")
    def receive_evaluation(
        auth: Auth, key: str = Header(alias=protocol.IDEMPOTENCY_KEY, min_length=8)
    ) -> JSONResponse:
        return answer(platform.receive_evaluation(auth[0], key, auth[1]))

    @router.get("/v1/progress")
    def progress(
        auth: Auth,
        since: int = Query(default=0, ge=0, le=MAX_SEQ),
        limit: int = Query(500, ge=1, le=1000),
    ) -> JSONResponse:
        return answer(platform.progress(auth[0], since, limit))

    @router.get("/v1/applications/{official_number}/result")
    def instant_result(official_number: str, auth: Auth) -> JSONResponse:
        """即办: the result the platform issued the moment the application arrived (a
        certificate or 办结通知书, with its verification code) — to the terminal that sent it."""
        return answer(platform.instant_result_of(auth[0], official_number))

    @router.get("/v1/applications/lookup")
    def lookup(
        auth: Auth,
        code: str = Query(default="", max_length=40),
        id_number: str = Query(default="", max_length=18),
    ) -> JSONResponse:
        """Progress by receipt code or 办件编号, or by ID number (card read at the terminal)."""
        return answer(platform.lookup(code=typed_code(code), id_number=id_number.strip()))

    @router.get("/v1/calendar")
    def work_calendar(auth: Auth) -> JSONResponse:
        """The working-day calendar (public holidays and 调休 by year) the platform's time
        limits are computed by: terminals hold the same to tell applicants their due dates."""
        return answer(platform.calendar_answer())

    @router.get("/v1/config")
    def terminal_config(auth: Auth) -> JSONResponse:
        """Settings the platform manages for this terminal (sync interval, notices …)."""
        return JSONResponse(platform.signed_config(auth[0]))

    @router.post("/v1/bundles")
    def import_bundle(auth: StreamAuth) -> JSONResponse:
        """A bundle carried from an offline station, forwarded by any enrolled terminal (read
        from a temporary file: a week of scans never sits whole in memory)."""
        with auth[1] as bundle:
            return answer(platform.import_bundle(bundle, carried_by=auth[0]))

    @router.post("/v1/enrolments")
    async def enrol(request: Request) -> JSONResponse:
        """A new terminal's credentials and first settings for its one-time enrolment code
        (`hall-sync enrol`); unsigned: the code is the proof. Refused: an unknown code (403,
        and an address that guesses waits: 429), a used or expired one (410)."""
        body = await request.body()
        if len(body) > 4096:
            raise PlatformError(413, "body larger than 4096 bytes", limit=4096)
        address = request.client.host if request.client else ""
        return answer(platform.enrol_with_code(json_object(body), address))

    @router.post("/v1/heartbeat")
    def heartbeat(auth: Auth) -> JSONResponse:
        if time.monotonic() - last_cleanup[0] > 6 * 3600:
            last_cleanup[0] = time.monotonic()
            platform.cleanup_partial_uploads(cleanup_after)
        return answer(platform.heartbeat(auth[0], auth[1]))

    octets = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}

    @router.get(
        "/v1/updates/{version}/file",
        response_class=StreamingResponse,
        responses={
            200: {"description": "the release's file", "content": octets},
            206: {"description": "a range of it (Range, If-Range)", "content": octets},
        },
    )
    def update_file(
        version: str,
        auth: Auth,
        range_: str = Header(default="", alias="Range", max_length=64),
        if_range: str = Header(default="", alias="If-Range", max_length=80),
    ) -> StreamingResponse:
        """The file of the new version offered to this terminal (the heartbeat's answer
        carries its signed manifest) — a range from an offset served, so a download the link
        cut goes on (``If-Range`` with the ETag, the file's sha256: another file comes whole)."""
        manifest = platform.offered_manifest(auth[0], version)
        size, etag = int(manifest["size"]), f'"{manifest["sha256"]}"'
        start = 0
        ranged = re.fullmatch(r"bytes=(\d{1,15})-", range_.strip())
        if ranged and (not if_range or if_range == etag):
            start = int(ranged.group(1))
            if start >= size:
                raise PlatformError(416, "the range starts past the file", size=size)
        headers = {"ETag": etag, "Accept-Ranges": "bytes", "Content-Length": str(size - start)}
        if start:
            headers["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
        return StreamingResponse(
            platform.release_blocks(manifest, start),
            status_code=206 if start else 200,
            media_type="application/octet-stream",
            headers=headers,
        )

    @router.get("/v1/hall/submissions")
    def hall_submissions(
        auth: Auth, region_code: str = Query(min_length=12, max_length=12)
    ) -> JSONResponse:
        """A hall counter's 代办件: what stations submitted for its bodies, undecided."""
        return answer(platform.station_submissions(auth[0], region_code))

    @router.post("/v1/hall/submissions/{official_number}/decision")
    def decide_submission(official_number: str, auth: Auth) -> JSONResponse:
        """A clerk's 受理, 退回补正 or 不予受理 of a station's submission."""
        return answer(platform.decide_submission(auth[0], official_number, auth[1]))

    @router.get("/v1/staff")
    def terminal_staff(auth: Auth) -> JSONResponse:
        """This terminal's hall's staff accounts, with password hashes for offline sign-in."""
        return answer(platform.staff_list(auth[0]))

    return router
