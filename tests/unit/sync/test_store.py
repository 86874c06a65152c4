import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from core.application import (
    AgentConsent,
    Applicant,
    Application,
    Attachment,
    Channel,
    ConsentMethod,
    Status,
)
from core.errors import StorageError
from core.ids import provisional_receipt_number, uuid7
from sync import database as store_module
from sync.database import migrate, open_connection, schema_version
from sync.migrations import LATEST, MIGRATIONS, Migration
from sync.store import LocalStore
from tests.helpers.clock import ManualClock
from tests.helpers.keys import new_store

FIXTURES = Path(__file__).parents[2] / "fixtures" / "db"


def make_app(clock: ManualClock, channel: Channel = Channel.KIOSK) -> Application:
    lid = uuid7(clock.now())
    consent = (
        AgentConsent("A01", "李代办", ConsentMethod.SIGNED_FORM, clock.now(), "cd" * 32)
        if channel is Channel.AGENT
        else None
    )
    return Application(
        local_id=lid,
        receipt_number=provisional_receipt_number("K1", clock.now(), lid),
        item_impl_code="3699010000000101001",
        item_version=1,
        item_name="居民身份证申领",
        channel=channel,
        applicant=Applicant("张三", "110101199001010031", "resident", "13812345678", "示范路1号"),
        created_at=clock.now(),
        terminal_id="K1",
        form_data={"phone": "13812345678"},
        consent=consent,
    )


def attach(store: LocalStore, app: Application, data: bytes = b"%PDF-1.4 hukou scan") -> None:
    """Stores a scan the way the apps do (sealed, durable) and names it in the application."""
    sha, size = store.put_scans(app.local_id, [data])[0]
    app.attachments = [Attachment("hukou", sha, 2, "application/pdf", size)]


def test_new_store_is_at_latest_with_durable_settings(tmp_path: Path, clock: ManualClock) -> None:
    with new_store(tmp_path / "s.sqlite", clock) as s:
        assert s.migrated == [m.version for m in MIGRATIONS]
        assert schema_version(s.conn) == LATEST
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.integrity_ok()


@pytest.mark.parametrize("channel", [Channel.KIOSK, Channel.AGENT])
def test_application_round_trip(tmp_path: Path, clock: ManualClock, channel: Channel) -> None:
    app = make_app(clock, channel)
    app.advance(Status.QUEUED, clock.now())
    with new_store(tmp_path / "s.sqlite", clock) as s:
        attach(s, app)
        s.save(app)
    with new_store(tmp_path / "s.sqlite", clock, sweep=True) as s:
        assert s.migrated == []
        assert s.swept == []
        loaded = s.load(app.local_id)
        a = loaded.attachments[0]
        assert s.read_scan(app.local_id, a.sha256, a.size) == b"%PDF-1.4 hukou scan"
    assert loaded == app


def test_queued_application_enters_the_outbox_once(tmp_path: Path, clock: ManualClock) -> None:
    app = make_app(clock)
    with new_store(tmp_path / "s.sqlite", clock) as s:
        s.save(app)  # draft: not in the outbox
        assert s.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
        app.advance(Status.QUEUED, clock.now())
        s.save(app)
        s.save(app)
        rows = s.conn.execute("SELECT kind, ref_id, state FROM outbox").fetchall()
        assert rows == [("application", str(app.local_id), "pending")]


def test_status_changes_are_kept(tmp_path: Path, clock: ManualClock) -> None:
    app = make_app(clock)
    with new_store(tmp_path / "s.sqlite", clock) as s:
        for status in (Status.QUEUED, Status.DELIVERING):
            clock.advance(5)
            app.advance(status, clock.now())
            s.save(app)
        app.deliver("N-1", clock.now())
        s.save(app)
        loaded = s.load(app.local_id)
        assert [h.status for h in loaded.history] == [
            Status.DRAFT,
            Status.QUEUED,
            Status.DELIVERING,
            Status.DELIVERED,
        ]
        assert s.counts() == {Status.DELIVERED: 1}
        assert s.ids(Status.DELIVERED) == [app.local_id]


def test_ids_are_in_creation_order(tmp_path: Path, clock: ManualClock) -> None:
    with new_store(tmp_path / "s.sqlite", clock) as s:
        made = []
        for _ in range(5):
            clock.advance(1)
            app = make_app(clock)
            s.save(app)
            made.append(app.local_id)
        assert s.ids() == made


def test_failed_write_leaves_nothing(tmp_path: Path, clock: ManualClock) -> None:
    app = make_app(clock)
    with new_store(tmp_path / "s.sqlite", clock) as s:
        s.save(app)
        twin = make_app(clock)
        twin.receipt_number = app.receipt_number  # violates the unique receipt number
        with pytest.raises(sqlite3.IntegrityError):
            s.save(twin)
        assert s.ids() == [app.local_id]
        with pytest.raises(KeyError):
            s.load(twin.local_id)


