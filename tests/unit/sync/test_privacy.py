"""Personal data at rest: sealed, findable in no file in clear, purged by destroying keys."""

from __future__ import annotations

import io
import logging
import os
import shutil
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from core.application import Applicant, Application, Attachment, Channel, Status
from core.errors import StorageError
from core.evaluation import Evaluation, EvaluationChannel, Satisfaction
from core.ids import provisional_receipt_number, uuid7
from sync.crypto import (
    SEGMENT,
    DecryptionError,
    KeyRing,
    SealingWriter,
    new_key,
    open_segment,
    open_stream,
    seal,
    seal_stream,
    sealed_size,
    unseal,
)
from sync.store import LocalStore
from tests.helpers.clock import ManualClock
from tests.helpers.keys import keyring, new_store

FIXTURES = Path(__file__).parents[2] / "fixtures" / "db"
MARKER = "标记MARKER-7f3a9c"


def _files_containing(root: Path, needle: str) -> list[Path]:
    patterns = [needle.encode(), needle.encode("utf-16-le"), needle.encode("gb18030")]
    ascii_part = b"MARKER-7f3a9c"
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(p in data for p in (*patterns, ascii_part)):
                hits.append(path)
    return hits


def _app(clock: ManualClock, name: str = "张三") -> Application:
    lid = uuid7(clock.now())
    return Application(
        local_id=lid,
        receipt_number=provisional_receipt_number("K1", clock.now(), lid),
        item_impl_code="3699010000000101001",
        item_version=1,
        item_name="居民身份证申领",
        channel=Channel.COUNTER,
        applicant=Applicant(name, "110101199001010031", "resident", "13812345678", "示范路1号"),
        created_at=clock.now(),
        terminal_id="C1",
        form_data={"remark": MARKER},
    )


def test_a_planted_marker_is_in_no_file_before_or_after_purge(
    tmp_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    data = tmp_path / "data"
    data.mkdir()
    keys = tmp_path / "keys" / "master.key"
    scan = (b"JPEG" + MARKER.encode() + bytes(3000)) * 700  # ~2.1 MB: several segments
    with new_store(data / "store.sqlite", clock, keyring(keys)) as s:
        app = _app(clock, name=MARKER)
        app.applicant = replace(app.applicant, address=MARKER)
        sha, size = s.put_scans(app.local_id, [scan])[0]
        app.attachments = [Attachment("hukou", sha, 1, "image/jpeg", size)]
        app.advance(Status.QUEUED, clock.now())
        s.save(app)
        s.save_evaluation(
            Evaluation(
                local_id=uuid7(clock.now()),
                satisfaction=Satisfaction.DISSATISFIED,
                channel=EvaluationChannel.HALL_TABLET,
                at=clock.now(),
                terminal_id="C1",
                application_id=app.local_id,
                comment=f"排队太久 {MARKER}",
            )
        )
        assert s.load(app.local_id).applicant.name == MARKER  # it is all there, sealed
        assert s.read_scan(app.local_id, sha, size) == scan
        assert _files_containing(data, MARKER) == []
        assert _files_containing(keys.parent, MARKER) == []

        app.advance(Status.DELIVERING, clock.now())
        app.deliver("X-1", clock.now())
        s.save(app)
        clock.advance(31 * 86400)
        assert s.purge_due(retention_days=30) == [app.local_id]
        purged = s.load(app.local_id)
        assert purged.applicant.name == ""
        assert purged.official_number == "X-1"  # the non-personal record stays
        assert not (data / "blobs" / str(app.local_id)).exists()
        assert (
            s.conn.execute(
                "SELECT count(*) FROM data_keys WHERE local_id = ?", (str(app.local_id),)
            ).fetchone()[0]
            == 0
        )
        assert s.summaries()[0].applicant_masked == "（已清除）"
    assert _files_containing(data, MARKER) == []
    assert MARKER not in caplog.text
    assert "purged personal data" in caplog.text


def test_legacy_clear_rows_are_sealed_and_scrubbed(tmp_path: Path, clock: ManualClock) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURES / "store-v1.sqlite", data / "store.sqlite")
    assert b"110101199001010031" in (data / "store.sqlite").read_bytes()
    with new_store(data / "store.sqlite", clock, keyring(tmp_path / "k" / "m.key")) as s:
        assert s.sealed_legacy == 2
        assert s.load(s.ids()[0]).applicant.name == "张三"
    for f in data.rglob("*"):
        if f.is_file():
            assert b"110101199001010031" not in f.read_bytes(), f


def test_other_connections_do_not_sweep_an_application_being_queued(
    tmp_path: Path, clock: ManualClock
) -> None:
    ring = keyring(tmp_path / "k" / "m.key")
    (tmp_path / "d").mkdir()
    with new_store(tmp_path / "d" / "s.sqlite", clock, ring, sweep=True) as app_store:
        app = _app(clock)
        sha, size = app_store.put_scans(app.local_id, [b"scan being queued"])[0]
        # a technician runs `hall-sync status` meanwhile
        with new_store(tmp_path / "d" / "s.sqlite", clock, ring) as other:
            assert other.swept == []
        app.attachments = [Attachment("hukou", sha, 1, "image/jpeg", size)]
        app.advance(Status.QUEUED, clock.now())
        app_store.save(app)
        assert app_store.read_scan(app.local_id, sha, size) == b"scan being queued"


