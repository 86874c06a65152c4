"""The sync worker: drains the outbox to the platform exactly once, pulls progress.

For an application: every scan is uploaded first, in chunks of one sealed segment, resuming
where the platform says it stopped (an interruption costs at most one chunk); then the
application itself with ``Idempotency-Key`` = its local id. Only a parsed answer echoing the
key with an official number counts as delivered. Transient failures wait (capped exponential
backoff with full jitter, at least the platform's Retry-After); permanent ones hold the item
with the platform's reason for a person; one bad item never blocks the others. Evaluations go
first, small applications before big scans.

The worker owns its store connection: run it on its own thread (``hall-sync run`` or the apps'
background thread), never on the GUI thread.
"""

from __future__ import annotations

import json
import logging
import queue
import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from core import signing
from core.application import Application, Status, platform_decision
from core.delivery import DrainReport, software_version
from core.errors import HallError, PermanentError, StorageError, StoreBusy
from core.protocol import CHUNK, MAX_CHUNK, SEGMENT
from core.pushed import pushed
from core.supervision.calendar import calendar_from_dict
from sync.client import BadAnswer, PlatformClient, Transient
from sync.crypto import DecryptionError
from sync.documents import application_document
from sync.logs import pending_crashes
from sync.outbox import Outbox, OutboxItem
from sync.store import LocalStore
from sync.updates import Updates, mark_healthy
from sync.updates import report as update_report

log = logging.getLogger(__name__)


#: Consecutive successful chunks before the chunk size doubles.
GROW_AFTER = 4


@dataclass
class RetryPolicy:
    base: float = 2.0
    cap: float = 900.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempts: int, retry_after: float | None = None) -> float:
        """Full jitter: uniform in [0, min(cap, base·2^(attempts−1))], never below
        Retry-After."""
        ceiling = min(self.cap, self.base * 2 ** max(attempts - 1, 0))
        d = self.rng.uniform(0, ceiling)
        if retry_after is not None:
            d = max(d, min(retry_after, self.cap))
        return d


#: Items in a row that found the platform unreachable before a drain stops trying.
UNREACHABLE_STOP = 3


class _Drain:
    """One drain's shared state across its lanes."""

    def __init__(self) -> None:
        self.items: queue.Queue[OutboxItem] = queue.Queue()
        self.stop = threading.Event()
        self.seen: set[int] = set()
        self.total = 0
        self.link_down = False
        self._done = 0
        self._unreachable = 0
        self._reports: list[DrainReport] = []
        self._lock = threading.Lock()

    def link(self, outcome: str) -> None:
        with self._lock:
            self._done += 1
            self._unreachable = self._unreachable + 1 if outcome == "unreachable" else 0
            if self._unreachable >= UNREACHABLE_STOP:
                self.link_down = True
                self.stop.set()

    def done(self) -> int:
        return self._done

    def add(self, report: DrainReport) -> None:
        with self._lock:
            self._reports.append(report)

    def merge_into(self, report: DrainReport) -> None:
        with self._lock:
            for r in self._reports:
                report.add(r)
            self._reports.clear()


ProgressCallback = Callable[[str, int, int], None]  # (what, done, total)


def next_wait(report: DrainReport, interval: float) -> float:
    """How long a sync loop sleeps after a drain: the interval, or less when an item's
    back-off ends sooner (at least a second: a loop never spins)."""
    if report.next_due_in is None or report.store_error:
        return interval
    return min(interval, max(report.next_due_in, 1.0))


def store_config(outbox: Outbox, doc: dict[str, Any]) -> None:
    """The configuration the platform manages for this terminal (``GET /v1/config``'s answer,
    or the signed settings a USB stick brought: sync.usb), kept for the apps."""
    outbox.set_state(
        config_version=str(int(doc["version"])),
        config=json.dumps(doc["config"], ensure_ascii=False, sort_keys=True),
    )
    log.info("sync: platform configuration version %d", int(doc["version"]))


