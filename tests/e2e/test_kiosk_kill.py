"""A kiosk killed mid-journey (kill -9: a crash, a power cut) and started again as its systemd
unit starts it (Restart=always: `hall-kiosk --config …`): it comes back on its welcome screen, the
citizen's session gone, and the application it had queued is in its store and reaches the
platform exactly once. The platform is down while the citizen applies (the kiosk queues
offline) and up after the restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.clock import SystemClock
from core.settings import load_settings
from sync.outbox import Outbox
from sync.paths import DataPaths
from tests.helpers.central import free_port, running_central

ROOT = Path(__file__).resolve().parents[2]
DRIVER = [sys.executable, "-m", "tests.helpers.kiosk_driver"]


def _settings(tmp: Path, port: int, secret: str) -> Path:
    (tmp / "etc").mkdir()
    (tmp / "etc" / "terminal.secret").write_text(secret)
    config = tmp / "etc" / "hall.toml"
    config.write_text(
        f"""
[terminal]
id = "K0001"
role = "kiosk"
region_code = "369901001000"
hall_name = "示范市政务服务中心"

[platform]
url = "http://127.0.0.1:{port}"
secret_file = "terminal.secret"
sync_interval = 1

[storage]
data_dir = "{tmp / "var"}"
key_file = "{tmp / "etc" / "master.key"}"

[kiosk]
virtual_keyboard = false
voice = false

[devices.idcard]
type = "none"

[devices.camera]
type = "synthetic"

[devices.printer]
type = "file"
port = "{tmp / "printer.escpos"}"
""",
        encoding="utf-8",
    )
    return config


def _line(process: subprocess.Popen[str], prefix: str, seconds: float, within: str = "") -> str:
    """The first line the process prints that starts with ``prefix`` (and holds ``within``)."""
    assert process.stdout is not None
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        line = process.stdout.readline()
        if line.startswith(prefix) and within in line:
            return line.strip()
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"no {prefix!r} line (its log: {prefix.strip().lower()}.log)")


def _kiosk(mode: str, config: Path) -> subprocess.Popen[str]:
    """``journey``: the driver walks a citizen to the rating screen; ``restart``: the kiosk's
    own command, as its unit starts it (its log lines on stdout, to be read)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [*DRIVER, mode, str(config)]
    if mode == "restart":
        command = [
            str(Path(sys.executable).parent / "hall-kiosk"),
            "--config",
            str(config),
            "--windowed",
        ]
    with open(config.parent.parent / f"{mode}.log", "w") as log:  # the child keeps its copy
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if mode == "restart" else log,
            text=True,
        )


def _stop(process: subprocess.Popen[str], sig: int) -> None:
    process.send_signal(sig)
    process.wait(20)
    assert process.stdout is not None
    process.stdout.close()


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_a_kiosk_killed_mid_journey_restarts_on_its_welcome_screen_with_its_queue_intact(
    tmp_path: Path, demo_catalogue: Path, expected_warnings: None
) -> None:
    port = free_port()
    with running_central(tmp_path / "central", demo_catalogue, port=port) as central:
        secret = central.platform.add_terminal("K0001", role="kiosk", hall="H01")
    config = _settings(tmp_path, port, secret)
    paths = DataPaths.from_settings(load_settings(config))
    paths.initialise()
    (tmp_path / "var").mkdir(exist_ok=True)
    paths.catalogue.write_bytes(demo_catalogue.read_bytes())  # synced before: not downloaded

    journey = _kiosk("journey", config)  # the platform is down: the kiosk queues offline
    queued = _line(journey, "QUEUED ", 120).split()
    receipt, local_id = queued[1], queued[2]
    _stop(journey, signal.SIGKILL)  # the citizen at the rating screen
    assert journey.returncode == -signal.SIGKILL

    with paths.open_store(SystemClock()) as store:
        waiting = Outbox(store).status()
        # the application, waiting (pending, or tried while the platform was down); no rating
        assert waiting.depth == 1, waiting.counts
        [(kind, state)] = waiting.counts
        assert (kind, state) in {("application", "pending"), ("application", "delivering")}
        assert store.integrity_ok()

    with running_central(tmp_path / "central", demo_catalogue, port=port) as central:
        restarted = _kiosk("restart", config)  # as systemd's Restart=always does: again
        try:
            # its welcome screen first, then the kiosk behind it, on that screen
            assert "welcome screen shown" in _line(restarted, "", 120, "welcome screen shown")
            assert "kiosk ready" in _line(restarted, "", 120, "kiosk ready")
            rows: list[tuple[str, str]] = []
            end = time.monotonic() + 60
            while time.monotonic() < end and not rows:
                rows = central.platform.db.conn.execute(
                    "SELECT idem_key, json_extract(doc, '$.receipt_number') FROM applications"
                ).fetchall()
                time.sleep(0.2)
        finally:
            _stop(restarted, signal.SIGTERM)
    assert len(rows) == 1, rows  # delivered once
    assert rows[0] == (local_id, receipt), (rows, local_id, receipt)
