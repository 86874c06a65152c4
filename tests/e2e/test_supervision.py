"""电子监察's warnings (issue 26): an accepted 办件 by the calendar held turns yellow before its
promised limit and red when overdue — each raised once, none again after a restart; a period
into a year without calendar data is counted as 日历缺失, not guessed."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from central.base import PlatformError
from central.platform import Platform
from core.clock import CST
from core.supervision.calendar import WorkCalendar, YearArrangement, load_calendar
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
    # 办结 after the limit: the clock stops, each record gets its result
    again.set_status("N1", "completed", "办结")
    results = [r["result"] for r in again.supervision_records("N1")]
    assert len(results) == 2
    assert all(r.startswith("已办结（") and r.endswith("，超期）") for r in results)


class _Clock:
    """The platform's clock, set by the test (China's 10:00 of a given day)."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> float:
        return datetime(self.day.year, self.day.month, self.day.day, 10, tzinfo=CST).timestamp()


def _hall(data: Path, clock: _Clock) -> Platform:
    platform = Platform(data, clock=clock)
    platform.catalogue_item = lambda code: ITEM if code == ITEM.impl_code else None
    platform.router = lambda code: (ITEM.region_code, "3", ITEM.department)
    platform.set_calendar(load_calendar(ROOT / "assets" / "calendar" / "cn-workdays.toml"))
    platform.add_terminal("C1", "一号窗口", hall="H1", role="counter")
    return platform


def _delivered(platform: Platform, key: str, decisions: list[dict[str, str]]) -> str:
    doc = {
        "local_id": key,
        "receipt_number": f"R-{key}",
        "item_impl_code": ITEM.impl_code,
        "item_name": ITEM.name,
        "applicant": {"name": "张三丰", "id_number": "110101199001010031"},
        "attachments": [],
        "decisions": decisions,
    }
    answer = platform.receive_application("C1", key, json.dumps(doc).encode())
    return str(answer.doc["official_number"])


def _rate(platform: Platform, key: str, application: str, satisfaction: str) -> None:
    doc = {
        "local_id": key,
        "application_id": application,
        "satisfaction": satisfaction,
        "reasons": ["等候时间过长"],
        "comment": "",
        "at": "2026-03-02T10:00:00+08:00",
    }
    platform.receive_evaluation("C1", key, json.dumps(doc).encode())


ACCEPT = [{"kind": "accept", "at": "2026-03-02T10:00:00+08:00", "clerk_id": "C007",
           "clerk_name": "王芳", "window": "3号窗口"}]  # fmt: skip


def test_a_bad_rating_opens_a_case_worked_to_its_end_and_the_citizen_reads_the_answer(
    tmp_path: Path,
) -> None:
    clock = _Clock(date(2026, 3, 2))  # a Monday
    platform = _hall(tmp_path, clock)
    official = _delivered(platform, "A1", ACCEPT)
    _rate(platform, "E0", "A1", "satisfied")  # a 好评 opens nothing
    _rate(platform, "E1", "A1", "very_dissatisfied")
    [case] = platform.case_list()
    assert (case["official_number"], case["hall"], case["window"], case["clerk"]) == (
        official,
        "H1",
        "3号窗口",
        "C007",
    )
    assert (case["state"], case["deadline"], case["named"]) == ("verifying", "2026-03-09", True)
    assert case["body"] == ITEM.department
    # rectify before verify: refused with the rule's words
    with pytest.raises(PlatformError) as refused:
        platform.case_step(case["id"], "rectify", {"answer": "x"}, "M1 李主任", inspector=False)
    assert refused.value.status == 422
    assert "待核实" in refused.value.message
    platform.case_step(
        case["id"],
        "verify",
        {"finding": "高峰时段只开两个窗口", "outcome": "by_deadline", "rectify_by": "2026-03-20"},
        "M1 李主任",
        inspector=False,
    )
    platform.case_step(
        case["id"], "rectify", {"answer": "高峰时段增开两个窗口"}, "M1 李主任", inspector=False
    )
    [looked] = platform.lookup(code=official).doc["applications"]
    assert looked["evaluation_answer"] == "高峰时段增开两个窗口"
    clock.day = date(2026, 3, 10)  # a day past its deadline
    done = platform.case_step(
        case["id"], "follow_up", {"result": "satisfied", "note": "电话回访，满意"}, "M1 李主任",
        inspector=False,
    )  # fmt: skip
    assert (done["state"], done["closed"]) == ("closed", "2026-03-10")
    worked = platform.case(case["id"])
    assert worked["overdue"]  # closed after its deadline: flagged
    assert [e["action"] for e in worked["events"]] == ["open", "verify", "rectify", "follow_up"]
    assert worked["events"][1]["actor"] == "M1 李主任"


