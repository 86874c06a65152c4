"""A misbehaving network between a terminal and the platform, on 127.0.0.1.

One request per connection (the client sends ``Connection: close``); for each connection the
``plan`` picks a fault:

* ``pass``      relay the request and the answer
* ``drop``      relay the request, let the platform do the work, then drop its answer
* ``reset``     relay a random prefix of the request, then reset both sides
* ``stall``     take what the client sends and say nothing (the client's time-outs fire)
* ``500``/``429`` answer with that status (and ``Retry-After: 0``) without forwarding
* ``captive``   answer 200 with an HTML login page, like a hotel Wi-Fi

The proxy relays bytes as they come, both ways (as a router does, not as a store-and-forward
gateway): a client that sends ``Expect: 100-continue`` gets the platform's ``100 Continue`` (or
its early refusal) before it sends the body — and from a stalled connection nothing at all.
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


def _head(conn: socket.socket) -> tuple[bytes, bytes]:
    """A request's or an answer's head (to its blank line) and the bytes read past it."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data, b""
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head + b"\r\n\r\n", rest


def _header(head: bytes, name: bytes) -> bytes | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def _length(head: bytes) -> int:
    value = _header(head, b"content-length")
    return int(value) if value is not None else 0


def _read_exactly(conn: socket.socket, n: int, have: bytes = b"") -> bytes:
    data = have
    while len(data) < n:
        chunk = conn.recv(min(65536, n - len(data)))
        if not chunk:
            break
        data += chunk
    return data


def _read_answer(up: socket.socket) -> tuple[bytes, bool]:
    """One answer from the platform (head + Content-Length body); whether it is interim
    (1xx)."""
    head, rest = _head(up)
    interim = head[9:10] == b"1"
    if interim:
        return head, True
    return head + _read_exactly(up, _length(head), rest), False


def _rst(conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


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
        down_rate: float | None = None,
    ) -> None:
        """``reset_within``: a reset connection is cut within its first so many bytes (by
        default anywhere in its request); ``down_rate`` (bytes/s) throttles the answers."""
        self.upstream = upstream
        self.plan = plan
        self.rng = random.Random(seed)
        self.rate = rate
        self.stall_seconds = stall_seconds
        self.reset_within = reset_within
        self.down_rate = down_rate
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

    def _body(self, conn: socket.socket, n: int, sink: Callable[[bytes], bool]) -> None:
        """Takes up to ``n`` body bytes from the client at the link's rate, handing each piece
        to ``sink`` (which returns False to stop)."""
        started, taken = time.monotonic(), 0
        while taken < n:
            chunk = conn.recv(min(4096 if self.rate else 65536, n - taken))
            if not chunk:
                return
            taken += len(chunk)
            self._count(len(chunk))
            if not sink(chunk):
                return
            if self.rate:
                delay = started + taken / self.rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)

    def _serve(self, conn: socket.socket, mode: str, cut: float) -> None:
        with conn:
            conn.settimeout(30)
            try:
                self._relay(conn, mode, cut)
            except OSError:
                return

    def _relay(self, conn: socket.socket, mode: str, cut: float) -> None:
        head, early = _head(conn)
        if not head.endswith(b"\r\n\r\n"):
            return
        self._count(len(head))
        length = _length(head)
        expects = (_header(head, b"expect") or b"").lower() == b"100-continue"
        if mode == "stall":  # a dead link: whatever comes goes nowhere
            with self._lock:
                self.stalled.append(head[:-4])
            self._count(len(early))
            deadline = time.monotonic() + self.stall_seconds
            conn.settimeout(0.2)
            while time.monotonic() < deadline and not self._stop.is_set():
                try:
                    if not conn.recv(65536):
                        return  # the client gave up
                except TimeoutError:
                    continue
            return
        if mode in ("500", "429", "captive"):
            if not expects:  # the body first, as a gateway reads it before answering
                self._count(len(early))
                self._body(conn, length - len(early), lambda _: True)
            if mode == "captive":
                page = "<html><body>请登录</body></html>".encode()
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                    + str(len(page)).encode()
                    + b"\r\nConnection: close\r\n\r\n"
                    + page
                )
            else:
                reason = "Internal Server Error" if mode == "500" else "Too Many Requests"
                conn.sendall(
                    f"HTTP/1.1 {mode} {reason}\r\nRetry-After: 0\r\nContent-Length: 0\r\n"
                    "Connection: close\r\n\r\n".encode()
                )
            return
        # pass, drop, reset: relayed as the bytes come
        total = len(head) + length
        stop_at = max(1, int(min(total, self.reset_within or total) * cut))
        with socket.create_connection(self.upstream, timeout=30) as up:
            if mode == "reset" and stop_at <= len(head):
                up.sendall(head[:stop_at])
                _rst(conn)
                return
            up.sendall(head)
            relayed = [len(head)]
            if expects:  # the platform's interim answer (or its early refusal) goes back
                answer, interim = _read_answer(up)
                if not interim:
                    if mode == "drop":
                        _rst(conn)
                    else:
                        conn.sendall(answer)
                    return
                conn.sendall(answer)

            def forward(piece: bytes) -> bool:
                if mode == "reset" and relayed[0] + len(piece) >= stop_at:
                    up.sendall(piece[: stop_at - relayed[0]])
                    relayed[0] = stop_at
                    return False
                up.sendall(piece)
                relayed[0] += len(piece)
                return True

            self._count(len(early))
            if not early or forward(early):
                self._body(conn, length - len(early), forward)
            if mode == "reset":
                _rst(conn)
                return
            while True:
                answer, interim = _read_answer(up)
                if not interim:
                    break
        if mode == "drop":
            _rst(conn)
            return
        self._answer(conn, answer)

    def _answer(self, conn: socket.socket, answer: bytes) -> None:
        if not self.down_rate:
            conn.sendall(answer)
            return
        started = time.monotonic()
        for at in range(0, len(answer), 16384):
            conn.sendall(answer[at : at + 16384])
            delay = started + (at + 16384) / self.down_rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
