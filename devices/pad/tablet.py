"""The LAN tablet pad: a small page served by the counter app for a tablet facing the citizen.

The tablet's browser (in kiosk mode) opens ``http://<counter>:8765/``. Pairing: the counter
shows a six-digit code (valid for 10 minutes, 5 tries); the tablet enters it once and receives a
random token in an HttpOnly cookie. From then on only that tablet can see invitations and
answer them; pairing a new tablet revokes the old one. An invitation shows the staff member,
their number, the window and the item, with five large buttons; 不满意 and 非常不满意 ask for a
reason before they are sent. The evaluator's identity is never asked for nor recorded.

Plain HTTP on the hall LAN: the token proves which tablet answers; it does not hide the rating
from someone sniffing the LAN (put the pad on the counter's own network segment).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from core.errors import DeviceUnavailable, ValidationError
from core.evaluation import NEGATIVE_REASONS, Satisfaction, check_rating
from core.messages import tr
from core.ports import DeviceState, PadInvitation, PadOutcome, PadResult
from devices.pad.page import PAGE_HTML

log = logging.getLogger(__name__)

COOKIE = "hall_pad_token"
MAX_BODY = 8192
LONG_POLL = 20.0


@dataclass
class _Pairing:
    code: str
    expires: float
    attempts_left: int


@dataclass
class _Pending:
    id: str
    invitation: PadInvitation
    deadline: float
    result: PadResult | None = None


class TabletPad:
    """Implements core.ports.ReviewPad with a paired tablet browser.

    Args:
        host: interface to listen on ("0.0.0.0" for the LAN; "127.0.0.1" in tests).
        port: TCP port (0 picks a free one; see :attr:`port` after open()).
        online_within: a tablet that polled within this many seconds counts as connected.
    """

    def __init__(
        self,
        host: str = "0.0.0.0",
        port: int = 8765,
        *,
        pairing_ttl: float = 600.0,
        pairing_attempts: int = 5,
        online_within: float = 2 * LONG_POLL,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.host = host
        self._requested_port = port
        self.port = port
        self.pairing_ttl = pairing_ttl
        self.pairing_attempts = pairing_attempts
        self.online_within = online_within
        self._now = now
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._pairing: _Pairing | None = None
        self._token_hash: bytes | None = None
        self._last_seen = float("-inf")
        self._pending: _Pending | None = None
        self._cancelled = False

    # -- lifecycle -----------------------------------------------------------------------

    def open(self) -> None:
        if self._server is not None:
            return
        try:
            server = ThreadingHTTPServer((self.host, self._requested_port), _handler_for(self))
        except OSError as e:
            raise DeviceUnavailable(
                f"tablet pad cannot listen on {self.host}:{self._requested_port}: {e}",
                user_message=tr("评价平板服务无法启动（端口被占用），请联系技术人员。"),
            ) from e
        # Handler threads finish their reply before close() returns (the rating's "ok" used to
        # be cut off when the pad closed right after the rating); each is bounded by the
        # handler's socket timeout and the long poll's 0.5 s checks of a closing server.
        server.daemon_threads = False
        server.block_on_close = True
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, name="tablet-pad", daemon=True)
        self._thread.start()
        log.info("tablet pad listening on %s:%d", self.host, self.port)

    def close(self) -> None:
        self.cancel()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    @property
    def state(self) -> DeviceState:
        if self._server is None:
            return DeviceState.CLOSED
        if self._pending is not None and self._pending.result is None:
            return DeviceState.BUSY
        if self._token_hash is not None and self._now() - self._last_seen <= self.online_within:
            return DeviceState.READY
        return DeviceState.DISCONNECTED  # no paired tablet, or it stopped polling

    def url(self, advertised_host: str = "") -> str:
        """The address to open on the tablet (this machine's LAN address by default)."""
        host = advertised_host or self.host
        if host in ("", "0.0.0.0"):
            host = lan_address()
        return f"http://{host}:{self.port}/"

    # -- pairing ---------------------------------------------------------------------------

    def new_pairing_code(self) -> str:
        """A fresh six-digit code for the counter screen; the previous one stops working."""
        with self._cond:
            code = f"{secrets.randbelow(10**6):06d}"
            self._pairing = _Pairing(code, self._now() + self.pairing_ttl, self.pairing_attempts)
            return code

    @property
    def paired(self) -> bool:
        return self._token_hash is not None

    def unpair(self) -> None:
        with self._cond:
            self._token_hash = None
            self._last_seen = float("-inf")

    def _pair(self, code: str) -> tuple[HTTPStatus, dict[str, Any], str | None]:
        with self._cond:
            p = self._pairing
            if p is None or self._now() > p.expires or p.attempts_left <= 0:
                self._pairing = None
                return (
                    HTTPStatus.FORBIDDEN,
                    {"error": "配对码已失效，请在窗口电脑上重新生成。"},
                    None,
                )
            if not hmac.compare_digest(code.encode(), p.code.encode()):
                p.attempts_left -= 1
                return HTTPStatus.FORBIDDEN, {"error": "配对码不正确，请重新输入。"}, None
            self._pairing = None
            token = secrets.token_urlsafe(32)
            self._token_hash = hashlib.sha256(token.encode()).digest()
            self._last_seen = self._now()
            log.info("tablet pad paired")
            return HTTPStatus.OK, {"ok": True}, token

    def _authorised(self, token: str | None) -> bool:
        if not token or self._token_hash is None:
            return False
        ok = hmac.compare_digest(hashlib.sha256(token.encode()).digest(), self._token_hash)
        if ok:
            self._last_seen = self._now()
        return ok

    # -- the port ----------------------------------------------------------------------------

    def invite(self, invitation: PadInvitation) -> PadResult:
        """Shows the invitation on the tablet and waits for its answer (device thread)."""
        if self._server is None:
            raise DeviceUnavailable("tablet pad is not open", user_message=tr("评价平板未启用。"))
        with self._cond:
            self._cancelled = False
            pending = _Pending(
                secrets.token_hex(8), invitation, self._now() + invitation.timeout_seconds
            )
            self._pending = pending
            self._cond.notify_all()
            while pending.result is None and not self._cancelled:
                remaining = pending.deadline - self._now()
                if remaining <= 0:
                    break
                self._cond.wait(min(remaining, 0.5))
            result = pending.result
            if result is None:
                result = PadResult(PadOutcome.CANCELLED if self._cancelled else PadOutcome.TIMEOUT)
            self._pending = None
            self._cond.notify_all()
            return result

    def probe(self) -> None:
        """The state already follows the tablet's polls (DISCONNECTED when they stop)."""

    def cancel(self) -> None:
        with self._cond:
            self._cancelled = True
            self._cond.notify_all()

    # -- HTTP side -------------------------------------------------------------------------

    def _state_doc(self, since: str) -> dict[str, Any]:
        deadline = time.monotonic() + LONG_POLL
        with self._cond:
            while True:
                p = self._pending
                current = p.id if p is not None and p.result is None else ""
                if current != since or time.monotonic() >= deadline or self._server is None:
                    break
                self._cond.wait(min(deadline - time.monotonic(), 0.5))
            if not current or p is None:
                return {"invitation": None}
            inv = p.invitation
            return {
                "invitation": {
                    "id": p.id,
                    "staff_name": inv.staff_name,
                    "staff_id": inv.staff_id,
                    "window": inv.window,
                    "item_name": inv.item_name,
                    "seconds_left": max(int(p.deadline - self._now()), 0),
                },
                "levels": [{"value": s.value, "label": s.label} for s in Satisfaction],
                "negative": [s.value for s in Satisfaction if s.is_negative],
                "reasons": list(NEGATIVE_REASONS),
            }

    def _rate(self, doc: dict[str, Any]) -> tuple[HTTPStatus, dict[str, Any]]:
        try:
            level = Satisfaction(doc.get("level"))
        except ValueError:
            return HTTPStatus.BAD_REQUEST, {"error": "未知的评价等级"}
        reasons = doc.get("reasons") or []
        comment = doc.get("comment") or ""
        if (
            not isinstance(reasons, list)
            or not all(isinstance(r, str) for r in reasons)
            or not isinstance(comment, str)
        ):
            return HTTPStatus.BAD_REQUEST, {"error": "评价内容格式不正确"}
        try:
            check_rating(level, reasons, comment)
        except ValidationError as e:
            return HTTPStatus.UNPROCESSABLE_ENTITY, {"error": e.user_message}
        with self._cond:
            p = self._pending
            if p is None or p.id != doc.get("id") or p.result is not None:
                return HTTPStatus.CONFLICT, {"error": "本次评价已结束。"}
            p.result = PadResult(
                PadOutcome.RATED,
                level,
                tuple(reasons) if level.is_negative else (),
                comment.strip(),
            )
            self._cond.notify_all()
        return HTTPStatus.OK, {"ok": True}


def lan_address() -> str:
    """This machine's address on its default route (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def _handler_for(pad: TabletPad) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "HallTabletPad/1"
        timeout = 10  # a client that stops sending or reading cannot hold a thread (or close)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("tablet pad: " + format, *args)

        def _send(
            self, status: HTTPStatus, body: bytes, ctype: str, cookie: str | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Frame-Options", "DENY")
            if cookie is not None:
                self.send_header(
                    "Set-Cookie",
                    f"{COOKIE}={cookie}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000",
                )
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: HTTPStatus, doc: dict[str, Any], cookie: str | None = None) -> None:
            body = json.dumps(doc, ensure_ascii=False).encode()
            self._send(status, body, "application/json; charset=utf-8", cookie)

        def _token(self) -> str | None:
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Bearer "):
                return auth[7:].strip()
            cookies = SimpleCookie(self.headers.get("Cookie", ""))
            morsel = cookies.get(COOKIE)
            return morsel.value if morsel is not None else None

        def _body(self) -> dict[str, Any] | None:
            try:
                n = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                return None
            if not 0 < n <= MAX_BODY:
                return None
            try:
                doc = json.loads(self.rfile.read(n))
            except (json.JSONDecodeError, UnicodeDecodeError):
                return None
            return doc if isinstance(doc, dict) else None

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/":
                self._send(HTTPStatus.OK, PAGE_HTML.encode(), "text/html; charset=utf-8")
            elif url.path == "/api/state":
                if not pad._authorised(self._token()):
                    self._json(HTTPStatus.UNAUTHORIZED, {"error": "未配对"})
                    return
                since = parse_qs(url.query).get("since", [""])[0]
                self._json(HTTPStatus.OK, pad._state_doc(since))
            else:
                self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            doc = self._body()
            if doc is None:
                self._json(HTTPStatus.BAD_REQUEST, {"error": "请求格式不正确"})
            elif path == "/api/pair":
                status, answer, token = pad._pair(str(doc.get("code", "")))
                self._json(status, answer, token)
            elif path == "/api/rate":
                if not pad._authorised(self._token()):
                    self._json(HTTPStatus.UNAUTHORIZED, {"error": "未配对"})
                    return
                status, answer = pad._rate(doc)
                self._json(status, answer)
            else:
                self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

    return Handler
