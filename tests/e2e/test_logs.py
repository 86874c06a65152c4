"""The terminal's logs: JSON lines in its data folder with its id and version, rotating,
personal data never in them — a whole delivery and look-up scanned for the applicant's ID
number, name, phone and address — and read back by a technician with `hall-sync logs`."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync import logs
from sync.client import Credentials, PlatformClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests.helpers.central import RunningCentral, fleet
from tests.helpers.clock import ManualClock
from tests.helpers.outbox import evaluation, queue

#: the applicant of tests.helpers.outbox.queue
PERSONAL = ("110101199001010031", "13812345678", "张三", "示范路1号")


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[Path]:
    level = logging.getLogger().level
    path = logs.setup_logging(tmp_path / "data", "sync", "K0001", console=False)
    yield path
    logs.close_logging()
    logging.getLogger().setLevel(level)


def test_a_delivery_and_a_look_up_log_no_personal_data(
    central: RunningCentral, store: LocalStore, clock: ManualClock, logged: Path
) -> None:
    app = queue(store, clock, [b"a scan " * 1000])
    store.save_evaluation(evaluation(clock, app))
    client = PlatformClient(central.url, Credentials("K0001", central.enrol("K0001")))
    assert SyncWorker(store, client).run_once().delivered == 2
    assert client.lookup(id_number=PERSONAL[0])
    client.close()
    lines = [json.loads(x) for x in logged.read_text(encoding="utf-8").splitlines()]
    assert lines, "the delivery logged nothing"
    assert {(x["app"], x["terminal"]) for x in lines} == {("sync", "K0001")}
    assert all(x["version"] for x in lines)
    text = logged.read_text(encoding="utf-8")
    for datum in PERSONAL:
        assert datum not in text


def test_personal_data_that_reaches_a_log_is_masked_even_in_a_traceback(
    logged: Path, expected_warnings: None
) -> None:
    log = logging.getLogger("hall.test")
    log.warning("card %s read, phone %s", "110101199001010031", "13812345678")
    try:
        raise ValueError("bad number 11010119900101003X")
    except ValueError:
        log.exception("failed")
    text = logged.read_text(encoding="utf-8")
    assert "1101**********0031" in text
    assert "138****5678" in text
    assert "1101**********003X" in text
    assert "110101199001010031" not in text
    assert "13812345678" not in text
    assert "11010119900101003X" not in text


def test_logs_rotate_and_a_technician_reads_them_since_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 4000)
    level = logging.getLogger().level
    data = tmp_path / "data"
    path = logs.setup_logging(data, "kiosk", "K0007", console=False)
    try:
        for i in range(300):
            logging.getLogger("hall.kiosk").info("step %d of the journey", i)
    finally:
        logs.close_logging()
        logging.getLogger().setLevel(level)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["kiosk.log", *(f"kiosk.log.{n}" for n in range(1, logs.BACKUPS + 1))]
    kept = list(logs.read_logs(data, datetime.now(UTC) - timedelta(hours=1)))
    numbers = [int(x["message"].split()[1]) for x in kept]
    assert numbers == sorted(numbers)  # in time order across the rotated files
    assert numbers[-1] == 299
    assert list(logs.read_logs(data, datetime.now(UTC) + timedelta(minutes=1))) == []
    done = subprocess.run(
        [sys.executable, "-m", "sync", "logs", "--data-dir", str(data), "--since", "2h"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "kiosk INFO hall.kiosk: step 299 of the journey" in done.stdout


def test_since_takes_a_span_or_a_china_time() -> None:
    now = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    assert logs.parse_since("30m", now) == now - timedelta(minutes=30)
    assert logs.parse_since("2d", now) == now - timedelta(days=2)
    assert logs.parse_since("2026-12-05T15:00", now) == datetime(2026, 12, 5, 7, 0, tzinfo=UTC)


def test_a_crash_report_with_the_last_log_lines_reaches_the_fleet_once(
    central: RunningCentral, store: LocalStore, tmp_path: Path
) -> None:
    """An app's uncaught error leaves a report (its traceback masked, its last log lines);
    the next heartbeat carries it to the platform, whose fleet view shows it; sent once."""
    import subprocess as sp

    data = Path(store.path).parent
    code = (
        "import logging, sys\n"
        "from pathlib import Path\n"
        "from sync.logs import install_crash_reports, setup_logging\n"
        f"data = Path({str(data)!r})\n"
        "setup_logging(data, 'kiosk', 'K0001', console=False)\n"
        "install_crash_reports(data, 'kiosk')\n"
        "logging.getLogger('kiosk').info('session started')\n"
        "raise RuntimeError('card 110101199001010031 could not be read')\n"
    )
    crashed = sp.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert crashed.returncode == 1
    assert "RuntimeError" in crashed.stderr  # the usual handling still happens
    worker = SyncWorker(
        store, PlatformClient(central.url, Credentials("K0001", central.enrol("K0001")))
    )
    worker.heartbeat()
    [me] = [t for t in fleet(central) if t["id"] == "K0001"]
    assert me["crashes"] == 1
    crash = me["last_crash"]
    assert crash["app"] == "kiosk"
    assert "RuntimeError: card 1101**********0031 could not be read" in crash["error"]
    assert any("session started" in line for line in crash["log_tail"])
    assert "110101199001010031" not in json.dumps(crash)
    assert not list((data / "logs").glob("crash-*.json"))  # sent: gone from the terminal
    worker.heartbeat()  # not sent again
    assert [t["crashes"] for t in fleet(central) if t["id"] == "K0001"] == [1]
