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
one connection per request (these bodies are large: the connection's set-up is small beside
them). TLS verification follows requests' rules (certifi's bundle, or the CA file given).
"""

from __future__ import annotations

import http.client
import io
import os
import select
import socket
import ssl
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
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    readable, _, _ = select.select([sock], [], [], max(seconds, 0.0))
    return bool(readable)


def send(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: BinaryIO,
    *,
    connect_timeout: float,
    continue_timeout: float,
    read_timeout: float,
    verify: bool | str = True,
    insist: bool = False,
) -> tuple[requests.Response, bool, bool]:
    """Sends ``body`` (a file positioned at its start, ``Content-Length`` in ``headers``) after
    the platform's ``100 Continue``. Returns (the answer as a requests.Response, whether the
    body was sent, whether the platform said ``100 Continue``).

    Raises ConnectFailed when no connection is made, NoContinue when nothing came back within
    ``continue_timeout`` and ``insist`` (else the body goes anyway), TimeoutError when the
    answer does not come within ``read_timeout``, other OSErrors (reset, closed) as they
    come."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(
            host, parts.port or 443, timeout=connect_timeout, context=_context(verify)
        )
    else:
        conn = http.client.HTTPConnection(host, parts.port or 80, timeout=connect_timeout)
    try:
        try:
            conn.connect()
        except ssl.SSLError:
            raise  # reached, but not trusted (or not TLS): not a link that is down
        except OSError as e:
            raise ConnectFailed(f"{type(e).__name__}: {e}") from e
        sock = conn.sock
        assert sock is not None
        sock.settimeout(read_timeout)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.putrequest(method, target, skip_accept_encoding=True)
        for name, value in headers.items():
            if name.lower() not in ("connection", "expect", "accept-encoding", "host"):
                conn.putheader(name, value)
        conn.putheader("Accept-Encoding", "identity")
        conn.putheader("Connection", "close")
        conn.putheader("Expect", "100-continue")
        conn.endheaders()
        continued = sent = False
        prefix = b""
        if _waiting(sock, continue_timeout):
            head, rest = _head(sock)
            if head[9:12] == b"100":
                continued, prefix = True, rest
            else:  # refused (or answered) before the body: it stays here
                return _response(url, method, head + rest, sock), False, False
        elif insist:
            raise NoContinue(f"no answer within {continue_timeout:.1f} s of the headers")
        try:
            while block := body.read(BLOCK):
                sock.sendall(block)
            sent = True
        except OSError:
            # the platform may have refused and closed while the body went out: its answer,
            # if it wrote one, is the news; otherwise the broken connection is
            try:
                return _response(url, method, prefix, sock), False, continued
            except (OSError, http.client.HTTPException):
                pass
            raise
        return _response(url, method, prefix, sock), sent, continued
    finally:
        conn.close()


def _response(url: str, method: str, prefix: bytes, sock: socket.socket) -> requests.Response:
    answer = http.client.HTTPResponse(_Source(prefix, sock), method=method)  # type: ignore[arg-type]
    try:
        answer.begin()  # skips any further interim answers
        content = answer.read()
    except http.client.HTTPException as e:
        raise ConnectionError(f"{type(e).__name__}: {e}") from e
    r = requests.Response()
    r.status_code = answer.status
    r.reason = answer.reason
    r.headers = CaseInsensitiveDict(answer.getheaders())
    r._content = content
    r.url = url
    r.encoding = get_encoding_from_headers(r.headers)
    return r
