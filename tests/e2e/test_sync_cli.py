"""`hall-sync` and `hall-central` as a technician runs them: status, a USB bundle, import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from central.platform import Platform
from sync.outbox import Outbox
from tests.helpers.clock import ManualClock
from tests.helpers.keys import new_store
from tests.helpers.outbox import deliver, evaluation, hold, queue

BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def test_status_export_and_central_import(tmp_path: Path, clock: ManualClock) -> None:
    data = tmp_path / "station"
    data.mkdir()
    db = data / "store.sqlite"
    with new_store(db, clock) as s:
        queue(s, clock, [b"scan" * 5000])
        s.save_evaluation(evaluation(clock))
    status = run(str(BIN / "hall-sync"), "status", "--db", str(db))
    assert status.returncode == 0, status.stderr
    assert "application:pending\t1" in status.stdout
    assert "waiting: 2" in status.stdout

    central_dir = tmp_path / "central"
    enrol = run(
        str(BIN / "hall-central"),
        "terminal",
        "add",
        "K0001",
        "--role",
        "counter",
        "--data-dir",
        str(central_dir),
    )
    assert enrol.returncode == 0, enrol.stderr
    secret = tmp_path / "secret"
    secret.write_text(enrol.stdout.strip().splitlines()[-1])
    usb = tmp_path / "usb"
    export = run(
        str(BIN / "hall-sync"),
        "export",
        "--db",
        str(db),
        "--to",
        str(usb),
        "--terminal",
        "K0001",
        "--secret-file",
        str(secret),
    )
    assert export.returncode == 0, export.stderr
    assert "1 applications, 1 evaluations" in export.stdout
    [bundle] = list(usb.glob("*.htb"))
    imported = run(str(BIN / "hall-central"), "import", str(bundle), "--data-dir", str(central_dir))
    assert imported.returncode == 0, imported.stderr
    doc = json.loads(imported.stdout)
    assert (doc["applications_new"], doc["evaluations_new"]) == (1, 1)
    again = json.loads(
        run(str(BIN / "hall-central"), "import", str(bundle), "--data-dir", str(central_dir)).stdout
    )
    assert again["applications_known"] == 1
    assert Platform(central_dir).counts()["applications"] == 1

    missing = run(str(BIN / "hall-sync"), "status", "--db", str(tmp_path / "nope.sqlite"))
    assert missing.returncode == 2
    assert "找不到本机数据" in missing.stderr


def test_retry_releases_what_the_platform_refused_and_what_a_crash_left_held(
    tmp_path: Path, clock: ManualClock
) -> None:
    from core.application import Status

    db = tmp_path / "station" / "store.sqlite"
    db.parent.mkdir()
    with new_store(db, clock) as s:
        refused, crashed = queue(s, clock, [b"x"]), queue(s, clock, [b"y"])
        hold(s, clock, refused, "422 表单字段 phone 格式错误")
        # what a crash between two commits left behind in an older version: the platform's
        # number stored, the outbox row held
        deliver(s, clock, crashed, "36990100000001012026113000001")
        s.conn.execute(
            "UPDATE outbox SET state = 'held' WHERE ref_id = ?", (str(crashed.local_id),)
        )
    held = run(str(BIN / "hall-sync"), "held", "--db", str(db))
    assert "phone 格式错误" in held.stdout
    again = run(str(BIN / "hall-sync"), "retry", str(refused.local_id), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "queued again" in again.stdout
    done = run(str(BIN / "hall-sync"), "retry", str(crashed.local_id), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "was delivered as 36990100000001012026113000001" in done.stdout
    with new_store(db, clock) as s:
        states = {i.ref_id: i.state for i in Outbox(s).items()}
        assert states == {str(refused.local_id): "pending", str(crashed.local_id): "delivered"}
        assert s.load(refused.local_id).status is Status.QUEUED
