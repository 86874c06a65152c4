"""电子监察's warnings (issue 26): an accepted 办件 by the calendar held turns yellow before its
promised limit and red when overdue — each raised once, none again after a restart; a period
into a year without calendar data is counted as 日历缺失, not guessed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from central.platform import Platform
from core.supervision.calendar import load_calendar
from tests.helpers.samples import simple_item

ROOT = Path(__file__).resolve().parents[2]
ITEM = simple_item(legal_limit_days=20, promised_limit_days=10)


def _platform(data: Path) -> Platform:
    platform = Platform(data)
    platform.catalogue_item = lambda code: ITEM if code == ITEM.impl_code else None
    return platform


def _accepted(platform: Platform, official: str, at: str) -> None:
    with platform.db.transaction() as c:
        c.execute(
            "INSERT INTO applications VALUES ('K1', ?, 'sha', ?, ?, 'accepted', '{}', ?, ?)",
            (official, official, ITEM.impl_code, at, at),
        )
        c.execute(
            "INSERT INTO progress (terminal_id, idem_key, official_number, status, at)"
            " VALUES ('K1', ?, ?, 'accepted', ?)",
            (official, official, at),
        )


def test_yellow_then_red_each_once_and_never_again_after_a_restart(tmp_path: Path) -> None:
    platform = _platform(tmp_path)
    platform.set_calendar(load_calendar(ROOT / "assets" / "calendar" / "cn-workdays.toml"))
    _accepted(platform, "N1", "2026-03-02T02:00:00+00:00")  # accepted on Monday 2 March (CST)
    _accepted(platform, "N2", "2026-12-28T02:00:00+00:00")  # its period runs into 2027
    assert platform.supervise(date(2026, 3, 3))["raised"] == []  # green
    yellow = platform.supervise(date(2026, 3, 11))
    assert [(w["official_number"], w["level"]) for w in yellow["raised"]] == [("N1", "yellow")]
    assert yellow["raised"][0]["due"] == "2026-03-16"
    assert yellow["calendar_missing"] == 1  # N2: 日历缺失, not guessed
    assert platform.supervise(date(2026, 3, 12))["raised"] == []  # raised once
    red = platform.supervise(date(2026, 3, 17))
    assert [(w["official_number"], w["level"]) for w in red["raised"]] == [("N1", "red")]
    again = _platform(tmp_path)  # the platform restarted
    assert again.supervise(date(2026, 3, 18))["raised"] == []
    kept = again.db.conn.execute("SELECT level, doc FROM supervision_warnings ORDER BY seq")
    levels = [(level, json.loads(doc)["rule"]) for level, doc in kept]
    assert levels == [("yellow", "SX-01 临近办结时限"), ("red", "SX-02 超过办结时限")]
