"""The PyInstaller bundle builds from build.spec and runs a scripted journey (smoke test)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.keys import new_store

# Slow: left out of the fast lane (make check). pytest-timeout's 300 s a test (pyproject.toml)
# is raised above the build's own limit so that limit speaks first.
BUILD_LIMIT = 900
pytestmark = [pytest.mark.slow, pytest.mark.timeout(BUILD_LIMIT + 300)]
ROOT = Path(__file__).parents[2]


def test_bundle_builds_and_runs(
    tmp_path: Path, demo_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    build = subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            "build.spec",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_LIMIT,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    bundle = tmp_path / "dist" / "hall-terminal"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "PYTHONPATH")}
    env["QT_QPA_PLATFORM"] = "offscreen"

    catalogue = tmp_path / "catalogue.sqlite"
    shutil.copy(demo_catalogue, catalogue)
    kiosk = subprocess.run(
        [str(bundle / "hall-kiosk"), "--catalogue", str(catalogue), "--screenshot", str(tmp_path)],
        cwd=tmp_path,  # not the source tree: the bundle must not import from it
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert kiosk.returncode == 0, kiosk.stderr[-3000:]
    assert "sfz: 居民身份证申领" in kiosk.stdout
    # the touch keyboard's QML (with Pinyin) is in the bundle and loads
    assert "touch keyboard unavailable" not in kiosk.stderr, kiosk.stderr[-3000:]
    assert (tmp_path / "kiosk-05-guide.png").stat().st_size > 10_000
    # the translations are in the bundle: the walk's second pass ran in English
    assert "English screens checked for words left in Chinese" in kiosk.stdout
    assert (tmp_path / "kiosk-en-05-guide.png").stat().st_size > 10_000

    counter = subprocess.run(
        [str(bundle / "hall-counter"), "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert counter.returncode == 0
    assert counter.stdout.startswith("usage: hall-counter")

    # The counter in the bundle: sealed store (cryptography), printer (python-escpos, qrcode,
    # Pillow with the CJK font) — a worklist reprint exercises them all.
    from core.staff import hash_password
    from tests.helpers.clock import ManualClock
    from tests.helpers.outbox import queue

    data = tmp_path / "station"
    data.mkdir()
    keys = tmp_path / "keys"
    env["HALL_KEY_DIR"] = str(keys)
    monkeypatch.setenv("HALL_KEY_DIR", str(keys))  # the same master key for both sides
    with new_store(data / "store.sqlite", ManualClock()) as s:
        app = queue(s, ManualClock(), [b"scan"])
        # the staff list a first sync brings (the station signs in offline with it)
        s.put_staff(
            1,
            [
                {
                    "number": "A0123",
                    "name": "王芳",
                    "role": "clerk",
                    "hall": "",
                    "enabled": True,
                    "password_hash": hash_password("Wangfang2026", log_n=10),
                }
            ],
        )
    env["HALL_DEMO_SIGN_IN"] = "A0123:Wangfang2026"
    (data / "hall.toml").write_text(
        f"""[terminal]
id = "C0001"
role = "counter"
region_code = "369901001000"
hall_name = "示范市青山区光明街道便民服务中心"

[storage]
data_dir = "."

[devices.printer]
type = "file"
port = "{data / "printer.bin"}"
""",
        encoding="utf-8",
    )
    frozen_counter = subprocess.run(
        [
            str(bundle / "hall-counter"),
            "--config",
            str(data / "hall.toml"),
            "--screenshot",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert frozen_counter.returncode == 0, frozen_counter.stderr[-3000:]
    assert f"receipt of {app.receipt_number} reprinted" in frozen_counter.stdout
    assert (data / "printer.bin").stat().st_size > 500
