"""A request whose body goes out only once the platform has said ``100 Continue`` (RFC 9110
§10.1.1), for the terminal's big bodies: scan chunks and carried bundles.

requests (urllib3) sends the body right behind the headers. On a village line that costs the
whole body twice over whenever the connection is dead already (a stalled link swallows a
megabyte and answers nothing) or the platform would refuse it anyway (a chunk at an offset it
has passed, a bad signature, a full quota): issue 22 item 14 measured 1.17× the payload sent on
a bad link. With ``Expect: 100-continue`` the headers go first; the platform checks them (the
signature, the offset) and says go on, or refuses at once; a link that says nothing within a
short wait is given up after a few hundred header bytes.

A server or proxy that does not know ``Expect`` never says ``100 Continue``: until a platform
has been heard to say it once, a client that waited in vain sends the body anyway, as the RFC
tells clients to (``insist=False``). Plain http.client, because urllib3 has no interim answers;
a connection is kept between requests as requests keeps one. TLS verification follows
requests' rules (certifi's bundle, or the CA file given).

The ``100 Continue`` is also the cheapest proof that a link is alive: it comes back a round
trip after the headers, before the platform does any work, so silence is judged in about a
second where an answer may legitimately take longer (an application's intake) — on a link that
broke a connection lately, the client uses it for small delivery bodies too.
"""

from __future__ import annotations

import http.client
import io
import os
import selectors
import socket
import ssl
import weakref
from collections.abc import Mapping
from typing import BinaryIO
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict
from requests.utils import DEFAULT_CA_BUNDLE_PATH, get_encoding_from_headers

BLOCK = 64 * 1024


class ConnectFailed(OSError):
    """No connection could be made (refused, no route, connect time-out)."""


class NoContinue(OSError):
    """The platform said nothing within the wait after the headers (a dead link)."""


class _Replay(io.RawIOBase):
    """A socket's bytes, after bytes already read from it."""

    def __init__(self, prefix: bytes, sock: socket.socket) -> None:
        self.prefix = prefix
        self.sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.prefix:
            n = min(len(b), len(self.prefix))
            b[:n] = self.prefix[:n]
            self.prefix = self.prefix[n:]
            return n
        return self.sock.recv_into(b)


class _Source:
    """What http.client.HTTPResponse reads an answer from."""

    def __init__(self, prefix: bytes, sock: socket.socket) -> None:
        self.raw = _Replay(prefix, sock)

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(self.raw)


def _context(verify: bool | str) -> ssl.SSLContext:
    if verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    where = DEFAULT_CA_BUNDLE_PATH if verify is True else verify
    if isinstance(where, str) and where:
        if os.path.isdir(where):
            return ssl.create_default_context(capath=where)
        return ssl.create_default_context(cafile=where)
    return ssl.create_default_context()


def _head(sock: socket.socket) -> tuple[bytes, bytes]:
    """An answer's head (through its blank line) and any bytes read past it."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(8192)
        if not piece:
            raise http.client.RemoteDisconnected("the platform closed the connection")
        data += piece
    head, _, rest = data.partition(b"\r\n\r\n")
    return head + b"\r\n\r\n", rest


def _waiting(sock: socket.socket, seconds: float) -> bool:
    """Whether the platform has said something within ``seconds`` (poll, not select: a
    process with more than 1,024 open files — a hall's gateway, the load bench — got
    "filedescriptor out of range in select()")."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_READ)
        return bool(selector.select(max(seconds, 0.0)))


