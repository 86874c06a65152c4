"""How central is served, in one place for `hall-central serve`, the demo and the tests: no
forwarded headers trusted unless configured, and a request's headers must arrive within
HEADER_SECONDS.

uvicorn holds a connection that never finishes its headers for ever (500 of 500 still open
after 75 s; with the usual 1,024 descriptors about a thousand such sockets stop central), and
has no setting for it: :class:`HeaderTimeoutProtocol` is uvicorn's own httptools protocol with
a timer from a connection's first byte (or from the start of each request on a kept-alive one)
to the end of its headers.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger(__name__)

#: seconds a client has to send a request's headers (a body has its own idle limit)
HEADER_SECONDS = 20.0


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing a connection whose request headers do not
    arrive within :data:`HEADER_SECONDS`."""

    header_seconds = HEADER_SECONDS
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        log.info("closing a connection whose headers took over %.0f s", self.header_seconds)
        self.transport.close()


def server_config(app: Any, *, host: str, port: int, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration central is served with (``options`` go to uvicorn)."""
    options.setdefault("proxy_headers", False)  # the connection's address counts
    return uvicorn.Config(app, host=host, port=port, http=HeaderTimeoutProtocol, **options)


class Admission:
    """Admission control: at most ``limit`` requests in work at once in this process; past it
    a request is answered at once with 503 and Retry-After (terminals back off and come back)
    instead of waiting in an unbounded queue until it times out. The load balancer's probes
    (/healthz, /readyz) are always let in."""

    def __init__(self, app: Any, limit: int, retry_after: int = 2) -> None:
        self.app = app
        self.limit = limit
        self.retry_after = retry_after
        self.in_work = 0
        self.refused = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] in PROBES or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        if self.in_work >= self.limit:
            self.refused += 1
            await _answer(
                send,
                503,
                b'{"error":"central is saturated; try again shortly"}',
                [(b"retry-after", str(self.retry_after).encode()), (b"connection", b"close")],
            )
            return
        self.in_work += 1  # one event loop: no lock needed
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_work -= 1


#: the probes a load balancer calls: alive, and ready to take requests
PROBES = frozenset({"/healthz", "/readyz"})


async def _answer(send: Any, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), *headers],
        }
    )
    await send({"type": "http.response.body", "body": body})
