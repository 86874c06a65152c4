"""Terminal outbox → reference platform over real HTTP on 127.0.0.1: exactly once, resumable,
replay-safe, with permanent errors held and transient ones retried."""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import time
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from core.application import Status
from core.delivery import OutboxKind, OutboxState
from core.errors import RejectedByPlatform
from core.protocol import CHUNK, SEGMENT
from core.supervision.calendar import calendar_from_dict, load_calendar
from sync.client import AuthFailed, BadAnswer, Credentials, PlatformClient
from sync.documents import application_document
from sync.outbox import Outbox
from sync.store import LocalStore
from sync.worker import RetryPolicy, SyncWorker
from tests.helpers.central import ADMIN_TOKEN, RunningCentral, fleet, signed_headers
from tests.helpers.clock import ManualClock
from tests.helpers.outbox import evaluation, queue


def _client(central: RunningCentral, terminal: str = "K0001", **kw: Any) -> PlatformClient:
    secret = central.enrol(terminal)
    return PlatformClient(central.url, Credentials(terminal, secret), **kw)


def test_drain_delivers_everything_exactly_once(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    big = os.urandom(2 * SEGMENT + 12345)  # three chunks
    apps = [
        queue(store, clock, [big, b"small scan"]),
        queue(store, clock, []),
        queue(store, clock, [b"x" * 1000]),
    ]
    store.save_evaluation(evaluation(clock, apps[0]))
    store.save_evaluation(evaluation(clock))
    client = _client(central)
    report = SyncWorker(store, client).run_once()
    assert (report.delivered, report.held, report.deferred) == (5, 0, 0), report.errors
    assert report.bytes_uploaded == len(big) + len(b"small scan") + 1000
    for app in apps:
        got = store.load(app.local_id)
        assert got.status is Status.DELIVERED
        assert got.official_number.startswith("3699010000000101001")
        assert len(got.official_number) == 19 + 8 + 4
    assert central.platform.counts() == {"applications": 3, "evaluations": 2, "blobs": 3}
    # the platform holds the very bytes that were scanned
    sha = hashlib.sha256(big).hexdigest()
    assert b"".join(central.platform.blobs.read(client.credentials.terminal_id, sha)) == big
    # nothing more to send; a second drain sends nothing
    sent = client.bytes_sent
    again = SyncWorker(store, client).run_once()
    assert again.delivered == 0
    assert client.bytes_sent - sent < 1000  # the heartbeat only
    waiting = Outbox(store).status()
    assert dict(waiting.counts) == {
        (OutboxKind.APPLICATION, OutboxState.DELIVERED): 3,
        (OutboxKind.EVALUATION, OutboxState.DELIVERED): 2,
    }
    assert (waiting.waiting, waiting.held, waiting.depth) == (0, 0, 0)


def test_same_key_same_payload_same_receipt_other_payload_refused(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    app = queue(store, clock, [])
    client = _client(central)
    body = application_document(app)
    first = client.submit_application(str(app.local_id), body)
    second = client.submit_application(str(app.local_id), body)
    assert second["official_number"] == first["official_number"]
    assert second["replayed"] is True
    other = body.replace("张三".encode(), "李四".encode())
    with pytest.raises(RejectedByPlatform) as err:
        client.submit_application(str(app.local_id), other)
    assert "different application" in err.value.detail


def test_a_refused_item_is_held_with_its_reason_and_blocks_nothing(
    central: RunningCentral, store: LocalStore, clock: ManualClock, expected_warnings: None
) -> None:
    bad = queue(store, clock, [], impl="not-a-code!")
    good = queue(store, clock, [b"scan"])
    report = SyncWorker(store, _client(central)).run_once()
    assert (report.delivered, report.held) == (1, 1)
    held = store.load(bad.local_id)
    assert held.status is Status.HELD
    assert "item_impl_code" in held.hold_reason
    assert store.load(good.local_id).status is Status.DELIVERED
    [item] = Outbox(store).items("held")
    assert item.ref_id == str(bad.local_id)


def test_progress_reaches_the_terminal(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    app = queue(store, clock, [])
    worker = SyncWorker(store, _client(central))
    worker.run_once()
    official = store.load(app.local_id).official_number
    r = requests.post(
        f"{central.url}/v1/admin/applications/{official}/status",
        json={"status": "accepted", "note": "窗口已受理"},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=5,
    )
    assert r.status_code == 200
    assert worker.pull_progress() == 1
    assert store.load(app.local_id).status is Status.ACCEPTED
    assert worker.pull_progress() == 0  # the cursor moved on


def test_wrong_secret_and_replays_are_refused_and_clock_skew_is_corrected(
    central: RunningCentral, clock: ManualClock
) -> None:
    central.enrol("K0002")
    bad = PlatformClient(central.url, Credentials("K0002", "wrong"))
    with pytest.raises(AuthFailed):
        bad.blob_status("ab" * 32)
    secret = central.enrol("K0003")
    skewed = PlatformClient(
        central.url, Credentials("K0003", secret), clock=lambda: time.time() - 3600
    )
    assert skewed.blob_status("ab" * 32)["received"] == 0  # signed again with the offset
    assert 3500 < skewed.offset < 3700
    # a captured request sent twice is refused the second time
    path = f"/v1/blobs/{'cd' * 32}"
    headers = signed_headers("K0003", secret, "GET", path)
    assert requests.get(central.url + path, headers=headers, timeout=5).status_code == 200
    replay = requests.get(central.url + path, headers=headers, timeout=5)
    assert replay.status_code == 401
    assert "replay" in replay.json()["error"]


def test_an_interrupted_upload_resumes_and_costs_at_most_one_chunk(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    data = os.urandom(3 * SEGMENT + 10)
    app = queue(store, clock, [data])
    client = _client(central)
    real_put = client.put_chunk
    calls = {"n": 0}

    def flaky_put(sha: str, size: int, offset: int, chunk: bytes) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == 3:  # the link drops while the third chunk is on the wire
            client.bytes_sent += len(chunk)
            from sync.client import Transient

            raise Transient("connection reset")
        return real_put(sha, size, offset, chunk)

    client.put_chunk = flaky_put  # type: ignore[method-assign]
    worker = SyncWorker(store, client, policy=RetryPolicy(base=0.0, cap=0.0))
    first = worker.run_once()
    assert first.deferred == 1
    assert store.load(app.local_id).status is Status.DELIVERING
    clock.advance(1)
    second = worker.run_once()
    assert second.delivered == 1
    assert client.bytes_sent <= len(data) + CHUNK + 5000  # payload + one lost chunk + JSON


def test_the_backoff_starts_small_again_after_an_attempt_that_made_progress(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    """On a flaky line that still moves the upload forward, the wait before the next attempt
    is the smallest, not one that doubled with every earlier failure."""
    import random

    from sync.client import Transient

    class Longest(random.Random):  # the jitter's upper bound: a deterministic delay
        def uniform(self, a: float, b: float) -> float:
            return b

    app = queue(store, clock, [os.urandom(3 * SEGMENT)])
    store.conn.execute("UPDATE outbox SET attempts = 5")  # five failed attempts before
    client = _client(central)
    real_put = client.put_chunk
    fail_on = {"call": 3, "n": 0}

    def flaky_put(sha: str, size: int, offset: int, chunk: bytes) -> dict[str, Any]:
        fail_on["n"] += 1
        if fail_on["n"] == fail_on["call"]:
            raise Transient("connection reset")
        return real_put(sha, size, offset, chunk)

    client.put_chunk = flaky_put  # type: ignore[method-assign]
    worker = SyncWorker(store, client, policy=RetryPolicy(base=10, cap=1000, rng=Longest()))
    assert worker.run_once().deferred == 1  # two chunks went, the third failed
    [item] = Outbox(store).items()
    wait = datetime.fromisoformat(item.next_attempt_at) - clock.now()
    assert wait.total_seconds() == 10  # not 10·2^5 = 320
    # an attempt that moves nothing backs off as before
    clock.advance(11)
    fail_on.update(call=fail_on["n"] + 1)
    assert worker.run_once().deferred == 1
    [item] = Outbox(store).items()
    wait = datetime.fromisoformat(item.next_attempt_at) - clock.now()
    assert wait.total_seconds() == 640  # 10·2^6
    assert store.load(app.local_id).status is Status.DELIVERING


def test_after_a_crash_mid_upload_completed_scans_are_not_sent_again(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    first, second = os.urandom(2 * CHUNK), os.urandom(2 * CHUNK)
    app = queue(store, clock, [first, second])

    class Crash(BaseException):  # the process dies (power, kill -9): nothing is recorded
        pass

    client = _client(central)
    real_put = client.put_chunk

    def dies_on_the_second_scan(sha: str, size: int, offset: int, chunk: bytes) -> dict[str, Any]:
        if sha == hashlib.sha256(second).hexdigest():
            raise Crash
        return real_put(sha, size, offset, chunk)

    client.put_chunk = dies_on_the_second_scan  # type: ignore[method-assign]
    with pytest.raises(Crash):
        SyncWorker(store, client).run_once()
    [item] = Outbox(store).items()
    assert item.attempts == 0  # the crash recorded no failure …
    assert store.load(app.local_id).status is Status.DELIVERING  # … but the upload's start
    fresh = _client(central)
    assert SyncWorker(store, fresh).run_once().delivered == 1
    assert fresh.bytes_sent < len(second) + 10_000  # the first scan was not sent again


class _CaptivePortal(BaseHTTPRequestHandler):
    def _page(self) -> None:
        body = "<html><body>请先登录 Wi-Fi</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _page  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


def test_a_captive_portal_200_is_not_success(store: LocalStore, clock: ManualClock) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CaptivePortal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        app = queue(store, clock, [b"scan"])
        client = PlatformClient(
            f"http://127.0.0.1:{server.server_address[1]}", Credentials("K0001", "s")
        )
        with pytest.raises(BadAnswer):
            client.blob_status("ab" * 32)
        report = SyncWorker(store, client).run_once()
        assert report.delivered == 0
        assert report.deferred == 1
        assert store.load(app.local_id).status is Status.DELIVERING
        [item] = Outbox(store).items("delivering")
        assert "not JSON" in item.last_error
        assert item.next_attempt_at > clock.now().isoformat()
    finally:
        server.shutdown()
        server.server_close()


def test_backoff_is_capped_full_jitter_and_honours_retry_after() -> None:
    policy = RetryPolicy(base=2, cap=60)
    delays = [policy.delay(a) for a in range(1, 30) for _ in range(20)]
    assert all(0 <= d <= 60 for d in delays)
    assert max(policy.delay(1) for _ in range(200)) <= 2
    assert min(policy.delay(1, retry_after=30) for _ in range(50)) >= 30
    assert policy.delay(1, retry_after=10_000) == 60  # a silly Retry-After cannot park us


def test_heartbeat_reports_queue_and_audit_head_to_the_fleet_view(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    queue(store, clock, [b"scan"])
    worker = SyncWorker(store, _client(central), device_health=lambda: {"idcard": "ready"})
    worker.run_once()
    [me] = [t for t in fleet(central) if t["id"] == "K0001"]
    beat = me["heartbeat"]
    assert beat["queue_depth"] == 0
    assert beat["devices"] == {"idcard": "ready"}
    assert beat["audit_head"] == store.audit_head() != ""
    assert me["applications"] == 1


def test_the_platform_flags_an_audit_chain_rewritten_behind_its_back(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    """A careful forger edits an early record and hashes the whole chain again (the terminal's
    own check passes): the chain's hash at the count the platform was told last no longer
    matches the head it was told then — the fleet says so."""
    from sync.store import _chain

    queue(store, clock, [b"scan"])
    worker = SyncWorker(store, _client(central))
    worker.run_once()
    worker.heartbeat()  # the platform has recorded a count and a head; asks for it back
    assert _fleet_alarm(central) == ""
    rows = store.conn.execute("SELECT seq, at, event, ref, detail FROM audit ORDER BY seq")
    prev = ""
    for i, (seq, at, event, ref, detail) in enumerate(rows.fetchall()):
        if i == 0:
            detail = "forged"
        prev = _chain(prev, at, event, ref, detail)
        store.conn.execute(
            "UPDATE audit SET detail = ?, hash = ? WHERE seq = ?", (detail, prev, seq)
        )
    assert store.audit_verify()  # the terminal's own check is fooled
    queue(store, clock, [])  # the chain grows: not a rewind
    worker.run_once()
    worker.heartbeat()
    assert _fleet_alarm(central) == "审计链被改写"


def _fleet_alarm(central: RunningCentral) -> str:
    [me] = [t for t in fleet(central) if t["id"] == "K0001"]
    return str(me["heartbeat"].get("audit_alarm", ""))


def test_audit_chain_records_each_step_and_detects_tampering(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    app = queue(store, clock, [b"scan"])
    SyncWorker(store, _client(central)).run_once()
    events = [
        r[0]
        for r in store.conn.execute("SELECT event FROM audit WHERE ref = ?", (str(app.local_id),))
    ]
    # the start of an upload is written (a crash mid-upload is then known: the next run asks
    # the platform what it has instead of sending the scans again), then its delivery
    assert events == ["queued", "delivering", "delivered"]
    assert store.audit_verify()
    store.conn.execute("UPDATE audit SET detail = 'forged' WHERE event = 'delivered'")
    assert not store.audit_verify()


def test_a_bundle_carried_on_usb_delivers_once_however_often_it_arrives(
    central: RunningCentral, store: LocalStore, clock: ManualClock, tmp_path: Path
) -> None:
    from sync.bundle import write_bundle

    secret = central.enrol("K0001")
    apps = [queue(store, clock, [os.urandom(2_500_000)]), queue(store, clock, [])]  # 3 segments
    store.save_evaluation(evaluation(clock, apps[0]))
    path, header = write_bundle(store, "K0001", secret, tmp_path / "usb", now=clock.now())
    assert (header["applications"], header["evaluations"]) == (2, 1)
    raw = path.read_bytes()
    assert b"110101199001010031" not in raw  # sealed: the stick reveals nothing
    # a connected terminal forwards it
    courier = _client(central, "K0009")
    first = courier.post_bundle(raw)
    assert (first["applications_new"], first["evaluations_new"]) == (2, 1)
    again = courier.post_bundle(raw)
    assert (again["applications_known"], again["evaluations_known"]) == (2, 1)
    # tampering is detected
    bad = bytearray(raw)
    bad[len(bad) // 2] ^= 1
    with pytest.raises(RejectedByPlatform):
        courier.post_bundle(bytes(bad))
    # a stick pulled out while copying: the cut is noticed (items before it are authentic)
    with pytest.raises(RejectedByPlatform):
        courier.post_bundle(raw[: len(raw) // 2])
    # the station itself comes back online: its own delivery is recognised, not duplicated
    own = PlatformClient(central.url, Credentials("K0001", secret))
    report = SyncWorker(store, own).run_once()
    assert report.delivered == 3
    assert central.platform.counts()["applications"] == 2
    assert central.platform.counts()["evaluations"] == 1


def test_a_bundle_imports_when_its_scan_was_partly_uploaded_before_the_link_went(
    central: RunningCentral, store: LocalStore, clock: ManualClock, tmp_path: Path
) -> None:
    """The station had sent the first chunk of a scan when its link went; the bundle it then
    carried resumes that upload instead of failing with 409 (and imports the rest)."""
    from sync.bundle import write_bundle

    secret = central.enrol("K0001")
    scan = os.urandom(3 * CHUNK // 2)
    app = queue(store, clock, [scan])
    sha = hashlib.sha256(scan).hexdigest()
    station = PlatformClient(central.url, Credentials("K0001", secret))
    assert station.put_chunk(sha, len(scan), 0, scan[:CHUNK])["received"] == CHUNK  # then gone
    path, _ = write_bundle(store, "K0001", secret, tmp_path / "usb", now=clock.now())
    doc = _client(central, "K0009").post_bundle(path.read_bytes())
    assert (doc["applications_new"], doc["refused"]) == (1, [])
    assert central.platform.blob_status("K0001", sha).doc["complete"] is True
    stored = b"".join(central.platform.blobs.read("K0001", sha))
    assert stored == scan
    assert SyncWorker(store, station).run_once().delivered == 1  # recognised, not re-sent
    assert central.platform.counts()["applications"] == 1
    assert store.load(app.local_id).official_number


@pytest.mark.sqlite_only  # the terminal's catalogue work; the feed on PostgreSQL: test_replicas
def test_catalogue_changes_arrive_incrementally(
    central: RunningCentral, store: LocalStore, demo_catalogue: Path, tmp_path: Path
) -> None:
    import shutil
    from dataclasses import replace as dc_replace

    from core.catalogue.codec import item_to_dict
    from sync.catalogue import CatalogueStore
    from sync.catalogue_sync import CatalogueReset, pull_catalogue, update_catalogue

    local = tmp_path / "t" / "catalogue.sqlite"
    shutil.copy(demo_catalogue, local)
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with CatalogueStore(local) as cat:
        hit = cat.search("居民身份证申领", region_code="369901001000", limit=2)
        changed = dc_replace(cat.get(hit[0].impl_code), name="居民身份证申领（含异地）")
        gone = hit[1].impl_code
        before = cat.count()
    r = requests.put(
        f"{central.url}/v1/admin/catalogue/items/{changed.impl_code}",
        json=item_to_dict(changed),
        headers=admin,
        timeout=30,
    )
    assert r.status_code == 200, r.text
    r = requests.delete(f"{central.url}/v1/admin/catalogue/items/{gone}", headers=admin, timeout=30)
    assert r.status_code == 200
    worker = SyncWorker(store, _client(central), catalogue_path=local)
    assert worker.run_once().catalogue_changes == 2
    with CatalogueStore(local) as cat:
        assert cat.get(changed.impl_code).name == "居民身份证申领（含异地）"
        assert cat.count() == before - 1
        assert cat.version is not None
        assert cat.version.endswith("+2")
    assert worker.run_once().catalogue_changes == 0  # the cursor moved on
    # a terminal with another catalogue is told to reset, not fed changes that do not fit
    other = tmp_path / "other.sqlite"
    with CatalogueStore(other) as cat:
        cat.replace_all([changed], version="somewhere-else")
        with pytest.raises(CatalogueReset):
            pull_catalogue(cat, _client(central, "K0005"))
        # ... and the drain then downloads the platform's whole catalogue (it used to stay stuck)
        assert update_catalogue(cat, _client(central, "K0005")) == before - 1
        assert cat.count() == before - 1
        assert cat.meta("platform_cursor") == "2"
        assert cat.get(changed.impl_code).name == "居民身份证申领（含异地）"
        assert cat.search("sfz", region_code="369901001000", limit=1)  # index rebuilt
        assert update_catalogue(cat, _client(central, "K0005")) == 0  # changes only, from now on


@pytest.mark.sqlite_only  # the terminal's catalogue work; the feed on PostgreSQL: test_replicas
def test_a_new_terminal_fills_its_empty_catalogue_from_the_platform(
    central: RunningCentral, store: LocalStore, tmp_path: Path, demo_catalogue: Path
) -> None:
    from sync.catalogue import CatalogueStore

    empty = tmp_path / "new" / "catalogue.sqlite"
    empty.parent.mkdir()
    seen: list[tuple[str, int, int]] = []
    worker = SyncWorker(
        store, _client(central), catalogue_path=empty, on_progress=lambda *a: seen.append(a)
    )
    report = worker.run_once()
    with CatalogueStore(demo_catalogue) as platform_copy, CatalogueStore(empty) as cat:
        assert cat.count() == platform_copy.count() == report.catalogue_changes
        assert cat.search("shebao", region_code="369901001000", limit=1)
        assert cat.synonyms() == platform_copy.synonyms()
    pages = [s for s in seen if s[0] == "catalogue"]
    assert len(pages) > 10  # progress shown page by page
    assert pages[-1][1] == pages[-1][2]


def test_configuration_managed_on_the_platform_reaches_the_terminal(
    central: RunningCentral, store: LocalStore
) -> None:
    worker = SyncWorker(store, _client(central))
    assert worker.run_once().config_version == 0
    r = requests.put(
        f"{central.url}/v1/admin/terminals/K0001/config",
        json={"sync_interval": 60, "notice": "本周六正常办公"},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=5,
    )
    assert r.json()["version"] == 1
    report = worker.run_once()
    assert report.config_version == 1
    assert worker.config() == {"sync_interval": 60, "notice": "本周六正常办公"}
    assert worker.interval(30.0) == 60.0  # applied from the next wait, no restart
    # the apps get it with the report, as they apply it (core.pushed); the rest is said
    assert report.pushed.sync_interval == 60.0
    assert report.pushed.ignored == ("notice",)
    assert report.pushed.refused == ()
    # the working-day calendar the platform holds comes with the configuration's pull, once
    assert not Outbox(store).get_state("work_calendar")
    root = Path(__file__).resolve().parents[2]
    central.platform.set_calendar(load_calendar(root / "assets" / "calendar" / "cn-workdays.toml"))
    worker.run_once()
    held = calendar_from_dict(json.loads(Outbox(store).get_state("work_calendar") or "{}"))
    assert held.version == central.platform.calendar().version
    assert held.is_workday(date(2026, 2, 28))  # a Saturday worked (调休) in 2026


def test_staff_accounts_reach_the_terminals_of_their_hall_for_offline_sign_in(
    central: RunningCentral, store: LocalStore
) -> None:
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    central.platform.add_terminal("K0001", "3号窗口", hall="369901001")
    secret = central.platform.add_terminal("K0001", "3号窗口", hall="369901001")
    worker = SyncWorker(store, PlatformClient(central.url, Credentials("K0001", secret)))
    assert worker.run_once().staff_version == 0
    assert store.staff() == (0, [])
    for number, hall in (("A0123", "369901001"), ("B0007", "369902002"), ("S0001", "")):
        r = requests.put(
            f"{central.url}/v1/admin/staff/{number}",
            json={"name": "王芳", "role": "clerk", "hall": hall, "password": "Wangfang2026"},
            headers=admin,
            timeout=5,
        )
        assert r.status_code == 200, r.text
    weak = requests.put(
        f"{central.url}/v1/admin/staff/W0001",
        json={"name": "弱", "role": "clerk", "password": "12345678"},
        headers=admin,
        timeout=5,
    )
    assert weak.status_code == 422
    assert "容易被猜到" in weak.json()["error"]
    assert worker.run_once().staff_version == 3
    version, members = store.staff()
    assert (version, [m["number"] for m in members]) == (3, ["A0123", "S0001"])  # its hall's
    assert all(m["password_hash"].startswith("scrypt$") for m in members)
    # the administrator's list never carries hashes; a disabled account reaches the terminal
    listed = requests.get(f"{central.url}/v1/admin/staff", headers=admin, timeout=5).json()
    assert len(listed["staff"]) == 3
    assert not any("password_hash" in m for m in listed["staff"])
    assert requests.delete(f"{central.url}/v1/admin/staff/A0123", headers=admin, timeout=5).ok
    assert worker.run_once().staff_version == 4
    [a0123] = [m for m in store.staff()[1] if m["number"] == "A0123"]
    assert a0123["enabled"] is False
    assert "password_hash" not in a0123
    unauth = requests.get(f"{central.url}/v1/staff", timeout=5)
    assert unauth.status_code == 401


def test_delivered_evaluations_are_purged_after_retention(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    e = evaluation(clock)
    store.save_evaluation(e)
    SyncWorker(store, _client(central)).run_once()
    assert store.purge_due(30) == []
    assert store.evaluation_payload(str(e.local_id))  # still within retention
    clock.advance(31 * 86400)
    store.purge_due(30)
    row = store.conn.execute(
        "SELECT payload FROM evaluations WHERE local_id = ?", (str(e.local_id),)
    ).fetchone()
    assert row[0] == b""
    keys = store.conn.execute(
        "SELECT count(*) FROM data_keys WHERE local_id = ?", (str(e.local_id),)
    ).fetchone()[0]
    assert keys == 0


def test_a_busy_store_defers_the_drain_and_holds_nothing(
    central: RunningCentral, store: LocalStore, clock: ManualClock, tmp_path: Path
) -> None:
    """Another connection holding the write lock used to make run_once raise StorageError
    after 20 s and class the item as permanent."""
    import sqlite3

    app = queue(store, clock, [b"scan" * 100])
    store.conn.execute("PRAGMA busy_timeout = 200")  # the wait is bounded; keep the test short
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. a technician's tool in the middle of a write
    try:
        report = SyncWorker(store, _client(central)).run_once()  # must not raise
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert report.held == 0
    assert report.store_error == "本机存储正忙，请稍候再试。"
    assert {i.state for i in Outbox(store).items()} <= {"pending", "delivering"}
    report = SyncWorker(store, _client(central)).run_once()
    assert report.delivered == 1, report.errors
    assert store.load(app.local_id).status is Status.DELIVERED


def test_progress_lookup_by_code_and_by_id_number_from_any_terminal(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    app = queue(store, clock, [b"scan"])
    other = queue(store, clock, [])
    SyncWorker(store, _client(central)).run_once()
    official = store.load(app.local_id).official_number
    kiosk = _client(central, "K0002")  # a citizen asks at another terminal of the hall
    rows = kiosk.lookup(code=app.receipt_number)
    assert [(r["receipt_number"], r["official_number"], r["status"]) for r in rows] == [
        (app.receipt_number, official, "delivered")
    ]
    assert kiosk.lookup(code=official)[0]["receipt_number"] == app.receipt_number
    by_id = kiosk.lookup(id_number=app.applicant.id_number)
    assert {r["receipt_number"] for r in by_id} == {app.receipt_number, other.receipt_number}
    assert kiosk.lookup(code="K9999-000000-NOSUCH") == []
    r = requests.post(
        f"{central.url}/v1/admin/applications/{official}/status",
        json={"status": "correction_requested", "note": "缺少户口簿"},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=5,
    )
    r.raise_for_status()
    row = kiosk.lookup(code=app.receipt_number)[0]
    assert (row["status"], row["note"]) == ("correction_requested", "缺少户口簿")
    # unauthenticated, or both keys at once: refused
    assert requests.get(f"{central.url}/v1/applications/lookup?code=x", timeout=5).status_code in (
        401,
        403,
    )
    with pytest.raises(RejectedByPlatform):
        kiosk._doc(
            kiosk._send("GET", "/v1/applications/lookup", params={"code": "x", "id_number": "y"}),
            "lookup",
        )
    spec = requests.get(f"{central.url}/openapi.json", timeout=5).json()
    assert "/v1/applications/lookup" in spec["paths"]


def test_a_public_kiosk_never_receives_staff_password_hashes(
    central: RunningCentral, store: LocalStore
) -> None:
    """Kiosks received and kept every staff password hash of their hall (GET /v1/staff answered
    any terminal, the kiosk pulled it). Central refuses a kiosk; a kiosk's drain asks nothing
    and drops a list a version before kept; counters and agent stations still get theirs."""
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    requests.put(
        f"{central.url}/v1/admin/staff/A0123",
        json={"name": "王芳", "role": "clerk", "hall": "", "password": "Wangfang2026"},
        headers=admin,
        timeout=5,
    ).raise_for_status()
    kiosk = PlatformClient(central.url, Credentials("K0009", central.enrol("K0009", "kiosk")))
    r = kiosk._send("GET", "/v1/staff")
    assert r.status_code == 403
    assert "password_hash" not in r.text
    store.put_staff(3, [{"number": "A0123", "password_hash": "scrypt$old"}])  # kept before
    worker = SyncWorker(store, kiosk, signs_staff_in=False)
    report = worker.run_once()
    assert not any("staff" in e for e in report.errors)
    assert store.staff() == (0, [])
    counter = PlatformClient(central.url, Credentials("C0009", central.enrol("C0009", "counter")))
    assert [m["number"] for m in counter.staff()["staff"]] == ["A0123"]


def test_counter_decisions_reach_the_platform_with_the_clerk_and_window(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    """Issue 29 items 3 and 6: a 不予受理 reaches the platform (status, reason, counted) and a
    counter's 受理 arrives decided — with its time, clerk, window and the 补正 visit before
    it — where before the platform saw a bare 'delivered' and nothing of a rejection."""
    from dataclasses import replace

    from core.application import Applicant, Channel, Decision, DecisionKind, Submission
    from core.documents.hall import Hall
    from core.staff import StaffMember, StaffRole
    from terminal.operations import DecideRequest, Operations, SubmitRequest
    from tests.helpers.samples import simple_item

    item = simple_item()
    ops = Operations(
        store,
        catalogue=Path("/nonexistent/catalogue.sqlite"),
        terminal_id="K0001",
        region_code="369901001000",
        hall=Hall("示范市青山区光明街道便民服务中心"),
    )
    clerk = StaffMember("A0123", "王芳", StaffRole.CLERK)
    seen = Submission(pages=1, original_seen=True)

    def decide(who: str, checklist: dict[str, Submission], kind: DecisionKind, **kw: Any) -> Any:
        applicant = Applicant(who, "110101199001010031", "resident", "13812345678", "示范路1号")
        submit = SubmitRequest(item, applicant, Channel.COUNTER, form={"phone": "13812345678"})
        decision = Decision(kind, kw.pop("reason", ""), kw.pop("basis", ""))
        request = DecideRequest(submit, checklist, decision, **kw)
        clock.advance(60)
        return ops.decide(replace(request, clerk=clerk, window="3号窗口"))

    rejected = decide(
        "张三",
        {"id_card": seen},
        DecisionKind.REJECT,
        reason="不属于本机关职权",
        basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
    )
    waiting = decide("李四", {"id_card": seen}, DecisionKind.CORRECTION)
    accepted = decide("李四", {"hukou": seen}, DecisionKind.ACCEPT, resume=waiting.local_id)
    worker = SyncWorker(store, _client(central))
    report = worker.run_once()
    assert report.delivered == 2, report.errors
    assert central.platform.counts()["applications"] == 2  # the rejection is counted
    worker.pull_progress()  # (the drain may have pulled it already)
    assert store.load(rejected.local_id).status is Status.REJECTED
    assert store.load(accepted.local_id).status is Status.ACCEPTED
    rows = dict(
        central.platform.db.conn.execute(
            "SELECT json_extract(doc, '$.receipt_number'), doc FROM applications"
        ).fetchall()
    )
    import json

    on_platform = json.loads(rows[accepted.receipt_number])["decisions"]
    assert [d["kind"] for d in on_platform] == ["correction", "accept"]
    assert on_platform[0]["missing"] == ["居民户口簿（原件及复印件1份） — 未提供"]
    assert {(d["clerk_id"], d["window"]) for d in on_platform} == {("A0123", "3号窗口")}
    found = central.platform.lookup(code=rejected.receipt_number).doc["applications"]
    assert found[0]["status"] == "rejected"
    assert "不属于本机关职权" in found[0]["note"]
    assert "依据：《中华人民共和国行政许可法》第三十二条" in found[0]["note"]  # and its law


def test_a_station_learns_of_its_bundle_import_at_the_next_sync_without_uploading(
    central: RunningCentral, store: LocalStore, clock: ManualClock, tmp_path: Path
) -> None:
    """Issue 29 item 11: after the hall imported a station's bundle, the station still listed
    the applications as 上报中 and learned of them only by uploading each again once its
    back-off (up to 10 minutes after a week offline) let it. Now the next sync's progress
    pull delivers them here: official number, outbox row closed, nothing uploaded."""
    from datetime import timedelta

    from sync.bundle import write_bundle

    secret = central.enrol("K0001")
    scan = os.urandom(300_000)
    app = queue(store, clock, [scan])
    outbox = Outbox(store)
    item = outbox.get("application", str(app.local_id))
    assert item is not None
    # a week offline: the item waits out its back-off
    outbox.mark(
        item.seq,
        "delivering",
        error="unreachable",
        next_attempt_at=clock.now() + timedelta(minutes=10),
        count_attempt=True,
    )
    path, _ = write_bundle(store, "K0001", secret, tmp_path / "usb", now=clock.now())
    _client(central, "K0009").post_bundle(path.read_bytes())  # imported at the hall
    own = PlatformClient(central.url, Credentials("K0001", secret))
    report = SyncWorker(store, own).run_once()
    assert report.delivered == 0  # nothing was due: nothing sent again
    assert own.bytes_sent < len(scan)
    got = store.load(app.local_id)
    assert got.status is Status.DELIVERED
    assert got.official_number.startswith("3699010000000101001")
    after = outbox.get("application", str(app.local_id))
    assert after is not None
    assert after.state == "delivered"
    assert central.platform.counts()["applications"] == 1


def test_a_bundle_member_the_routes_would_refuse_is_refused_and_said(
    central: RunningCentral, store: LocalStore, clock: ManualClock, tmp_path: Path
) -> None:
    """Issue 22 item 6: bundle members skipped the HTTP routes' checks — a 40 MB application
    document was stored, `applications/../../../etc/passwd.json` became an application keyed
    `passwd`. Now such members are refused by name with the reason, the rest imported."""
    import io
    import json
    import tarfile

    from sync.bundle import MAGIC, _aad, bundle_key
    from sync.crypto import SealingWriter

    secret = central.enrol("K0001")
    good = evaluation(clock)
    store.save_evaluation(good)
    header = {
        "terminal_id": "K0001",
        "created_at": clock.now().isoformat(),
        "bundle_id": "b-1",
        "applications": 2,
        "evaluations": 1,
    }
    path = tmp_path / "hostile.htb"
    with open(path, "wb") as out:
        out.write(MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n")
        sealer = SealingWriter(bundle_key(secret, "K0001"), out, _aad(header))
        with tarfile.open(fileobj=sealer, mode="w") as tar:  # type: ignore[call-overload]

            def add(name: str, data: bytes) -> None:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))

            add("applications/../../../etc/passwd.json", b'{"local_id": "passwd"}')
            add("applications/01a2428d-e2e8-7fbb-9e62-6c2017682772.json", b" " * (2 << 20))
            add(f"evaluations/{good.local_id}.json", store.evaluation_payload(str(good.local_id)))
        size = sealer.close()
        out.write(b"\n" + str(size).encode())
    result = _client(central, "K0009").post_bundle(path.read_bytes())
    refused = {r["key"]: r["reason"] for r in result["refused"]}
    big = "applications/01a2428d-e2e8-7fbb-9e62-6c2017682772.json"
    assert refused == {
        "applications/../../../etc/passwd.json": "the key must be 8-64 letters, digits or hyphens",
        big: "document larger than 1048576 bytes",
    }
    assert (result["applications_new"], result["evaluations_new"]) == (0, 1)
    assert central.platform.counts()["applications"] == 0


def test_a_kiosk_with_nothing_to_send_says_when_the_platform_is_gone(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    """Issue 30 item 7: with an empty queue a drain delivered nothing, so nothing said the
    link was down — the kiosk showed 网络正常 for as long as central was stopped. The pulls
    that cannot reach the platform now say so."""
    from core.delivery import SyncResult
    from kiosk.app import network_text

    secret = central.enrol("K0001")
    up = SyncWorker(store, PlatformClient(central.url, Credentials("K0001", secret)))
    report = up.run_once()
    assert not report.offline
    queue_now = Outbox(store).status()
    assert network_text(SyncResult(report, queue_now)) == "网络正常"
    gone = PlatformClient(
        "http://127.0.0.1:9", Credentials("K0001", secret), connect_timeout=1, read_timeout=1
    )
    report = SyncWorker(store, gone).run_once()
    assert report.offline
    assert network_text(SyncResult(report, queue_now)) == "网络中断"


def test_a_pushed_sync_interval_out_of_bounds_is_not_applied(
    central: RunningCentral,
    store: LocalStore,
    expected_warnings: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = SyncWorker(store, _client(central))
    for pushed in (1, 86_400, "60", True):
        requests.put(
            f"{central.url}/v1/admin/terminals/K0001/config",
            json={"sync_interval": pushed},
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            timeout=5,
        ).raise_for_status()
        caplog.clear()
        worker.run_once()
        assert worker.config()["sync_interval"] == pushed
        assert worker.interval(30.0) == 30.0  # the settings' own
        # said once a configuration version, for the fleet's administrator to see why
        assert f"pushed settings refused: sync_interval: {pushed!r}" in caplog.text
        caplog.clear()
        worker.run_once()
        assert "pushed settings refused" not in caplog.text


def test_a_bundle_copies_the_stores_sealed_scans_and_refuses_any_altered_byte(
    central: RunningCentral, store: LocalStore, clock: ManualClock, tmp_path: Path
) -> None:
    """Issue 31: a bundle (format 2) carries each scan's sealed file as the store keeps it —
    copied, not decrypted and sealed again — with its data key sealed for the platform; a
    byte changed anywhere that carries meaning (a document, a scan, the manifest, the header)
    refuses the bundle, and one cut short or with a member taken out is said."""
    import tarfile

    from sync.bundle import MAGIC2, write_bundle

    secret = central.enrol("K0001")
    app = queue(store, clock, [os.urandom(1_500_000), os.urandom(300_000)])
    store.save_evaluation(evaluation(clock, app))
    path, _ = write_bundle(store, "K0001", secret, tmp_path / "usb", now=clock.now())
    raw = path.read_bytes()
    assert raw.startswith(MAGIC2)
    for a in store.load(app.local_id).attachments:  # the store's own file, byte for byte
        sealed = store.sealed_scan(app.local_id, a.sha256)[0].read_bytes()
        assert sealed in raw
    courier = _client(central, "K0009")
    start = raw.index(b"\n", len(MAGIC2)) + 1
    with tarfile.open(fileobj=io.BytesIO(raw[start:]), mode="r:") as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert [n.split("/")[0] for n in members] == [
        "applications", "blobs", "blobs", "evaluations", "manifest.sealed"
    ]  # fmt: skip
    for name, member in members.items():  # a byte of each member's data changed
        bad = bytearray(raw)
        bad[start + member.offset_data + member.size // 2] ^= 1
        with pytest.raises(RejectedByPlatform):
            courier.post_bundle(bytes(bad))
        if not name.startswith(("evaluations", "manifest")):  # what comes before is delivered
            assert central.platform.counts()["applications"] == 0, name
    bad = bytearray(raw)
    bad[raw.index(b'"created_at": "') + 16] ^= 1  # the header line (every member's AAD)
    with pytest.raises(RejectedByPlatform):
        courier.post_bundle(bytes(bad))
    # the evaluation's member taken out (the tar rewritten without it): said, the rest taken
    pruned = io.BytesIO()
    with (
        tarfile.open(fileobj=io.BytesIO(raw[start:]), mode="r:") as tar,
        tarfile.open(fileobj=pruned, mode="w", format=tarfile.PAX_FORMAT) as out,
    ):
        for m in tar.getmembers():
            if not m.name.startswith("evaluations/"):
                out.addfile(m, tar.extractfile(m))
    result = courier.post_bundle(raw[:start] + pruned.getvalue())
    assert result["applications_new"] + result["applications_known"] == 1
    assert result["evaluations_new"] + result["evaluations_known"] == 0
    assert [r["reason"] for r in result["refused"]] == ["listed in the manifest, not in the bundle"]
    assert central.platform.counts()["applications"] == 1
