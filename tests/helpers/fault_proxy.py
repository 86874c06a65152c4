"""A misbehaving network between a terminal and the platform, on 127.0.0.1.

One request per connection (the client sends ``Connection: close``); for each connection the
``plan`` picks a fault:

* ``pass``      relay the request and the answer
* ``drop``      relay the request, let the platform do the work, then drop its answer
* ``reset``     relay a random prefix of the request, then reset both sides
* ``stall``     read the request and say nothing (the client's read time-out fires)
* ``500``/``429`` answer with that status (and ``Retry-After: 0``) without forwarding
* ``captive``   answer 200 with an HTML login page, like a hotel Wi-Fi

``rate`` (bytes/s) throttles the client→platform direction, for slow village links.
Counts the bytes the client sent (``bytes_from_client``).
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections.abc import Callable


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _read_response(conn: socket.socket) -> bytes:
    """One HTTP answer (headers + Content-Length body), whether or not the server closes."""
    return _read_request(conn)  # same framing: head, blank line, Content-Length bytes


class FaultProxy:
    def __init__(
        self,
        upstream: tuple[str, int],
        plan: Callable[[random.Random], str],
        *,
        seed: int = 1,
        rate: float | None = None,
        stall_seconds: float = 3.0,
        reset_within: int | None = None,
    ) -> None:
        """``reset_within``: a reset connection is cut within its first so many bytes (by
        default anywhere in its request)."""
        self.upstream = upstream
        self.plan = plan
        self.rng = random.Random(seed)
        self.rate = rate
        self.stall_seconds = stall_seconds
        self.reset_within = reset_within
        self.bytes_from_client = 0
        self.faults: dict[str, int] = {}
        self.stalled: list[bytes] = []  # the heads of the requests left unanswered
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                mode = self.plan(self.rng)
                cut = self.rng.random()
                self.faults[mode] = self.faults.get(mode, 0) + 1
            threading.Thread(target=self._serve, args=(conn, mode, cut), daemon=True).start()

    def _count(self, n: int) -> None:
        with self._lock:
            self.bytes_from_client += n

    def _read_throttled(self, conn: socket.socket) -> bytes:
        if self.rate is None:
            request = _read_request(conn)
            self._count(len(request))
            return request
        # Throttle by reading in small slices at the given rate.
        data = b""
        started = time.monotonic()
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            (
                int(v.strip())
                for k, _, v in (line.partition(b":") for line in head.split(b"\r\n"))
                if k.strip().lower() == b"content-length"
            ),
            0,
        )
        while len(body) < length:
            chunk = conn.recv(min(4096, length - len(body)))
            if not chunk:
                break
            body += chunk
            due = started + (len(head) + len(body)) / self.rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        request = head + b"\r\n\r\n" + body
        self._count(len(request))
        return request

    def _serve(self, conn: socket.socket, mode: str, cut: float) -> None:
        with conn:
            conn.settimeout(30)
            try:
                if mode == "reset":
                    request = _read_request(conn)
                    span = min(len(request), self.reset_within or len(request))
                    part = request[: max(1, int(span * cut))]
                    self._count(len(part))
                    with socket.create_connection(self.upstream, timeout=10) as up:
                        up.sendall(part)
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                request = self._read_throttled(conn)
                if mode == "stall":
                    with self._lock:
                        self.stalled.append(request.partition(b"\r\n\r\n")[0])
                    time.sleep(self.stall_seconds)
                    return
                if mode in ("500", "429"):
                    reason = "Internal Server Error" if mode == "500" else "Too Many Requests"
                    conn.sendall(
                        f"HTTP/1.1 {mode} {reason}\r\nRetry-After: 0\r\nContent-Length: 0\r\n"
                        "Connection: close\r\n\r\n".encode()
                    )
                    return
                if mode == "captive":
                    body = "<html><body>请登录</body></html>".encode()
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                        + str(len(body)).encode()
                        + b"\r\nConnection: close\r\n\r\n"
                        + body
                    )
                    return
                with socket.create_connection(self.upstream, timeout=30) as up:
                    up.sendall(request)
                    answer = _read_response(up)
                if mode == "drop":
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                conn.sendall(answer)
            except OSError:
                return
