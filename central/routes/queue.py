"""The hall queue's area (取号 → 叫号): what the hall's kiosks and counters call, each request
signed — the queue's configuration and who waits, a ticket issued or followed, an appointment
found and checked in, a kiosk's block of numbers and the tickets it issued while the server
was away, a call and what follows it, a window paused."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, StreamingResponse

from central.auth import MAX_SEQ, Auth, answer
from central.platform import Platform

ACTIONS = ("recall", "no-show", "serve", "finish", "transfer")
#: How often a stream looks for new events committed by another process (one of this
#: process wakes it at once), how often it says it is alive, and how long one stream lasts
#: (then the display reconnects from its last event: no connection is held for ever).
POLL_SECONDS = 0.25
KEEPALIVE_SECONDS = 10.0
STREAM_SECONDS = 600.0


def _sse(seq: int, kind: str, data: str) -> bytes:
    return f"id: {seq}\nevent: {kind}\ndata: {data}\n\n".encode()


def router(platform: Platform) -> APIRouter:
    router = APIRouter()

    @router.get("/v1/queue")
    def queue(auth: Auth) -> JSONResponse:
        return answer(platform.queue(auth[0]))

    @router.get("/v1/queue/events")
    def queue_events(
        auth: Auth, since: int = Query(default=0, ge=0, le=MAX_SEQ)
    ) -> StreamingResponse:
        """The hall's calls as they happen (server-sent events): first the state (the last
        calls, who waits where), then each call and recall — pushed, not polled by the
        displays."""
        terminal = auth[0]
        state = json.dumps(platform.queue_state(terminal), ensure_ascii=False)

        async def events() -> AsyncIterator[bytes]:
            # async: a display that goes away ends its stream at once (the server cancels it),
            # not at the next write; the look-up is one indexed read of a few rows, made when
            # a call of this process was committed (woken) or every POLL_SECONDS
            loop = asyncio.get_running_loop()
            woken = asyncio.Event()

            def wake() -> None:  # from the thread that committed the event
                with contextlib.suppress(RuntimeError):  # a closed loop: the stream is over
                    loop.call_soon_threadsafe(woken.set)

            forget = platform.on_queue_change(wake)
            try:
                last, started, alive = since, time.monotonic(), time.monotonic()
                yield _sse(last, "state", state)
                while time.monotonic() - started < STREAM_SECONDS:
                    woken.clear()
                    rows = platform.queue_events(terminal, last)
                    for seq, kind, doc in rows:
                        last = seq
                        yield _sse(seq, kind, doc)
                    if rows:
                        alive = time.monotonic()
                    elif time.monotonic() - alive > KEEPALIVE_SECONDS:
                        alive = time.monotonic()
                        yield b": alive\n\n"
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(woken.wait(), POLL_SECONDS)
            finally:
                forget()

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    @router.post("/v1/queue/tickets")
    def issue_ticket(auth: Auth) -> JSONResponse:
        return answer(platform.issue_ticket(auth[0], auth[1]))

    @router.post("/v1/queue/blocks")
    def take_block(auth: Auth) -> JSONResponse:
        return answer(platform.take_block(auth[0], auth[1]))

    @router.post("/v1/queue/provisional")
    def take_provisional(auth: Auth) -> JSONResponse:
        return answer(platform.take_provisional(auth[0], auth[1]))

    @router.get("/v1/queue/tickets/{number}")
    def follow_ticket(
        number: str, auth: Auth, day: str = Query(default="", max_length=10)
    ) -> JSONResponse:
        """Where a ticket stands (the kiosk's progress query follows a ticket's QR)."""
        return answer(platform.follow_ticket(auth[0], number, day))

    @router.post("/v1/queue/appointments/find")
    def find_appointments(auth: Auth) -> JSONResponse:
        """The card holder's appointments of today (预约签到)."""
        return answer(platform.find_appointments(auth[0], auth[1]))

    @router.post("/v1/queue/appointments/{reference}/check-in")
    def check_in(reference: str, auth: Auth) -> JSONResponse:
        return answer(platform.check_in_appointment(auth[0], reference, auth[1]))

    @router.post("/v1/queue/windows")
    def pause_window(auth: Auth) -> JSONResponse:
        """暂停服务 / 恢复服务 of a window."""
        return answer(platform.pause_window(auth[0], auth[1]))

    @router.post("/v1/queue/call")
    def call_next(auth: Auth) -> JSONResponse:
        return answer(platform.call_next(auth[0], auth[1]))

    @router.post("/v1/queue/tickets/{number}/{action}")
    def ticket_action(number: str, action: str, auth: Auth) -> JSONResponse:
        return answer(platform.ticket_action(auth[0], number, action, auth[1]))

    return router