def test_unsaved_scans_are_swept_at_start(tmp_path: Path, clock: ManualClock) -> None:
    ring = keyring(tmp_path / "k" / "m.key")
    with _store(tmp_path, clock, ring) as s:
        orphan = uuid.uuid4()
        s.put_scans(orphan, [b"a scan whose application never committed"])
        (s.blobs.tmp / "half.part").write_bytes(b"cut by a power failure")
    with _store(tmp_path, clock, ring) as s:
        assert sorted(s.swept) == sorted([str(orphan), "half.part"])
        assert s.conn.execute("SELECT count(*) FROM data_keys").fetchone()[0] == 0


def _store(tmp_path: Path, clock: ManualClock, ring: KeyRing) -> LocalStore:
    (tmp_path / "d").mkdir(exist_ok=True)
    return new_store(tmp_path / "d" / "s.sqlite", clock, ring, sweep=True)


def test_queueing_refuses_an_application_whose_scan_is_missing(
    tmp_path: Path, clock: ManualClock
) -> None:
    with _store(tmp_path, clock, keyring(tmp_path / "k" / "m.key")) as s:
        app = _app(clock)
        app.attachments = [Attachment("hukou", "ab" * 32, 1, "image/jpeg", 10)]
        app.advance(Status.QUEUED, clock.now())
        with pytest.raises(StorageError):
            s.save(app)
        assert s.ids() == []


def test_key_beside_the_data_is_refused(tmp_path: Path, clock: ManualClock) -> None:
    with pytest.raises(StorageError) as err:
        new_store(tmp_path / "s.sqlite", clock, keyring(tmp_path / "master.key"))
    assert "同一目录" in err.value.user_message


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k" / "m.key"
    KeyRing.create(path)
    assert (path.stat().st_mode & 0o777) == 0o600
    path.chmod(0o644)
    with pytest.raises(StorageError) as err:
        KeyRing(path)
    assert "chmod 600" in str(err.value)


def test_sealed_values_detect_tampering_and_wrong_keys() -> None:
    key = new_key()
    blob = seal(key, b"secret", b"aad")
    assert unseal(key, blob, b"aad") == b"secret"
    with pytest.raises(DecryptionError):
        unseal(key, blob, b"other aad")
    with pytest.raises(DecryptionError):
        unseal(new_key(), blob, b"aad")
    with pytest.raises(DecryptionError):
        unseal(key, blob[:-1] + bytes([blob[-1] ^ 1]), b"aad")


@pytest.mark.parametrize("size", [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT + 5])
def test_sealed_files_round_trip_by_segment(size: int) -> None:
    key = new_key()
    data = os.urandom(size)
    out = io.BytesIO()
    assert seal_stream(key, io.BytesIO(data), out, b"f") == size
    assert len(out.getvalue()) == sealed_size(size)
    assert b"".join(open_stream(key, io.BytesIO(out.getvalue()), b"f", size)) == data
    last = max((size + SEGMENT - 1) // SEGMENT, 1) - 1
    assert open_segment(key, io.BytesIO(out.getvalue()), b"f", last, size) == data[last * SEGMENT :]


def test_truncated_or_reordered_segments_do_not_open() -> None:
    key = new_key()
    data = os.urandom(2 * SEGMENT + 10)
    out = io.BytesIO()
    seal_stream(key, io.BytesIO(data), out, b"f")
    sealed = out.getvalue()
    # Cut after the first full segment and claim it is the whole file: the "last" flag differs.
    seg = len(sealed) - 4 - (sealed_size(len(data)) - 4 - sealed_size(SEGMENT) + 4)
    with pytest.raises(DecryptionError):
        open_segment(key, io.BytesIO(sealed[: 4 + seg]), b"f", 0, SEGMENT)
    # Swap segments 0 and 1.
    body = sealed[4:]
    one = (len(body) - (len(data) - 2 * SEGMENT) - 32) // 2
    swapped = sealed[:4] + body[one : 2 * one] + body[:one] + body[2 * one :]
    with pytest.raises(DecryptionError):
        open_segment(key, io.BytesIO(swapped), b"f", 0, len(data))


@pytest.mark.parametrize("size", [0, 5, SEGMENT, SEGMENT + 1, 3 * SEGMENT])
@pytest.mark.parametrize("piece", [1000, SEGMENT // 3, SEGMENT + 7])
def test_sealing_writer_matches_the_sealed_file_format(size: int, piece: int) -> None:
    key = new_key()
    data = os.urandom(size)
    out = io.BytesIO()
    writer = SealingWriter(key, out, b"w")
    for i in range(0, size, piece):
        writer.write(data[i : i + piece])
    assert writer.close() == size
    assert len(out.getvalue()) == sealed_size(size)
    assert b"".join(open_stream(key, io.BytesIO(out.getvalue()), b"w", size)) == data


def test_a_wrong_master_key_is_named_as_such(tmp_path: Path, clock: ManualClock) -> None:
    from core.errors import WrongMasterKey

    (tmp_path / "d").mkdir()
    with _store(tmp_path, clock, keyring(tmp_path / "k" / "a.key")) as s:
        app = _app(clock)
        app.advance(Status.QUEUED, clock.now())
        s.save(app)
    with pytest.raises(WrongMasterKey) as err:
        _store(tmp_path, clock, keyring(tmp_path / "k" / "b.key"))
    assert "密钥错误" in err.value.user_message
    assert "b.key" in err.value.detail


def test_a_missing_master_key_is_never_made_silently(tmp_path: Path, clock: ManualClock) -> None:
    from core.errors import MasterKeyMissing

    with pytest.raises(MasterKeyMissing) as err:
        KeyRing(tmp_path / "k" / "m.key")
    assert "hall-sync store init" in err.value.detail
    assert not (tmp_path / "k" / "m.key").exists()
    KeyRing.create(tmp_path / "k" / "m.key")
    with pytest.raises(StorageError):
        KeyRing.create(tmp_path / "k" / "m.key")  # never replaced