def test_an_appeal_is_decided_by_an_inspector_once(tmp_path: Path) -> None:
    platform = _hall(tmp_path, _Clock(date(2026, 3, 2)))
    _delivered(platform, "A1", ACCEPT)
    _rate(platform, "E1", "A1", "dissatisfied")
    [case] = platform.case_list()
    platform.case_step(case["id"], "appeal", {"reason": "评价人误操作"}, "M1", inspector=False)
    with pytest.raises(PlatformError) as refused:
        platform.case_step(case["id"], "review", {"upheld": "yes", "note": "ok"}, "M1",
                           inspector=False)  # fmt: skip
    assert refused.value.status == 403
    back = platform.case_step(
        case["id"], "review", {"upheld": "no", "note": "录像显示等候45分钟"}, "S1", inspector=True
    )
    assert back["state"] == "verifying"
    assert back["appeal_upheld"] is False
    with pytest.raises(PlatformError) as again:
        platform.case_step(case["id"], "appeal", {"reason": "再申诉"}, "M1", inspector=False)
    assert "一次" in again.value.message


def test_the_clock_of_an_application_pauses_extends_and_follows_the_calendar(
    tmp_path: Path,
) -> None:
    clock = _Clock(date(2026, 3, 2))
    platform = _hall(tmp_path, clock)
    official = _delivered(platform, "A1", ACCEPT)  # accepted Monday 2 March: 10 working days
    assert platform.legal_clock(official)["due"] == "2026-03-16"
    clock.day = date(2026, 3, 4)
    with pytest.raises(PlatformError):  # a pause must be told in writing
        platform.pause_clock(official, "expert_review", "专家评审", " ", "M1")
    platform.pause_clock(official, "expert_review", "组织专家评审", "告知〔2026〕3号", "M1")
    clock.day = date(2026, 3, 9)  # Monday: the pause took Thu, Fri and Mon
    resumed = platform.resume_clock(official, "M1")
    assert resumed["due"] == "2026-03-19"
    assert not resumed["paused"]
    extended = platform.extend_clock(official, 5, "张局长", "延期〔2026〕1号", "M1")
    assert extended["due"] == "2026-03-26"
    assert extended["limit_days"] == 15
    with pytest.raises(PlatformError) as beyond:
        platform.extend_clock(official, 6, "张局长", "延期〔2026〕2号", "M1")
    assert "1至5" in beyond.value.message
    # the calendar changes (a 调休 moved): the due date is recomputed, with its version
    doc = load_calendar(ROOT / "assets" / "calendar" / "cn-workdays.toml")
    years = dict(doc.years)
    arrangement = years[2026]
    years[2026] = YearArrangement(arrangement.holidays | {date(2026, 3, 20)}, arrangement.workdays)
    platform.set_calendar(WorkCalendar("test-2", years))
    moved = platform.legal_clock(official)
    assert (moved["due"], moved["calendar_version"]) == ("2026-03-27", "test-2")
    platform.set_status(official, "completed", "办结")
    assert platform.legal_clock(official)["finished"] == "2026-03-09"
    with pytest.raises(PlatformError) as stopped:
        platform.pause_clock(official, "hearing", "听证", "告知1号", "M1")
    assert stopped.value.status == 409
