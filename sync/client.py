"""The terminal's HTTP client for the platform (requests), with every answer classified.

* Connection errors, time-outs, 408/425/429/5xx and 409 "in progress" → :class:`Transient`
  (retry later, honouring Retry-After).
* 400/403/404/422 → RejectedByPlatform: held for a person with the platform's reason.
* 401 → the clock offset is taken from the platform's answer and the request signed again,
  once; a second 401 is :class:`AuthFailed` (transient: credentials can be fixed).
* A 2xx that is not the platform's JSON (a captive portal's HTML page) is not success.

Bodies are passed to requests as file objects, so they are streamed in blocks and each block
gets the socket time-out (a big bytes object would have to go out within the connect time-out).
"""

from __future__ import annotations

import base64
import email.utils
import functools
import hashlib
import io
import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlencode

import requests
from requests.structures import CaseInsensitiveDict

from core import protocol
from core.errors import NetworkError, RejectedByPlatform
from core.messages import tr
from core.settings import PlatformSettings
from sync import expect_continue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Credentials:
    terminal_id: str
    secret: str


class Transient(NetworkError):
    """Worth trying again later. ``unreachable``: no connection could be made at all (the
    link is down, not this request): a drain stops trying the rest of its queue."""

    def __init__(
        self, detail: str, *, retry_after: float | None = None, unreachable: bool = False
    ) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.unreachable = unreachable


class QueueNotConfigured(RejectedByPlatform):
    """The hall server keeps no queue for this terminal's hall."""

    default_user_message = tr("本大厅未启用排队取号，请咨询工作人员。")


class LinkBroken(Transient):
    """A connection made and then lost: reset, an answer dropped, no answer in time."""


#: Connections that broke after they were made (reset, dropped answer, stalled) are tried
#: again at once this many times, on a new connection and signed anew, before the item waits
#: for its back-off: on a flaky line most requests then get through in the same drain.
QUICK_RETRIES = 2


#: The upload rate assumed before a link has been measured (bytes/s).
UNMEASURED_RATE = 64 * 1024

#: Bodies from this size on (scan chunks, bundles) go out after the platform's 100 Continue,
#: and so does every delivery's body on a link that broke a connection lately (its liveness
#: judged in a round trip, not the read time-out's floor) — for this long after.
EXPECT_FROM = 64 * 1024
TROUBLE_SECONDS = 600.0


class LinkEstimate:
    """What the link has shown so far — the latency of small requests and the rate at which
    bodies go out, as moving averages — and from it how long a delivery request should take.

    Its read time-out is a few times that (never below ``floor``, never above the configured
    ``ceiling``): a stalled upload is given up in seconds instead of the full read time-out,
    while a slow but moving village link keeps the time it needs. Each time-out doubles the
    allowance (as TCP's retransmission timer does); an answer resets it.

    Several delivery lanes share one estimate (one link): its updates are single assignments
    of floats, atomic under the GIL; a lost update only costs one sample."""

    def __init__(self, floor: float, ceiling: float) -> None:
        self.floor = min(floor, ceiling)
        self.ceiling = ceiling
        self.latency: float | None = None  # seconds, small requests
        self.rate: float | None = None  # body bytes per second, big requests
        self.backoff = 1.0
        # the platform has said 100 Continue: from now on silence after a big body's headers
        # is a dead link, not a server that ignores Expect
        self.continues = False
        self._troubled_until = 0.0  # time.monotonic() until which small bodies wait too

    def trouble(self) -> None:
        """A connection broke: for the next ten minutes small delivery bodies wait for
        ``100 Continue`` too (a stall judged in a round trip); on a clean link they go at
        once (the round trip and the platform's look at the headers cost 5–7 % of a fast
        drain)."""
        self._troubled_until = time.monotonic() + TROUBLE_SECONDS

    def troubled(self) -> bool:
        return time.monotonic() < self._troubled_until

    def observe(self, body: int, seconds: float) -> None:
        seconds = max(seconds, 1e-4)
        self.backoff = 1.0
        if body < 64 * 1024:
            self.latency = seconds if self.latency is None else 0.8 * self.latency + 0.2 * seconds
            return
        base = self.latency or 0.0
        rate = body / max(seconds - base, seconds / 2)
        self.rate = rate if self.rate is None else 0.7 * self.rate + 0.3 * rate

    def timed_out(self) -> None:
        self.backoff = min(self.backoff * 2, 64.0)

    def continue_timeout(self) -> float:
        """How long to wait for ``100 Continue`` after a big body's headers: a round trip and
        the platform's check of the headers — a few times the small requests' latency, at
        least a second, never more than the read time-out's floor (doubled after each
        time-out, as that is)."""
        wait = self.floor if self.latency is None else min(self.floor, max(1.0, 4 * self.latency))
        return min(self.ceiling, wait * self.backoff)

    def read_timeout(self, body: int) -> float:
        if self.latency is None or (body >= 64 * 1024 and self.rate is None):
            # nothing measured yet: as if the link were as slow as a poor village line (TCP
            # likewise starts from a small fixed timer before its first measurement); a link
            # slower still costs a time-out or two while the allowance doubles
            allowance = self.floor + body / UNMEASURED_RATE
        else:
            expected = self.latency + (body / self.rate if self.rate else 0.0)
            allowance = max(self.floor, 4 * expected + 1.0)
        return min(self.ceiling, allowance * self.backoff)