def test_every_past_version_has_a_fixture() -> None:
    for version in range(1, LATEST):
        assert (FIXTURES / f"store-v{version}.sqlite").exists(), (
            f"add store-v{version}.sqlite: python -m tests.fixtures.db.make_fixture {version}"
        )


@pytest.mark.parametrize("version", range(1, LATEST))
def test_fixture_upgrades_to_latest_keeping_data(
    tmp_path: Path, clock: ManualClock, version: int
) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"store-v{version}.sqlite", path)
    with new_store(path, clock) as s:
        assert s.migrated == list(range(version + 1, LATEST + 1))
        assert s.integrity_ok()
        ids = s.ids()
        assert len(ids) == 2
        queued = s.load(ids[0])
        assert queued.applicant.name == "张三"
        assert queued.attachments[0].pages == 2
        assert s.load(ids[1]).official_number.startswith("3699")
        # v2: applications queued before the outbox existed are in it now.
        outbox = s.conn.execute("SELECT ref_id FROM outbox").fetchall()
        assert outbox == [(str(ids[0]),)]


def test_store_from_newer_software_is_refused(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "s.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(StorageError) as err:
        new_store(path, clock)
    assert "升级" in err.value.user_message


def test_failing_migration_rolls_back_to_the_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(db: object) -> None:
        db.execute("CREATE TABLE half_done (x)")  # type: ignore[attr-defined]
        raise RuntimeError("disk pulled")

    monkeypatch.setattr(
        store_module, "MIGRATIONS", (*MIGRATIONS, Migration(LATEST + 1, "broken", broken))
    )
    monkeypatch.setattr(store_module, "LATEST", LATEST + 1)
    conn = open_connection(tmp_path / "s.sqlite")
    with pytest.raises(RuntimeError):
        migrate(conn)
    assert schema_version(conn) == LATEST
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables


def test_unknown_id_raises_key_error(tmp_path: Path, clock: ManualClock) -> None:
    with new_store(tmp_path / "s.sqlite", clock) as s, pytest.raises(KeyError):
        s.load(uuid.uuid4())


def test_queue_status_has_one_meaning_of_waiting(tmp_path: Path, clock: ManualClock) -> None:
    from core.delivery import OutboxKind, OutboxState
    from sync.outbox import Outbox
    from tests.helpers.outbox import deliver, evaluation, hold, queue

    with new_store(tmp_path / "s.sqlite", clock) as s:
        first, second, third = (queue(s, clock, [b"x"]) for _ in range(3))
        s.save_evaluation(evaluation(clock))
        hold(s, clock, second, "422")
        deliver(s, clock, third, "N1")
        status = Outbox(s).status()
    assert status.count(OutboxKind.APPLICATION, OutboxState.PENDING) == 1
    assert status.count(state=OutboxState.DELIVERED) == 1
    assert (status.waiting, status.held, status.depth) == (2, 1, 3)  # held is not "waiting"
    assert status.oldest_waiting == first.created_at.isoformat(timespec="microseconds")


def test_a_new_store_opened_by_several_threads_at_once_migrates_once(
    tmp_path: Path, clock: ManualClock
) -> None:
    """The counter opens its store from three threads at start (worklist, decisions, sync):
    each used to run the migrations and the later ones failed with "table already exists"."""
    import threading

    from tests.helpers.keys import data_paths

    paths = data_paths(tmp_path / "store.sqlite")
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def open_one() -> None:
        barrier.wait()
        try:
            paths.open_store(clock).close()
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=open_one) for _ in range(6)]  # and record the key check
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []


def test_a_status_change_leaves_the_personal_record_as_sealed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 5: every status change sealed the whole personal record again (a kiosk
    submit with 3 scans encrypted it 3 times). A change that leaves the personal data as it was
    writes the status, history, audit and outbox without sealing; one that changes it seals."""
    from datetime import UTC, datetime

    from core.application import Status
    from tests.helpers.clock import ManualClock
    from tests.helpers.keys import new_store
    from tests.helpers.outbox import queue

    clock = ManualClock(datetime(2026, 12, 4, 9, tzinfo=UTC))
    with new_store(tmp_path / "store.sqlite", clock) as store:
        app = queue(store, clock, [b"scan one", b"scan two", b"scan three"])
        sealed = store.seals
        before = store.conn.execute(
            "SELECT personal FROM applications WHERE local_id = ?", (str(app.local_id),)
        ).fetchone()[0]
        loaded = store.load(app.local_id)
        loaded.advance(Status.DELIVERING, clock.now())
        store.save(loaded)
        loaded.deliver("36990100000001012026120400001", clock.now())
        store.save(loaded)
        assert store.seals == sealed  # two status changes, no sealing
        after = store.conn.execute(
            "SELECT personal, status FROM applications WHERE local_id = ?", (str(app.local_id),)
        ).fetchone()
        assert after == (before, "delivered")
        assert store.load(app.local_id).applicant == app.applicant  # still opens
        loaded.form_data["phone"] = "13900000000"  # personal data changed: sealed again
        store.save(loaded)
        assert store.seals == sealed + 1
        assert store.load(app.local_id).form_data["phone"] == "13900000000"
