"""`hall-central calendar` (issue 26): the due date of a period by the calendar the platform
holds, 日历缺失 before one is loaded and for a year it has no data for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _central(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central", "calendar", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_due_dates_by_the_loaded_calendar_and_never_a_guess(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "central")]
    before = _central("due", "--from", "2026-09-28", "--days", "5", *data)
    assert before.returncode == 2
    assert "日历缺失" in before.stderr
    loaded = _central("load", str(ROOT / "assets" / "calendar" / "cn-workdays.toml"), *data)
    assert loaded.returncode == 0, loaded.stderr
    assert "years 2025, 2026" in loaded.stdout
    due = _central("due", "--from", "2026-09-28", "--days", "5", *data)
    assert (due.returncode, due.stdout.strip()) == (0, "2026-10-10")  # across 国庆
    beyond = _central("due", "--from", "2026-12-25", "--days", "10", *data)
    assert beyond.returncode == 2
    assert "2027年" in beyond.stderr
