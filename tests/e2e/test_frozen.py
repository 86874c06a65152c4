"""The PyInstaller bundle builds from build.spec and passes the technician's self-test of
both apps (smoke test): the catalogue and its search, the touch keyboard's QML, English, the
font, the sealed store and the printer libraries — everything a walk proved, without the walks
(tooling, not shipped)."""

from __future__ import annotations

import os
import re
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
    built = tmp_path / "dist" / "hall-terminal"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "PYTHONPATH")}
    env["QT_QPA_PLATFORM"] = "offscreen"

    def frozen(*command: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
        """A command of the bundle, run from outside the source tree (it must not import
        from it), offscreen."""
        return subprocess.run(
            list(command),
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    # the Debian package of the bundle, as a technician installs it: its files, modes, units
    # and maintainer scripts, then its commands run from the unpacked package
    deb_py = [sys.executable, "packaging/deb.py"]
    made = subprocess.run(
        # uncompressed: xz takes a minute here; `make bundle` compresses
        [*deb_py, str(built), "--out", str(tmp_path / "deb"), "--uncompressed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert made.returncode == 0, made.stderr[-3000:]
    (deb,) = (tmp_path / "deb").glob("hall-terminal_*.deb")
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    # the version in versions/<v>, current → it (a signed update installs beside it)
    version = re.search(r"\./opt/hall-terminal/current -> versions/(\S+)\n", listing)
    assert version, listing[:3000]
    here = f"./opt/hall-terminal/versions/{version.group(1)}"
    for command in ("hall-kiosk", "hall-counter", "hall-display", "hall-sync", "hall-devices"):
        assert f"./usr/bin/{command} -> /opt/hall-terminal/current/{command}" in listing
        assert re.search(rf"-rwxr-xr-x root/root .* {here}/{command}\n", listing)
    for unit in ("lib/systemd/system/hall-kiosk.service", "lib/systemd/system/hall-sync.service",
                 "lib/systemd/system/hall-display.service",
                 "lib/systemd/system/hall-update.service", "lib/systemd/system/hall-update.timer",
                 "usr/lib/systemd/user/hall-counter.service"):  # fmt: skip
        assert re.search(rf"-rw-r--r-- root/root .* ./{unit}\n", listing), unit
    assert "./usr/share/doc/hall-terminal/examples/kiosk.toml" in listing
    info = subprocess.run(
        ["dpkg-deb", "--info", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    for script in ("postinst", "prerm", "postrm"):
        assert re.search(rf"\d+ bytes, +\d+ lines +\* +{script} +#!/bin/sh", info), info
    assert "Package: hall-terminal" in info
    unpacked = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    kiosk_unit = (unpacked / "lib/systemd/system/hall-kiosk.service").read_text()
    assert "Type=notify" in kiosk_unit
    assert "WatchdogSec=" in kiosk_unit
    assert "Restart=always" in kiosk_unit
    bundle = unpacked / "opt" / "hall-terminal" / "current"
    example = unpacked / "usr/share/doc/hall-terminal/examples/kiosk.toml"
    checked = frozen(str(bundle / "hall-devices"), "config", "check", str(example))
    assert checked.returncode == 0, checked.stdout + checked.stderr[-2000:]
    assert "ok — kiosk KIOSK-0001" in checked.stdout
    for tool in ("hall-sync", "hall-display"):
        helped = frozen(str(bundle / tool), "--help")
        assert helped.returncode == 0, tool + helped.stderr[-2000:]
        assert helped.stdout.startswith(f"usage: {tool}")

    catalogue = tmp_path / "catalogue.sqlite"
    shutil.copy(demo_catalogue, catalogue)
    kiosk = frozen(
        str(bundle / "hall-kiosk"),
        "--region",
        "369901001000",
        "--hall-name",
        "示范市青山区光明街道便民服务中心",
        "--catalogue",
        str(catalogue),
        "--self-test",
        str(tmp_path),
        timeout=300,
    )
    assert kiosk.returncode == 0, kiosk.stdout + kiosk.stderr[-3000:]
    assert "ok   search sfz: 居民身份证申领" in kiosk.stdout
    # the touch keyboard's QML (with Pinyin) is in the bundle and loads
    assert "ok   touch keyboard: loaded" in kiosk.stdout, kiosk.stderr[-3000:]
    assert "touch keyboard unavailable" not in kiosk.stderr, kiosk.stderr[-3000:]
    # the translations and the font are in the bundle
    assert "ok   English: loaded" in kiosk.stdout
    assert (tmp_path / "self-test-start.png").stat().st_size > 10_000
    assert (tmp_path / "self-test-start-en.png").stat().st_size > 10_000

    counter = frozen(str(bundle / "hall-counter"), "--help")
    assert counter.returncode == 0
    assert counter.stdout.startswith("usage: hall-counter")

    # The counter in the bundle: sealed store (cryptography), printer (python-escpos, qrcode,
    # Pillow with the CJK font) — the self-test's worklist and test page exercise them all.
    from tests.helpers.clock import ManualClock
    from tests.helpers.outbox import queue

    data = tmp_path / "station"
    data.mkdir()
    keys = tmp_path / "keys"
    env["HALL_KEY_DIR"] = str(keys)
    monkeypatch.setenv("HALL_KEY_DIR", str(keys))  # the same master key for both sides
    with new_store(data / "store.sqlite", ManualClock()) as s:
        queue(s, ManualClock(), [b"scan"])  # one sealed application with a scan
    shutil.copy(demo_catalogue, data / "catalogue.sqlite")  # what the first sync brings
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
    frozen_counter = frozen(
        str(bundle / "hall-counter"),
        "--config",
        str(data / "hall.toml"),
        "--self-test",
        str(tmp_path),
        timeout=300,
    )
    assert frozen_counter.returncode == 0, frozen_counter.stdout + frozen_counter.stderr[-3000:]
    assert "ok   store: 1 applications in the worklist" in frozen_counter.stdout
    assert "ok   catalogue: ready" in frozen_counter.stdout
    assert "ok   printer: test page" in frozen_counter.stdout
    assert (data / "printer.bin").stat().st_size > 500