class AuthFailed(Transient):
    default_user_message = tr("终端未通过平台认证，请联系技术人员核对终端密钥。")


class BadAnswer(Transient):
    """A 2xx that is not the platform speaking (captive portal, proxy error page)."""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


class PlatformClient:
    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
        stall_floor: float = 3.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.timeout = (connect_timeout, read_timeout)
        self.link = LinkEstimate(stall_floor, read_timeout)
        self.session = session or requests.Session()
        self.clock = clock
        self.offset = 0.0  # platform time − local time, learnt from 401 answers
        self.bytes_sent = 0

    def close(self) -> None:
        self.session.close()
        transport = self.__dict__.get("_transport")  # made only once a body was sent
        if transport is not None:
            transport.close()

    # -- transport ------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: bytes | Path = b"",
        headers: dict[str, str] | None = None,
        delivery: bool = False,
        stream: bool = False,
    ) -> requests.Response:
        """One signed request. ``delivery`` requests — scan chunks, blob status, applications,
        evaluations, and a drain's pulls (progress, catalogue changes, configuration, staff,
        heartbeat): idempotent by design, answered at once — get the link's adaptive read
        time-out and quick retries when a connection breaks; the others (a catalogue
        snapshot page, a bundle, a citizen's look-up) their configured time-outs, once. A
        drain's pull that stalled waited out the full read time-out (30 s): the last
        application of the bad-link bench's mixed run waited 34 s behind one."""
        retries = QUICK_RETRIES if delivery else 0
        for attempt in range(retries + 1):
            try:
                return self._signed(
                    method, path, params, body, headers, delivery=delivery, stream=stream
                )
            except LinkBroken as e:
                self.link.trouble()
                if attempt == retries:
                    raise
                log.info("%s; again on a new connection", e.detail)
                time.sleep(random.uniform(0.05, 0.25) * 2**attempt)
        raise AssertionError("unreachable")

    def _signed(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        body: bytes | Path,
        headers: dict[str, str] | None,
        *,
        delivery: bool,
        stream: bool = False,
    ) -> requests.Response:
        """``body`` a file (a bundle of gigabytes) is hashed, then streamed from disk;
        ``stream``: the answer is read as it comes (the queue's events)."""
        path_query = path + (f"?{urlencode(params)}" if params else "")
        if isinstance(body, Path):
            size = body.stat().st_size
            with open(body, "rb") as f:
                digest = hashlib.file_digest(f, "sha256").hexdigest()
        else:
            size, digest = len(body), protocol.body_digest(body)
        for attempt in (1, 2):
            ts = str(int(self.clock() + self.offset))
            nonce = protocol.new_nonce()
            signed = {
                protocol.TERMINAL: self.credentials.terminal_id,
                protocol.TIMESTAMP: ts,
                protocol.NONCE: nonce,
                protocol.SIGNATURE: protocol.sign(
                    self.credentials.secret,
                    method,
                    path_query,
                    ts,
                    nonce,
                    digest,
                    headers or {},
                ),
                protocol.BODY_SHA256: digest,
                **(headers or {}),
            }
            if size:
                signed["Content-Length"] = str(size)
            read = self.link.read_timeout(size) if delivery else self.timeout[1]
            started = time.monotonic()
            data: BinaryIO | None = None
            if isinstance(body, Path):
                data = open(body, "rb")  # noqa: SIM115 - closed below, whatever happens
            elif body:
                data = io.BytesIO(body)
            # bodies go on the kept connection (sync.expect_continue), big ones and — on a
            # link that broke lately — a delivery's small ones after 100 Continue
            expect = size >= EXPECT_FROM or (delivery and self.link.troubled())
            transport = self._transport if data is not None else None
            try:
                if transport is not None:
                    assert data is not None
                    r, sent = self._expecting(
                        transport, method, path, path_query, signed, data, read, delivery, expect
                    )
                else:
                    sent = True
                    r = self.session.request(
                        method,
                        self.base_url + path_query,
                        data=data,
                        headers=signed,
                        timeout=(self.timeout[0], read),
                        stream=stream,
                    )
            except requests.ConnectTimeout as e:
                raise Transient(f"{method} {path}: connect time-out", unreachable=True) from e
            except requests.Timeout as e:
                if delivery:
                    self.link.timed_out()
                raise LinkBroken(f"{method} {path}: no answer within {read:.1f} s ({e})") from e
            except requests.ConnectionError as e:
                what = f"{method} {path}: {type(e).__name__}: {e}"
                if "NewConnectionError" in repr(e) or "Failed to establish" in str(e):
                    raise Transient(what, unreachable=True) from e  # refused, no route
                raise LinkBroken(what) from e
            except requests.RequestException as e:
                raise Transient(f"{method} {path}: {type(e).__name__}: {e}") from e
            finally:
                if data is not None:
                    data.close()
            if delivery and r.status_code < 500:
                self.link.observe(size if sent else 0, time.monotonic() - started)
            self.bytes_sent += size if sent else 0
            if r.status_code == 401 and attempt == 1 and protocol.SERVER_TIME in r.headers:
                try:
                    server = float(r.headers[protocol.SERVER_TIME])
                except ValueError:
                    break
                self.offset = server - self.clock()
                log.info("platform clock offset %.0f s; signing again", self.offset)
                continue
            return r
        raise AuthFailed(f"{method} {path}: 401 {r.text[:200]}")

    @functools.cached_property
    def _transport(self) -> expect_continue.Transport | None:
        """The kept connection bodies go on (sync/expect_continue.py), with requests' TLS
        verification; None through a proxy the environment configures (requests knows how to
        reach it; the proxy may not know Expect)."""
        url = self.base_url + "/"
        env = self.session.merge_environment_settings(url, {}, None, self.session.verify, None)
        verify = env["verify"]
        if verify is None or requests.utils.select_proxy(
            url, {**env["proxies"], **self.session.proxies}
        ):
            return None
        return expect_continue.Transport(self.base_url, verify)

    def _expecting(
        self,
        transport: expect_continue.Transport,
        method: str,
        path: str,
        path_query: str,
        headers: dict[str, str],
        data: BinaryIO,
        read: float,
        delivery: bool,
        expect: bool = True,
    ) -> tuple[requests.Response, bool]:
        """A body on the kept connection (sync.expect_continue), after the platform's
        ``100 Continue`` when ``expect``: (answer, body sent). Silence (no 100 in time, no
        answer in time) widens the link's allowance, as a read time-out does; a reset does
        not."""
        wait = self.link.continue_timeout()
        try:
            r, sent, continued = transport.send(
                method,
                path_query,
                {**{k: str(v) for k, v in self.session.headers.items()}, **headers},
                data,
                connect_timeout=self.timeout[0],
                continue_timeout=wait,
                read_timeout=read,
                insist=self.link.continues,
                expect=expect,
            )
        except expect_continue.ConnectFailed as e:
            raise Transient(f"{method} {path}: {e}", unreachable=True) from e
        except (expect_continue.NoContinue, TimeoutError) as e:
            if delivery:
                self.link.timed_out()
            if isinstance(e, expect_continue.NoContinue):
                raise LinkBroken(f"{method} {path}: {e}") from e
            raise LinkBroken(f"{method} {path}: no answer within {read:.1f} s") from e
        except OSError as e:
            raise LinkBroken(f"{method} {path}: {type(e).__name__}: {e}") from e
        if continued:
            self.link.continues = True
        return r, sent

    def _doc(self, r: requests.Response, what: str) -> dict[str, Any]:
        """The answer as a JSON object, or the classified error."""
        code = r.status_code
        if 200 <= code < 300:
            try:
                doc = r.json()
            except (ValueError, json.JSONDecodeError):
                raise BadAnswer(
                    f"{what}: {code} but not JSON ({r.headers.get('Content-Type', '?')}):"
                    f" {r.text[:80]!r}"
                ) from None
            if not isinstance(doc, dict):
                raise BadAnswer(f"{what}: {code} with a JSON {type(doc).__name__}")
            return doc
        reason = _reason(r)
        if code == 401:
            raise AuthFailed(f"{what}: 401 {reason}")
        if code in (400, 403, 404, 422):
            raise RejectedByPlatform(
                f"{what}: {code} {reason}", user_message=f"平台未接收：{reason}"
            )
        raise Transient(
            f"{what}: {code} {reason}", retry_after=_retry_after(r.headers.get("Retry-After"))
        )

    # -- API ------------------------------------------------------------------------------

    def blob_status(self, sha256: str) -> dict[str, Any]:
        r = self._send("GET", f"/v1/blobs/{sha256}", delivery=True)
        return self._doc(r, f"blob {sha256[:12]}")

    def put_chunk(self, sha256: str, size: int, offset: int, data: bytes) -> dict[str, Any]:
        """Returns the platform's view: ``received`` and ``complete``. A 409 (offset mismatch)
        is an answer too: its ``received`` says where to continue."""
        r = self._send(
            "PUT",
            f"/v1/blobs/{sha256}",
            params={"offset": offset},
            body=data,
            headers={protocol.BLOB_SIZE: str(size), "Content-Type": "application/octet-stream"},
            delivery=True,
        )
        if r.status_code == 409:
            try:
                doc = r.json()
                return {"received": int(doc["received"]), "complete": False, "conflict": True}
            except (ValueError, KeyError, TypeError):
                pass
        doc = self._doc(r, f"blob {sha256[:12]} @ {offset}")
        if not isinstance(doc.get("received"), int):
            raise BadAnswer(f"blob {sha256[:12]}: answer without 'received'")
        return doc

    def _submit(self, path: str, key: str, body: bytes, what: str) -> dict[str, Any]:
        r = self._send(
            "POST",
            path,
            body=body,
            headers={protocol.IDEMPOTENCY_KEY: key, "Content-Type": "application/json"},
            delivery=True,
        )
        doc = self._doc(r, what)
        if doc.get("idempotency_key") != key:
            raise BadAnswer(f"{what}: the answer does not echo the Idempotency-Key")
        return doc

    def submit_application(self, key: str, body: bytes) -> dict[str, Any]:
        doc = self._submit("/v1/applications", key, body, f"application {key}")
        if not doc.get("official_number"):
            raise BadAnswer(f"application {key}: the answer carries no official number")
        return doc

    def submit_evaluation(self, key: str, body: bytes) -> dict[str, Any]:
        return self._submit("/v1/evaluations", key, body, f"evaluation {key}")

    def progress(self, since: int) -> dict[str, Any]:
        doc = self._doc(
            self._send("GET", "/v1/progress", params={"since": since}, delivery=True), "progress"
        )
        if not isinstance(doc.get("changes"), list):
            raise BadAnswer("progress: answer without 'changes'")
        return doc

    def lookup(self, *, code: str = "", id_number: str = "") -> list[dict[str, Any]]:
        """The platform's progress of applications by code, or by ID number."""
        params = {"code": code} if code else {"id_number": id_number}
        doc = self._doc(self._send("GET", "/v1/applications/lookup", params=params), "lookup")
        rows = doc.get("applications")
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise BadAnswer("lookup: answer without 'applications'")
        return rows

    def station_submissions(self, region_code: str) -> list[dict[str, Any]]:
        """代办件: what village stations submitted for this hall's bodies, undecided."""
        r = self._send("GET", "/v1/hall/submissions", params={"region_code": region_code})
        doc = self._doc(r, "station submissions")
        rows = doc.get("submissions")
        if not isinstance(rows, list) or not all(isinstance(x, dict) for x in rows):
            raise BadAnswer("station submissions: answer without 'submissions'")
        return rows

    def decide_submission(self, official_number: str, decision: dict[str, str]) -> dict[str, Any]:
        """A clerk's 受理, 退回补正 or 不予受理 of a station's submission."""
        body = json.dumps(decision, ensure_ascii=False).encode()
        path = f"/v1/hall/submissions/{official_number}/decision"
        return self._doc(self._send("POST", path, body=body), "decision")

    def queue_events(self, since: int = 0) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """The hall queue's events as the hall server pushes them (server-sent events): (its
        sequence, its kind — call, recall, state —, its document), from after ``since``; ends
        when the server ends the stream (a display reconnects from the last sequence).

        Raises:
            HallError: the stream could not be opened or broke (a display reconnects).
        """
        r = self._send("GET", "/v1/queue/events", params={"since": since}, stream=True)
        if r.status_code != 200:
            self._doc(r, "queue events")  # raises the classified error
            raise BadAnswer(f"queue events: {r.status_code}")
        seq, kind, data = 0, "message", ""
        try:
            for line in r.iter_lines(decode_unicode=True):
                if line is None:
                    continue
                if line == "":  # an event ends with an empty line
                    if data:
                        yield seq, kind, json.loads(data)
                    seq, kind, data = 0, "message", ""
                elif line.startswith("id:"):
                    seq = int(line[3:].strip() or 0)
                elif line.startswith("event:"):
                    kind = line[6:].strip()
                elif line.startswith("data:"):
                    data += line[5:].strip()
        except (requests.RequestException, ValueError) as e:
            raise LinkBroken(f"queue events: {type(e).__name__}: {e}") from e
        finally:
            r.close()

    def queue(self) -> dict[str, Any]:
        """The hall queue's categories, policy and who waits where.

        Raises:
            QueueNotConfigured: the hall has no queue (404).
        """
        r = self._send("GET", "/v1/queue")
        if r.status_code == 404:
            raise QueueNotConfigured(f"queue: 404 {_reason(r)}")
        return self._doc(r, "queue")

    def instant_result(self, official_number: str) -> dict[str, Any] | None:
        """The result the platform issued at once for an application (即办), or None; a
        fee-bearing one waiting for its fee: ``{"awaiting_payment": True, "payment": …}``
        (the platform's 409 — decided once paid, its result not given before)."""
        r = self._send("GET", f"/v1/applications/{official_number}/result")
        if r.status_code == 404:
            return None
        if r.status_code == 409:
            try:
                payment = r.json().get("payment")
            except (ValueError, AttributeError):
                payment = None
            if not isinstance(payment, dict) or not payment.get("code"):
                raise BadAnswer("instant result: 409 without its payment")
            return {"awaiting_payment": True, "payment": payment}
        return self._doc(r, "instant result")

    def licence_query(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The holder's e-licences for an item (授权用证): the library's answer, each licence
        with its annotated copy."""
        body = json.dumps(doc, ensure_ascii=False).encode()
        return self._doc(self._send("POST", "/v1/licences/query", body=body), "licences")

    def queue_get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        """A question to the hall's queue (``/v1/queue/…``): where a ticket stands."""
        return self._doc(self._send("GET", path, params=params), path)

    def queue_post(self, path: str, doc: dict[str, Any]) -> dict[str, Any]:
        """A change to the hall's queue (``/v1/queue/…``): a call, a recall, a ticket. A
        refusal by the queue's rules (409: a recall too soon …) is said in its own words."""
        r = self._send("POST", path, body=json.dumps(doc, ensure_ascii=False).encode())
        if r.status_code == 409:
            reason = _reason(r)
            raise RejectedByPlatform(f"{path}: 409 {reason}", user_message=reason)
        return self._doc(r, path)

    def portal_post(self, path: str, doc: dict[str, Any]) -> dict[str, Any]:
        """引导网上注册 (``/v1/portal/enrolments…``): a code requested, or confirmed. The
        platform's refusals (a wrong or expired code, a phone asked again too soon) are the
        citizen's to read, in its words."""
        r = self._send("POST", path, body=json.dumps(doc, ensure_ascii=False).encode())
        if r.status_code in (409, 410, 422, 429):
            reason = _reason(r)
            raise RejectedByPlatform(f"{path}: {r.status_code} {reason}", user_message=reason)
        return self._doc(r, path)

    def catalogue_changes(self, since: int, base: str) -> dict[str, Any]:
        r = self._send(
            "GET",
            "/v1/catalogue/changes",
            params={"since": since, "base": base},
            delivery=True,
        )
        doc = self._doc(r, "catalogue changes")
        if not isinstance(doc.get("changes"), list) or "base" not in doc:
            raise BadAnswer("catalogue changes: answer without 'changes'")
        return doc

    def catalogue_snapshot(self, after: str) -> dict[str, Any]:
        r = self._send("GET", "/v1/catalogue/snapshot", params={"after": after})
        doc = self._doc(r, "catalogue snapshot")
        if not isinstance(doc.get("items"), list) or "base" not in doc or "next" not in doc:
            raise BadAnswer("catalogue snapshot: answer without 'items'/'base'/'next'")
        if not after and not isinstance(doc.get("cursor"), int):
            raise BadAnswer("catalogue snapshot: first page without 'cursor'")
        return doc

    def catalogue_snapshot_file(
        self, part: Path, snapshot_format: str, signed: dict[str, Any] | None = None
    ) -> bool:
        """Downloads the catalogue's snapshot file into ``part``, going on from what a cut
        download left there; True once ``part`` holds all of it, checked against its sha256;
        False when the platform writes none in ``snapshot_format`` (an older platform: take
        the pages). ``signed`` gets the file's manifest and signature as the platform sent
        them (core.signing; empty when it sent none). Raises as :meth:`_download`."""
        headers: CaseInsensitiveDict[str] = CaseInsensitiveDict()
        whole = self._download(
            "/v1/catalogue/snapshot/file",
            part,
            "catalogue snapshot file",
            params={"format": snapshot_format},
            answer_headers=headers,
        )
        if signed is not None:
            try:
                signed["manifest"] = json.loads(base64.b64decode(headers[protocol.MANIFEST]))
                signed["signature"] = headers[protocol.MANIFEST_SIGNATURE]
            except (KeyError, ValueError):
                signed.clear()
        return whole

    def update_file(self, version: str, part: Path, sha256: str) -> bool:
        """Downloads the file of the new version the platform offered (its signed manifest
        came with a heartbeat's answer) into ``part``, going on from what a cut download left;
        True once it is whole and hashes to the manifest's ``sha256``; False when the version
        is no longer offered to this terminal."""
        return self._download(f"/v1/updates/{version}/file", part, "update file", sha256=sha256)

    def _download(
        self,
        route: str,
        part: Path,
        what: str,
        *,
        params: dict[str, str] | None = None,
        sha256: str | None = None,
        answer_headers: CaseInsensitiveDict[str] | None = None,
    ) -> bool:
        """A file into ``part``, going on from what a cut download left there (``Range``
        with ``If-Range``: a changed file comes whole); True once ``part`` holds all of it,
        checked against ``sha256`` (None: the digest the platform's answer declares); False
        for 404/405 (the platform has none for this terminal).

        Raises Transient (the link; what came is kept for next time), BadAnswer (a file
        that does not check out: dropped, the next try starts over)."""
        tag = part.with_name(part.name + ".etag")
        have = part.stat().st_size if part.exists() else 0
        etag = tag.read_text(encoding="ascii").strip() if have and tag.exists() else ""
        ranged = {"Range": f"bytes={have}-", "If-Range": etag} if etag else {}
        r = self._send("GET", route, params=params, headers=ranged, stream=True)
        try:
            if r.status_code in (404, 405):
                return False
            if r.status_code == 416:  # the part is longer than the file: start over
                part.unlink(missing_ok=True)
                tag.unlink(missing_ok=True)
                raise Transient(f"{what}: the part kept does not fit; start over")
            if r.status_code not in (200, 206):
                self._doc(r, what)  # raises the classified error
            sha = sha256
            if sha is None:
                sha = r.headers.get(protocol.SNAPSHOT_SHA256, "")
                if len(sha) != 64 or r.headers.get("Content-Type", "") != "application/gzip":
                    raise BadAnswer(f"{what}: not the platform's file")
            if answer_headers is not None:
                answer_headers.update(r.headers)
            resumed = r.status_code == 206
            if resumed and not r.headers.get("Content-Range", "").startswith(f"bytes {have}-"):
                raise BadAnswer(f"{what}: a range it was not asked for")
            if not resumed:
                tag.write_text(r.headers.get("ETag", ""), encoding="ascii")
            try:
                with open(part, "ab" if resumed else "wb") as out:
                    for block in r.iter_content(1 << 16):
                        out.write(block)
            except requests.RequestException as e:
                raise LinkBroken(f"{what}: {type(e).__name__}: {e}") from e
        finally:
            r.close()
        with open(part, "rb") as f:
            if hashlib.file_digest(f, "sha256").hexdigest() != sha:
                part.unlink(missing_ok=True)
                tag.unlink(missing_ok=True)
                raise BadAnswer(f"{what}: its sha256 does not match")
        return True

    def config(self) -> dict[str, Any]:
        doc = self._doc(self._send("GET", "/v1/config", delivery=True), "config")
        if not isinstance(doc.get("config"), dict) or not isinstance(doc.get("version"), int):
            raise BadAnswer("config: answer without 'config'/'version'")
        return doc

    def work_calendar(self) -> dict[str, Any]:
        """The platform's working-day calendar (core.supervision.calendar's document)."""
        doc = self._doc(self._send("GET", "/v1/calendar", delivery=True), "calendar")
        if not isinstance(doc.get("years"), dict) or not isinstance(doc.get("version"), str):
            raise BadAnswer("calendar: answer without 'version'/'years'")
        return doc

    def staff(self) -> dict[str, Any]:
        """This terminal's hall's staff accounts with their password hashes (sign-in offline)."""
        doc = self._doc(self._send("GET", "/v1/staff", delivery=True), "staff")
        rows = doc.get("staff")
        if (
            not isinstance(doc.get("version"), int)
            or not isinstance(rows, list)
            or not all(isinstance(r, dict) and isinstance(r.get("number"), str) for r in rows)
        ):
            raise BadAnswer("staff: answer without 'staff'/'version'")
        return doc

    def post_bundle(self, data: bytes | Path) -> dict[str, Any]:
        """Forwards a bundle carried from an offline station (a file is streamed from disk,
        never read whole into memory)."""
        r = self._send(
            "POST", "/v1/bundles", body=data, headers={"Content-Type": "application/octet-stream"}
        )
        return self._doc(r, "bundle")

    def heartbeat(self, doc: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(doc, ensure_ascii=False).encode()
        return self._doc(
            self._send(
                "POST",
                "/v1/heartbeat",
                body=body,
                headers={"Content-Type": "application/json"},
                delivery=True,
            ),
            "heartbeat",
        )


#: what a client is for, and so how long it waits: deliveries use the settings' time-outs; a
#: citizen waiting at a screen for a look-up waits at most 3 s to connect and 5 s for the
#: answer; a carried bundle's upload may take minutes
PURPOSES = ("delivery", "lookup", "bundle")


def client_for(
    platform: PlatformSettings, terminal_id: str, secret: str, purpose: str = "delivery"
) -> PlatformClient:
    """The one way a terminal's settings make a platform client (the apps' sync, their
    look-ups and their bundle uploads)."""
    connect, read = platform.connect_timeout, platform.read_timeout
    if purpose == "lookup":
        connect, read = min(connect, 3.0), min(read, 5.0)
    elif purpose == "bundle":
        read = max(read, 300.0)
    elif purpose != "delivery":
        raise ValueError(f"purpose must be one of {', '.join(PURPOSES)}")
    return PlatformClient(
        platform.url, Credentials(terminal_id, secret), connect_timeout=connect, read_timeout=read
    )


def _reason(r: requests.Response) -> str:
    try:
        doc = r.json()
        if isinstance(doc, dict) and doc.get("error"):
            return str(doc["error"])[:300]
        if isinstance(doc, dict) and doc.get("detail"):
            return str(doc["detail"])[:300]
    except ValueError:
        pass
    return r.reason or ""