class Transport:
    """Requests that wait for ``100 Continue``, on one connection kept between them (as
    requests' pool keeps one): one per platform client, used from one thread."""

    def __init__(self, base_url: str, verify: bool | str = True) -> None:
        self.parts = urlsplit(base_url)
        self.verify = verify
        # the kept connection, in a box the finalizer can close without holding the transport
        # (as urllib3 closes its pools' connections)
        self._box: list[http.client.HTTPConnection] = []
        weakref.finalize(self, _close_box, self._box)

    @property
    def _conn(self) -> http.client.HTTPConnection | None:
        return self._box[0] if self._box else None

    def close(self) -> None:
        _close_box(self._box)

    def _connection(self, connect_timeout: float) -> tuple[http.client.HTTPConnection, bool]:
        """The kept connection if the platform has not closed it meanwhile (a kept connection
        that has something to read is closed: an idle time-out's EOF), else a new one;
        whether it is kept."""
        conn = self._conn
        if conn is not None and conn.sock is not None and not _waiting(conn.sock, 0):
            return conn, True
        self.close()
        host = self.parts.hostname or ""
        if self.parts.scheme == "https":
            conn = http.client.HTTPSConnection(
                host, self.parts.port or 443, timeout=connect_timeout, context=_context(self.verify)
            )
        else:
            conn = http.client.HTTPConnection(host, self.parts.port or 80, timeout=connect_timeout)
        try:
            conn.connect()
        except ssl.SSLError:
            conn.close()
            raise  # reached, but not trusted (or not TLS): not a link that is down
        except OSError as e:
            conn.close()
            raise ConnectFailed(f"{type(e).__name__}: {e}") from e
        self._box.append(conn)
        return conn, False

    def send(
        self,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: BinaryIO,
        *,
        connect_timeout: float,
        continue_timeout: float,
        read_timeout: float,
        insist: bool = False,
        expect: bool = True,
    ) -> tuple[requests.Response, bool, bool]:
        """Sends ``body`` (a file positioned at its start, ``Content-Length`` in ``headers``)
        to ``target`` (path and query under the base URL's path) after the platform's
        ``100 Continue`` (``expect`` False: at once, on the same kept connection — a small
        body on a clean link, which goes faster so than through requests' per-request work).
        Returns (the answer as a requests.Response, whether the body was sent, whether the
        platform said ``100 Continue``).

        Raises ConnectFailed when no connection is made, NoContinue when nothing came back
        within ``continue_timeout`` and ``insist`` (else the body goes anyway), TimeoutError
        when the answer does not come within ``read_timeout``, other OSErrors (reset,
        closed) as they come. A kept connection the platform closed just as the headers went
        is replaced once (nothing was sent that it could have acted on)."""
        target = self.parts.path.rstrip("/") + target
        for fresh in (False, True):
            conn, kept = self._connection(connect_timeout)
            try:
                return self._exchange(
                    conn,
                    method,
                    target,
                    headers,
                    body,
                    continue_timeout if expect else None,
                    read_timeout,
                    insist,
                )
            except _StaleConnection:
                self.close()
                if fresh or not kept:
                    raise ConnectionResetError("the platform closed the connection") from None
            except BaseException:
                self.close()
                raise
        raise AssertionError("unreachable")

    def _exchange(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: BinaryIO,
        continue_timeout: float | None,
        read_timeout: float,
        insist: bool,
    ) -> tuple[requests.Response, bool, bool]:
        """One request on ``conn``; ``continue_timeout`` None: no ``Expect``."""
        sock = conn.sock
        assert sock is not None
        sock.settimeout(read_timeout)
        close = any(k.lower() == "connection" and v.lower() == "close" for k, v in headers.items())
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.parts.netloc.rpartition('@')[2]}"]
        for name, value in headers.items():
            if name.lower() not in ("connection", "expect", "accept-encoding", "host"):
                lines.append(f"{name}: {value}")
        lines.append("Accept-Encoding: identity")
        if continue_timeout is not None:
            lines.append("Expect: 100-continue")
        if close:
            lines.append("Connection: close")
        if any(c in line for line in lines for c in "\r\n\0"):
            raise ValueError("a header holds a line break")  # never from this program
        head = "\r\n".join(lines) + "\r\n\r\n"
        try:
            sock.sendall(head.encode("latin-1"))
        except (BrokenPipeError, ConnectionResetError) as e:
            raise _StaleConnection from e
        url = f"{self.parts.scheme}://{self.parts.netloc}{target}"
        continued = False
        prefix = b""
        if continue_timeout is None:
            pass  # the body follows at once
        elif _waiting(sock, continue_timeout):
            try:
                interim, rest = _head(sock)
            except (http.client.RemoteDisconnected, ConnectionResetError) as e:
                raise _StaleConnection from e
            if interim[9:12] == b"100":
                continued, prefix = True, rest
            else:  # refused (or answered) before the body: it stays here
                r = self._response(url, method, interim + rest, sock, reusable=False)
                return r, False, False
        elif insist:
            raise NoContinue(f"no answer within {continue_timeout:.1f} s of the headers")
        try:
            while block := body.read(BLOCK):
                sock.sendall(block)
        except OSError:
            # the platform may have refused and closed while the body went out: its answer,
            # if it wrote one, is the news; otherwise the broken connection is
            try:
                r = self._response(url, method, prefix, sock, reusable=False)
                return r, False, continued
            except (OSError, http.client.HTTPException):
                pass
            raise
        r = self._response(url, method, prefix, sock, reusable=not close)
        return r, True, continued

    def _response(
        self,
        url: str,
        method: str,
        prefix: bytes,
        sock: socket.socket,
        *,
        reusable: bool,
    ) -> requests.Response:
        answer = http.client.HTTPResponse(_Source(prefix, sock), method=method)  # type: ignore[arg-type]
        try:
            answer.begin()  # skips any further interim answers
            content = answer.read()
        except http.client.HTTPException as e:
            raise ConnectionError(f"{type(e).__name__}: {e}") from e
        if not reusable or answer.will_close or answer.fp is not None:
            self.close()  # the platform closes it, or bytes of this exchange may linger
        r = requests.Response()
        r.status_code = answer.status
        r.reason = answer.reason
        r.headers = CaseInsensitiveDict(answer.getheaders())
        r._content = content
        r.url = url
        r.encoding = get_encoding_from_headers(r.headers)
        return r


def _close_box(box: list[http.client.HTTPConnection]) -> None:
    while box:
        box.pop().close()


class _StaleConnection(Exception):
    """A kept connection the platform had closed."""
