"""The PyInstaller bundle builds from build.spec and runs a scripted journey (smoke test)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_bundle_builds_and_runs(tmp_path: Path, demo_catalogue: Path) -> None:
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
        timeout=900,
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
    assert (tmp_path / "kiosk-guide.png").stat().st_size > 10_000

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