class SyncWorker:
    def __init__(
        self,
        store: LocalStore,
        client: PlatformClient,
        *,
        policy: RetryPolicy | None = None,
        on_progress: ProgressCallback | None = None,
        device_health: Callable[[], dict[str, str]] | None = None,
        catalogue_path: Path | None = None,
        lanes: int = 1,
        open_lane: Callable[[], tuple[LocalStore, PlatformClient]] | None = None,
        signs_staff_in: bool = True,
        public_key_file: Path | None = None,
    ) -> None:
        """``signs_staff_in``: a counter or an agent station keeps its hall's staff accounts
        (password hashes, for offline sign-in); a public kiosk never receives them, and drops
        any it kept. ``public_key_file``: the platform's key pinned at enrolment — a new
        version the platform offers and signed with it is downloaded and staged for the
        installer (sync.updates); without it none is taken."""
        self.signs_staff_in = signs_staff_in
        self.updates = Updates(Path(store.path).parent, public_key_file)
        self.store = store
        self.lanes = max(1, lanes)
        self.open_lane = open_lane
        self.outbox = Outbox(store)
        self.client = client
        self.policy = policy or RetryPolicy()
        self.on_progress = on_progress or (lambda what, done, total: None)
        self.device_health = device_health or dict
        self.chunk = CHUNK
        self._good_chunks = 0
        self.chunks_sent = 0  # chunks the platform took (progress, whatever failed after)
        self.catalogue_path = catalogue_path
        self._refusals_said = -2  # the config version whose refused pushes were logged
        self._segment_cache: tuple[uuid.UUID | None, str, int, bytes] = (None, "", -1, b"")

    # -- draining ---------------------------------------------------------------------------

    def run_once(self, *, max_items: int = 10_000) -> DrainReport:
        """Delivers everything due now, then pulls progress. Never raises for one item.

        With ``lanes`` > 1 (and ``open_lane``), that many items travel at once, each lane on
        its own thread with its own store connection and HTTP session: an upload that stalls
        holds one lane, not the queue. When the platform cannot be reached at all (connection
        refused, no route) several times in a row, the drain stops: the rest would only wait
        out the same time-outs."""
        report = DrainReport()
        drain = _Drain()
        while len(drain.seen) < max_items and not drain.stop.is_set():
            batch = [i for i in self.outbox.due(self.store.clock.now()) if i.seq not in drain.seen]
            if not batch:
                break
            drain.seen.update(i.seq for i in batch)
            drain.total = len(drain.seen)
            for item in batch:
                drain.items.put(item)
            helpers = min(self.lanes, len(batch)) - 1 if self.open_lane else 0
            threads = [
                threading.Thread(target=self._helper_lane, args=(drain,), name=f"sync-lane-{n}")
                for n in range(helpers)
            ]
            for t in threads:
                t.start()
            self._lane(drain, report)
            for t in threads:
                t.join()
            drain.merge_into(report)
        if report.store_error:
            return report  # the pulls write to the store too: the next drain does them
        if drain.link_down:
            report.errors.append("platform unreachable: the drain stopped early")
            return report  # the pulls would only wait out the same time-outs
        due = self.outbox.next_due()
        if due is not None:
            report.next_due_in = max((due - self.store.clock.now()).total_seconds(), 0.0)
        return self._pulls(report)

    def _helper_lane(self, drain: _Drain) -> None:
        """A lane of its own: its store connection and HTTP session live on this thread."""
        assert self.open_lane is not None
        lane_report = DrainReport()
        try:
            store, client = self.open_lane()
        except HallError as e:
            log.warning("sync: a delivery lane could not open: %s", e.detail)
            return  # the other lanes take its items
        client.link = self.client.link  # one link, one estimate of it: lanes learn together
        try:
            lane = SyncWorker(store, client, policy=self.policy, on_progress=self.on_progress)
            lane._lane(drain, lane_report)
        finally:
            client.close()
            store.close()
            drain.add(lane_report)

    def _lane(self, drain: _Drain, report: DrainReport) -> None:
        while not drain.stop.is_set():
            try:
                item = drain.items.get_nowait()
            except queue.Empty:
                return
            try:
                outcome = self._deliver(item, report)
            except (StoreBusy, StorageError) as e:
                # The terminal's own store, not the item, is in the way (another connection
                # holds the write lock, a wrong key, a full disk): nothing is held or lost;
                # this drain stops and the next one tries again.
                level = logging.INFO if isinstance(e, StoreBusy) else logging.WARNING
                log.log(level, "sync: drain stopped: %s", e.detail)
                report.deferred += 1
                report.errors.append(e.detail)
                report.store_error = e.user_message
                drain.stop.set()
                return
            drain.link(outcome)
            self.on_progress("drain", drain.done(), drain.total)

    def _pulls(self, report: DrainReport) -> DrainReport:
        """Progress, configuration, catalogue and heartbeat after the deliveries; each may
        fail alone (reported, never raised)."""
        try:
            report.progress_updates = self.pull_progress()
        except HallError as e:
            report.errors.append(f"progress: {e.detail}")
            # unreachable only: a slow or busy platform is not a link that is down
            report.offline = isinstance(e, Transient) and e.unreachable
        try:
            version = report.config_version = self.pull_config()
        except HallError as e:
            report.errors.append(f"config: {e.detail}")
            version = -1
        # what the platform pushed, as this terminal applies it (core.pushed): the apps apply
        # the rest of it when this report reaches them
        report.pushed = pushed(self.config())
        if version != self._refusals_said:  # said once a version
            self._refusals_said = version
            if report.pushed.refused:
                log.warning("pushed settings refused: %s", "; ".join(report.pushed.refused))
            if report.pushed.ignored:
                log.info(
                    "pushed settings applied at the next start (or by other readers): %s",
                    ", ".join(report.pushed.ignored),
                )
        if self.signs_staff_in:
            try:
                report.staff_version = self.pull_staff()
            except HallError as e:
                report.errors.append(f"staff: {e.detail}")
        elif self.store.staff()[1]:  # kept by a version that pulled them: gone
            self.store.put_staff(0, [])
        if self.catalogue_path is not None:
            # the catalogue (and its pinyin tables, ~0.2 s) loads on the sync thread when a
            # drain first needs it, not when an app imports the worker
            from sync.catalogue import CatalogueStore
            from sync.catalogue_sync import update_catalogue

            try:
                with CatalogueStore(self.catalogue_path) as catalogue:
                    report.catalogue_changes = update_catalogue(
                        catalogue, self.client, self.on_progress, self.updates.public_key()
                    )
            except HallError as e:
                report.errors.append(f"catalogue: {e.detail}")
        try:
            offer = self.heartbeat()
        except HallError as e:
            report.errors.append(f"heartbeat: {e.detail}")
            offer = None
        if offer:  # a new version the platform offers: checked, downloaded, staged
            try:
                self.updates.consider(offer, self.client.update_file)
            except HallError as e:
                report.errors.append(f"update: {e.detail}")
        return report

    def pull_config(self) -> int:
        """Stores the configuration the platform manages for this terminal; returns its
        version. The apps read it with :meth:`config`."""
        doc = self.client.config()
        version = int(doc["version"])
        if str(version) != self.outbox.get_state("config_version", "0"):
            key = self.updates.public_key()
            if key is not None:  # pinned at enrolment: only what the platform signed
                self._check_signed_config(doc, key)
            store_config(self.outbox, doc)
        wanted = doc.get("calendar_version")
        if isinstance(wanted, str) and wanted != self.outbox.get_state("calendar_version", ""):
            self.pull_calendar()
        return version

    def _check_signed_config(self, doc: dict[str, Any], key: str) -> None:
        """Settings for this terminal, as the platform signed them; BadAnswer (the settings
        held are kept) when not."""
        raw = doc.get("signed")
        signed: dict[str, Any] = raw if isinstance(raw, dict) else {}
        try:
            manifest = signing.verify(key, signed.get("manifest"), signed.get("signature"))
        except signing.SignatureRefused as e:
            raise BadAnswer(f"config: {e}") from None
        expected = signing.settings_manifest(self.client.credentials.terminal_id, doc)
        if manifest.doc != expected:
            raise BadAnswer("config: the signed settings are not these (or not this terminal's)")

    def pull_calendar(self) -> str:
        """Stores the platform's working-day calendar (the due dates a terminal tells are
        computed by the same calendar as the platform's time limits); returns its version.
        A document that is not a calendar is refused, the one held is kept."""
        doc = self.client.work_calendar()
        try:
            calendar = calendar_from_dict(doc)
        except (KeyError, TypeError, ValueError) as e:
            raise BadAnswer(f"calendar: {e}") from None
        self.outbox.set_state(
            calendar_version=calendar.version,
            work_calendar=json.dumps(doc, ensure_ascii=False, sort_keys=True),
        )
        log.info("sync: working-day calendar %s (%d years)", calendar.version, len(calendar.years))
        return calendar.version

    def pull_staff(self) -> int:
        """Stores this hall's staff accounts (sign-in works offline with them); returns the
        list's version."""
        doc = self.client.staff()
        version = int(doc["version"])
        if version != self.store.staff()[0]:
            self.store.put_staff(version, list(doc["staff"]))
            log.info("sync: staff list version %d (%d accounts)", version, len(doc["staff"]))
        return version

    def config(self) -> dict[str, Any]:
        return dict(json.loads(self.outbox.get_state("config", "{}")))

    def heartbeat(self) -> Any:
        """Tells the platform this terminal is alive: version, devices, queue, audit head —
        and the chain's hash at the count the platform last recorded, for it to compare with
        the head it was told then (an earlier record edited, removed or moved changes it).
        Returns the new version the platform offers this terminal, if any."""
        queue = self.outbox.status()
        audit: dict[str, Any] = self.store.audit_status()
        seen = int(self.outbox.get_state("audit_seen", "0") or 0)
        if seen:
            audit["seen"] = {"count": seen, "head": self.store.audit_hash_at(seen)}
        data_dir = self.updates.data_dir  # the store's folder
        # the apps' crash reports (sync.logs), sent once
        crashes = pending_crashes(data_dir)
        beat: dict[str, Any] = {
            "version": software_version(),
            "queue_depth": queue.depth,
            "queue": {f"{kind}:{state}": n for (kind, state), n in queue.counts.items()},
            "oldest_waiting": queue.oldest_waiting,
            "audit_head": self.store.audit_head(),
            "audit": audit,
            "devices": self.device_health(),
        }
        if crashes:
            beat["crashes"] = [doc for _, doc in crashes]
        update = update_report(data_dir)
        if update is not None:
            beat["update"] = update
        answer = self.client.heartbeat(beat)
        for path, _ in crashes:
            path.unlink(missing_ok=True)
        if update is not None and update["state"] == "installed":
            mark_healthy(data_dir, "sync")  # this version reaches the platform: the installer
        recorded = answer.get("audit_count") if isinstance(answer, dict) else None
        if isinstance(recorded, int) and not isinstance(recorded, bool):
            self.outbox.set_state(audit_seen=str(recorded))
        return answer.get("update") if isinstance(answer, dict) else None

    def interval(self, configured: float) -> float:
        """Seconds between drains: the platform's pushed ``sync_interval`` (5 s to an hour)
        once pulled — applied from the next wait, no restart — else the settings' own."""
        interval = pushed(self.config()).sync_interval
        return configured if interval is None else interval

    def run(self, stop: threading.Event, *, interval: float = 30.0) -> None:
        """Drains, sleeps, drains again, until ``stop`` is set."""
        while not stop.is_set():
            report = self.run_once()
            if report.delivered or report.held:
                log.info(
                    "sync: %d delivered, %d held, %d deferred",
                    report.delivered,
                    report.held,
                    report.deferred,
                )
            stop.wait(next_wait(report, self.interval(interval)))

    def _deliver(self, item: OutboxItem, report: DrainReport) -> str:
        """Tries one item; returns what came of it: delivered, held, deferred, unreachable."""
        sent_before = self.chunks_sent
        try:
            if item.kind == "application":
                self._deliver_application(item, report)
            elif item.kind == "evaluation":
                self._deliver_evaluation(item)
            else:
                raise PermanentError(f"unknown outbox kind {item.kind!r}")
        except StoreBusy:
            raise  # the store, not the item: run_once stops the drain
        except StorageError as e:
            if not isinstance(e, DecryptionError):
                raise  # the store, not the item (disk full, unwritable): run_once stops
            self._hold(item, e)  # this item's sealed data does not open: a person looks
            report.held += 1
            report.errors.append(e.detail)
            return "held"
        except Transient as e:
            attempts = item.attempts + 1
            # an attempt that moved the upload forward was not a failure of the link as a
            # whole: the back-off starts again small (it kept growing on a flaky line that
            # made progress, so a long scan waited longer and longer between good chunks)
            progressed = self.chunks_sent > sent_before
            wait = self.policy.delay(1 if progressed else attempts, e.retry_after)
            self.outbox.mark(
                item.seq,
                "delivering",
                error=e.detail,
                next_attempt_at=self.store.clock.now() + timedelta(seconds=wait),
                count_attempt=True,
            )
            self.outbox.set_state(last_error=f"{self.store.clock.now().isoformat()} {e.detail}")
            report.deferred += 1
            report.errors.append(e.detail)
            log.info("sync: %s %s deferred %.0f s: %s", item.kind, item.ref_id, wait, e.detail)
            return "unreachable" if e.unreachable and not progressed else "deferred"
        except PermanentError as e:
            self._hold(item, e)
            report.held += 1
            report.errors.append(e.detail)
            return "held"
        except HallError as e:  # other transient errors (storage busy …)
            self.outbox.mark(
                item.seq,
                item.state,
                error=e.detail,
                next_attempt_at=self.store.clock.now() + timedelta(seconds=60),
                count_attempt=True,
            )
            report.deferred += 1
            report.errors.append(e.detail)
            return "deferred"
        self.outbox.mark(
            item.seq,
            "delivered",
            count_attempt=True,
            facts={"last_success": self.store.clock.now().isoformat()},
        )
        report.delivered += 1
        return "delivered"

    def _hold(self, item: OutboxItem, e: HallError) -> None:
        log.warning("sync: %s %s held: %s", item.kind, item.ref_id, e.detail)
        if item.kind == "application":
            try:
                app = self.store.load(uuid.UUID(item.ref_id))
            except DecryptionError:  # its personal data does not open: only the row is held
                self.outbox.mark(item.seq, "held", error=e.detail, count_attempt=True)
                return
            if app.can_become(Status.HELD):
                app.advance(Status.HELD, self.store.clock.now(), e.detail[:500])
                self.store.save(app)  # the outbox row is held in the same transaction
        self.outbox.mark(item.seq, "held", error=e.detail, count_attempt=True)

    def _carried_in(self, app: Application, official: str) -> int:
        """The platform received an application this terminal still holds to send: it was
        carried on a USB bundle and imported at the hall (issue 29 item 11). It is delivered
        here too, with its official number — no upload after a week of back-off to learn of
        it, and 上报中 no longer shown for it. Returns 1 when it changed."""
        if not official or app.status not in (Status.QUEUED, Status.DELIVERING):
            return 0
        now = self.store.clock.now()
        if app.status is Status.QUEUED:
            app.advance(Status.DELIVERING, now, "数据包已导入平台")
        app.deliver(official, now)
        self.store.save(app)  # its outbox row follows in the same transaction
        log.info("sync: application %s delivered by a bundle as %s", app.local_id, official)
        return 1

    def _deliver_application(self, item: OutboxItem, report: DrainReport) -> None:
        app = self.store.load(uuid.UUID(item.ref_id))
        if app.status.confirmed_by_platform:
            return  # delivered before (a store written by an older version may say otherwise)
        # Where an earlier attempt may have sent something — a counted failure, or an upload
        # a crash cut short (上报中 without a failure recorded) — ask the platform first what
        # it has: completed scans are not sent again, partial ones resume.
        ask_first = item.attempts > 0 or app.status is Status.DELIVERING
        if app.status is Status.QUEUED:
            app.advance(Status.DELIVERING, self.store.clock.now())
            if app.attachments:
                self.store.save(app)  # durable: a crash mid-upload is known to the next run
        try:
            for a in app.attachments:
                report.bytes_uploaded += self._upload(
                    app.local_id, a.sha256, a.size, ask_first=ask_first
                )
            answer = self.client.submit_application(str(app.local_id), application_document(app))
        except HallError:
            if app.status is Status.DELIVERING:
                self.store.save(app)  # shows 上报中 in the worklist while it waits
            raise
        app.deliver(str(answer["official_number"]), self.store.clock.now())
        self.store.save(app)  # DELIVERING and DELIVERED in one durable write
        log.info("sync: application %s delivered as %s", app.local_id, app.official_number)

    def _upload(self, local_id: uuid.UUID, sha256: str, size: int, *, ask_first: bool) -> int:
        """Sends what the platform lacks of one scan; returns the bytes sent."""
        received = 0
        if ask_first:
            status = self.client.blob_status(sha256)
            if status.get("complete"):
                return 0
            received = int(status.get("received", 0))
        sent = 0
        for _ in range(2 * (size // CHUNK + 2)):  # bounded: a confused platform cannot loop us
            if not 0 <= received <= size:
                received = 0
            chunk = self._plaintext(local_id, sha256, size, received, self.chunk)
            try:
                answer = self.client.put_chunk(sha256, size, received, chunk)
            except Transient:
                self.chunk = CHUNK  # the link failed: small chunks until it proves itself
                self._good_chunks = 0
                raise
            sent += len(chunk)
            self.chunks_sent += 1
            self._good_chunks += 1
            if self._good_chunks >= GROW_AFTER:  # a link that keeps working earns bigger chunks
                self.chunk = min(self.chunk * 2, MAX_CHUNK)
                self._good_chunks = 0
            self.on_progress("upload", min(received + len(chunk), size), size)
            if answer.get("complete"):
                return sent
            received = int(answer["received"])
        raise Transient(f"upload of {sha256[:12]} did not complete")

    def _plaintext(self, local_id: uuid.UUID, sha256: str, size: int, start: int, n: int) -> bytes:
        """Plaintext bytes [start, start + n) of a sealed scan, opening only the segments
        needed (the last one is cached: chunks smaller than a segment reuse it)."""
        out = bytearray()
        pos = start
        end = min(start + n, size)
        while pos < end or (size == 0 and not out and pos == 0):
            index = pos // SEGMENT
            if self._segment_cache[:3] != (local_id, sha256, index):
                plain = self.store.scan_segment(local_id, sha256, size, index)
                self._segment_cache = (local_id, sha256, index, plain)
            plain = self._segment_cache[3]
            offset = pos - index * SEGMENT
            piece = plain[offset : offset + (end - pos)]
            out += piece
            pos += len(piece)
            if size == 0 or not piece:
                break
        return bytes(out)

    def _deliver_evaluation(self, item: OutboxItem) -> None:
        self.client.submit_evaluation(item.ref_id, self.store.evaluation_payload(item.ref_id))

    # -- pulls --------------------------------------------------------------------------

    def pull_progress(self) -> int:
        """Applies the platform's status changes of this terminal's applications."""
        since = int(self.outbox.get_state("progress_cursor", "0") or 0)
        updated = 0
        while True:
            doc = self.client.progress(since)
            changes = doc["changes"]
            for ch in changes:
                status = platform_decision(ch.get("status"))
                carried = ch.get("status") == Status.DELIVERED.value
                if status is None and not carried:
                    continue
                try:
                    app = self.store.load(uuid.UUID(str(ch["idempotency_key"])))
                except (KeyError, ValueError):
                    continue  # not ours (or purged long ago)
                if carried:
                    updated += self._carried_in(app, str(ch.get("official_number") or ""))
                    continue
                assert status is not None
                if app.status is not status and app.can_become(status):
                    app.advance(status, self.store.clock.now(), str(ch.get("note", "")))
                    self.store.save(app)
                    updated += 1
            new_since = int(doc.get("next", since))
            self.outbox.set_state(progress_cursor=str(new_since))
            if not changes or new_since == since:
                return updated
            since = new_since
