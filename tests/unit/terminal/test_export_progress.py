"""导出进度: how far an export is and about how long is left, as the agent reads it."""

from __future__ import annotations

from terminal.bundles import export_progress_text


def test_the_time_left_is_told_once_the_pace_is_known() -> None:
    assert export_progress_text(0, 1000, 0.0) == "正在导出… 0%"
    assert export_progress_text(10, 1000, 0.5) == "正在导出… 1%"  # too early to tell
    assert export_progress_text(250, 1000, 4.0) == "正在导出… 25%，约剩 12 秒"
    assert export_progress_text(100, 1000, 20.0) == "正在导出… 10%，约剩 3 分钟"
    assert export_progress_text(3 << 30, 3 << 30, 30.0) == "正在导出… 100%"  # past 32 bits
    assert export_progress_text(0, 0, 1.0) == "正在导出… 100%"  # nothing to write
