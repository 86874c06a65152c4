"""A month of a city for the supervision console: three halls, their kiosks, counters, a village
station and the online portal; applications, decisions, 办结 (some late, some paused for an
expert review, some extended), ratings and their 差评 cases worked by the halls' managers, and
the halls' queues — all through the platform's own methods with its clock moved day by day, so
that every page of the console shows real numbers made by the real rules (`make demo`,
`hall-central demo-month`). Deterministic for a seed."""

from __future__ import annotations

import heapq
import json
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from central.base import PlatformError
from central.platform import Platform
from core.clock import CST
from core.validators import id_check_char

#: the demo city's halls: name, how many citizens a working day, the channels' shares
HALLS = (
    ("示范市政务服务中心", 44, {"counter": 0.55, "kiosk": 0.2, "online": 0.25}),
    ("示范市青山区政务服务中心", 26, {"counter": 0.6, "kiosk": 0.3, "online": 0.1}),
    ("青山区光明街道便民服务中心", 12, {"counter": 0.55, "kiosk": 0.2, "agent": 0.25}),
)
WINDOWS = ("1号窗口", "2号窗口", "3号窗口", "4号窗口")
CLERKS = (
    "王芳",
    "李娜",
    "张伟",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄丽",
    "周涛",
    "吴敏",
    "徐强",
    "孙悦",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
)
#: the console's demo accounts (工号, name, role, hall, password)
MANAGERS = (
    ("M001", "林主任", "manager", HALLS[0][0]),
    ("M002", "何主任", "manager", HALLS[1][0]),
    ("M003", "郭站长", "manager", HALLS[2][0]),
)
INSPECTOR = ("S001", "马监察", "inspector", "")
DEMO_PASSWORD = "Jiancha-2026-Demo!"  # the demo's console accounts (never a hall's)
SATISFACTION = (
    ("very_satisfied", 0.66),
    ("satisfied", 0.2),
    ("basically_satisfied", 0.07),
    ("dissatisfied", 0.05),
    ("very_dissatisfied", 0.02),
)
#: the record certificate issued at once where the applicant's 居民户口簿 is in the library
RECORD_ITEM = "户籍证明开具"
REASONS = ("等候时间过长", "材料要求反复", "工作人员态度不好", "办事指南不清楚", "系统或设备故障")


@dataclass
class Generated:
    applications: int = 0
    evaluations: int = 0
    cases: int = 0
    tickets: int = 0
    overdue: int = 0
    licences: int = 0


class _Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at.timestamp()


def _items(catalogue: Path, rng: random.Random) -> list[str]:
    """A city's most asked items: promised ones of several limits, and 即办件."""
    db = sqlite3.connect(f"file:{catalogue}?mode=ro", uri=True)
    try:
        region = db.execute(
            "SELECT region_code FROM items WHERE level <= 3 GROUP BY region_code"
            " ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        rows = db.execute(
            "SELECT i.impl_code, i.handling, i.promised_days FROM items i"
            " JOIN docs d ON d.doc_id = i.doc_id WHERE i.region_code = ?"
            " ORDER BY d.popularity DESC, i.impl_code LIMIT 60",
            (region,),
        ).fetchall()
        # a certificate the platform issues at once from its records (秒批: core.instant)
        record = db.execute(
            "SELECT impl_code FROM items WHERE name = ? ORDER BY level DESC LIMIT 1",
            (RECORD_ITEM,),
        ).fetchone()
    finally:
        db.close()
    promised = [r[0] for r in rows if r[2] > 0][:12]
    immediate = [r[0] for r in rows if r[2] == 0][:3]
    return promised + immediate + ([record[0]] * 2 if record else [])


def _person(rng: random.Random) -> dict[str, str]:
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    first17 = f"369901{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return {"name": name, "id_number": first17 + id_check_char(first17)}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def generate_month(
    platform: Platform,
    catalogue: Path,
    *,
    end: date,
    days: int = 30,
    seed: int = 26,
    scale: float = 1.0,
    log: Callable[[str], None] = lambda text: None,
) -> Generated:
    """Fills the platform with ``days`` days of the demo city up to ``end`` (China days);
    the platform's clock is moved for the run and put back after it."""
    rng = random.Random(seed)
    real_clock = platform.clock
    sim = _Clock(datetime.combine(end - timedelta(days=days), time(8), CST))
    platform.clock = sim
    out = Generated()
    try:
        _setup(platform, rng)
        items = _items(catalogue, rng)
        calendar = platform.calendar()
        #: what is due later: (when, order, action, args)
        later: list[tuple[datetime, int, str, tuple[Any, ...]]] = []
        order = 0

        def at(when: datetime, action: str, *args: Any) -> None:
            nonlocal order
            order += 1
            heapq.heappush(later, (when, order, action, args))

        first = end - timedelta(days=days - 1)
        for offset in range(days):
            day = first + timedelta(days=offset)
            try:
                working = calendar.is_workday(day)
            except Exception:  # 日历缺失: a weekday is taken as open
                working = day.weekday() < 5
            opens = datetime.combine(day, time(9), CST)
            for hall, per_day, shares in HALLS:
                count = round(per_day * scale * rng.uniform(0.75, 1.25))
                if not working:  # only the online portal takes applications on a closed day
                    count = round(count * shares.get("online", 0) * 0.5)
                for _ in range(count):
                    channel = "online" if not working else _pick(rng, shares)
                    when = opens + timedelta(minutes=rng.randrange(0, 480))
                    at(when, "apply", hall, channel, rng.choice(items))
                if working:
                    tickets = round(per_day * scale * 0.7 * rng.uniform(0.8, 1.2))
                    for _ in range(tickets):
                        at(opens + timedelta(minutes=rng.randrange(0, 460)), "ticket", hall)
            # the day's events up to its end, in time order
            day_end = datetime.combine(day + timedelta(days=1), time(0), CST)
            while later and later[0][0] < day_end:
                when, _, action, args = heapq.heappop(later)
                sim.at = max(when, sim.at)
                _do(platform, rng, action, args, at, out, calendar)
            sim.at = day_end - timedelta(hours=7)  # the evening: the day's warnings
            platform.supervise(day)
            log(f"  {day}: {out.applications} applications so far")
        sim.at = datetime.combine(end, time(17), CST)
        platform.supervise(end)
        out.cases = int(platform.db.conn.execute("SELECT count(*) FROM cases").fetchone()[0])
        out.overdue = int(
            platform.db.conn.execute(
                "SELECT count(*) FROM legal_clocks WHERE level = 'red' AND finished IS NULL"
            ).fetchone()[0]
        )
    finally:
        platform.clock = real_clock
    _heartbeats(platform, rng)
    return out


def _heartbeats(platform: Platform, rng: random.Random) -> None:
    """The halls' terminals report as their sync does (now, by the real clock): one kiosk
    silent for three hours with its printer out of paper, one counter whose store was put
    back from an old copy (its audit chain rewound)."""
    real = platform.clock
    for h, (_, _, shares) in enumerate(HALLS, start=1):
        ids = [f"H{h}-K1", f"H{h}-K2", *(f"H{h}-C{w}" for w in range(1, len(WINDOWS) + 1))]
        ids += [f"H{h}-A1"] if "agent" in shares else []
        for tid in ids:
            role = {"K": "kiosk", "C": "counter", "A": "agent"}[tid.split("-")[1][0]]
            devices = {"idcard": "ready", "printer": "ready"}
            if role != "kiosk":
                devices["review_pad"] = "ready"
            devices["camera"] = "ready"
            count = rng.randrange(200, 4000)
            doc: dict[str, Any] = {
                "version": "0.9.0",
                "queue_depth": 0,
                "queue": {},
                "oldest_waiting": None,
                "audit_head": f"{rng.getrandbits(256):064x}",
                "devices": devices,
            }
            doc["audit"] = {"count": count, "head": doc["audit_head"], "verified": True}
            stale = tid == "H2-K2"
            if stale:
                devices["printer"] = "fault"
                doc.update(queue_depth=3, oldest_waiting="2026-12-01T09:12:00+08:00")
                platform.clock = lambda: real() - 3 * 3600
            platform.heartbeat(tid, json.dumps(doc).encode())
            platform.clock = real
            if tid == "H3-C2":  # the same store, an older copy: fewer records than before
                doc["audit"] = {**doc["audit"], "count": count - 40, "head": "0" * 64}
                platform.heartbeat(tid, json.dumps(doc).encode())


def _setup(platform: Platform, rng: random.Random) -> None:
    """The halls' terminals, staff, queues and console accounts; the calendar if none."""
    from core.supervision.calendar import load_calendar

    if platform.calendar().version == "none":
        root = Path(__file__).resolve().parents[1]
        platform.set_calendar(load_calendar(root / "assets" / "calendar" / "cn-workdays.toml"))
    clerks = iter(CLERKS)
    for h, (hall, _, shares) in enumerate(HALLS, start=1):
        for k in (1, 2):
            platform.add_terminal(f"H{h}-K{k}", f"{hall}自助终端{k}", hall, "kiosk")
        for w, window in enumerate(WINDOWS, start=1):
            platform.add_terminal(f"H{h}-C{w}", f"{hall}{window}", hall, "counter")
            number = f"C{h}{w:02d}"
            platform.add_staff(number, next(clerks), "clerk", DEMO_PASSWORD, hall)
        if "agent" in shares:
            platform.add_terminal(f"H{h}-A1", "光明村代办点", hall, "agent")
        if "online" in shares:
            platform.add_terminal(f"H{h}-W1", "网上办事大厅", hall, "online")
        platform.set_queue(
            hall,
            {
                "categories": [
                    {"letter": "A", "name": "综合受理", "windows": list(WINDOWS[:3])},
                    {"letter": "B", "name": "社保医保", "windows": [WINDOWS[3]]},
                ],
                "policy": {"elderly_age": 70},
            },
        )
    for number, name, role, hall in (*MANAGERS, INSPECTOR):
        platform.add_staff(number, name, role, DEMO_PASSWORD, hall)


def _terminal(rng: random.Random, hall: str, channel: str) -> tuple[str, str]:
    h = next(i for i, x in enumerate(HALLS, start=1) if x[0] == hall)
    if channel == "counter":
        w = rng.randrange(1, len(WINDOWS) + 1)
        return f"H{h}-C{w}", WINDOWS[w - 1]
    suffix = {"kiosk": f"K{rng.randrange(1, 3)}", "agent": "A1", "online": "W1"}[channel]
    return f"H{h}-{suffix}", ""


def _do(
    platform: Platform,
    rng: random.Random,
    action: str,
    args: tuple[Any, ...],
    at: Callable[..., None],
    out: Generated,
    calendar: Any,
) -> None:
    now = datetime.fromtimestamp(platform.clock(), CST)
    if action == "apply":
        hall, channel, impl = args
        terminal, window = _terminal(rng, hall, channel)
        hall_no = terminal.split("-")[0][1:]
        item = platform.catalogue_item(impl)
        if item is None:
            return
        key = f"{terminal}-{rng.getrandbits(64):016x}"
        person = _person(rng)
        if item.name == RECORD_ITEM and rng.random() < 0.8:  # their 户口簿 is in the library
            out.licences += 1
            platform.add_licence(
                person["id_number"],
                "居民户口簿",
                "11100000000013127D002",
                "369901",
                "示范市公安局青山分局光明派出所",
                f"{1_000_000 + out.licences:010d}",
                f"369901{out.licences:09d}",
                holder_name=person["name"],
            )
        decisions = []
        if channel == "counter" and item.name != RECORD_ITEM:
            clerk_no = f"C{hall_no}{WINDOWS.index(window) + 1:02d}"
            clerk = CLERKS[(int(hall_no) - 1) * 4 + WINDOWS.index(window)]
            roll = rng.random()
            kind = "accept" if roll < 0.9 else ("reject" if roll < 0.95 else "correction")
            decisions.append(
                {
                    "kind": kind,
                    "at": now.isoformat(),
                    "clerk_id": clerk_no,
                    "clerk_name": clerk,
                    "window": window,
                    **({"reason": "不属于本机关职权范围"} if kind == "reject" else {}),
                }
            )
        doc = {
            "local_id": key,
            "receipt_number": key.upper()[-16:],
            "item_impl_code": impl,
            "item_name": item.name,
            "applicant": person,
            "attachments": [],
            "decisions": decisions,
        }
        official = str(
            platform.receive_application(terminal, key, json.dumps(doc).encode()).doc[
                "official_number"
            ]
        )
        out.applications += 1
        status = platform.db.conn.execute(
            "SELECT status FROM applications WHERE official_number = ?", (official,)
        ).fetchone()[0]
        if status == "delivered" and not decisions:  # the hall accepts it within a day or two
            at(now + timedelta(hours=rng.choice((2, 20, 26, 44))), "accept", official)
        elif status == "accepted":
            _plan_completion(platform, rng, official, item.promised_limit_days, now, at, calendar)
        if (status in ("accepted", "completed") or decisions) and rng.random() < 0.6:
            at(now + timedelta(minutes=rng.randrange(2, 30)), "rate", terminal, key, window)
    elif action == "accept":
        (official,) = args
        platform.set_status(official, "accepted", "受理")
        impl = platform.db.conn.execute(
            "SELECT item_impl_code FROM applications WHERE official_number = ?", (official,)
        ).fetchone()[0]
        item = platform.catalogue_item(impl)
        if item is not None:
            _plan_completion(platform, rng, official, item.promised_limit_days, now, at, calendar)
    elif action == "complete":
        (official,) = args
        platform.set_status(official, "completed", "办结")
    elif action == "pause":
        official, days = args
        try:
            notice = f"告知〔{now:%Y}〕{rng.randrange(1, 99)}号"
            platform.pause_clock(official, "expert_review", "组织专家评审", notice, "系统演示")
        except PlatformError:
            return
        at(now + timedelta(days=days), "resume", official)
    elif action == "resume":
        (official,) = args
        try:
            platform.resume_clock(official, "系统演示")
        except PlatformError:
            return
    elif action == "extend":
        (official,) = args
        try:
            notice = f"延期〔{now:%Y}〕{rng.randrange(1, 99)}号"
            platform.extend_clock(official, 5, "局长", notice, "系统演示")
        except PlatformError:
            return
    elif action == "rate":
        terminal, application, window = args
        satisfaction = rng.choices([s for s, _ in SATISFACTION], [w for _, w in SATISFACTION])[0]
        key = f"E-{rng.getrandbits(64):016x}"
        negative = satisfaction in ("dissatisfied", "very_dissatisfied")
        rating: dict[str, Any] = {
            "local_id": key,
            "application_id": application,
            "satisfaction": satisfaction,
            "channel": 4 if window else 5,
            "at": now.isoformat(),
            "window": window,
            "reasons": [rng.choice(REASONS)] if negative else [],
            "comment": "",
        }
        platform.receive_evaluation(terminal, key, json.dumps(rating).encode())
        out.evaluations += 1
        if negative:
            case_id = platform.db.conn.execute(
                "SELECT id FROM cases WHERE terminal_id = ? AND evaluation_key = ?",
                (terminal, key),
            ).fetchone()
            if case_id is not None and rng.random() < 0.85:
                at(now + timedelta(hours=rng.choice((3, 22, 46, 70))), "case", case_id[0], 0)
    elif action == "case":
        case_id, step = args
        _case_step(platform, rng, case_id, step, now, at)
    elif action == "ticket":
        (hall,) = args
        h = next(i for i, x in enumerate(HALLS, start=1) if x[0] == hall)
        letter = "A" if rng.random() < 0.75 else "B"
        body: dict[str, Any] = {"category": letter, "request": f"r{rng.getrandbits(48):x}"}
        try:
            platform.issue_ticket(f"H{h}-K1", json.dumps(body).encode())
        except PlatformError:
            return
        out.tickets += 1
        wait = timedelta(minutes=rng.choice((2, 4, 6, 8, 10, 12, 15, 18, 25, 35)))
        at(now + wait, "call", h, rng.randrange(1, 4) if letter == "A" else 4, letter)
    elif action == "call":
        h, at_window, letter = args
        body = {"window": WINDOWS[at_window - 1], "categories": [letter],
                "clerk": f"C{h}{at_window:02d}"}  # fmt: skip
        try:
            called = platform.call_next(f"H{h}-C{at_window}", json.dumps(body).encode()).doc
        except PlatformError:
            return
        ticket = called.get("ticket")
        if ticket:
            at(now + timedelta(minutes=1), "serve", h, at_window, ticket["number"])
            at(
                now + timedelta(minutes=rng.randrange(4, 16)),
                "finish",
                h,
                at_window,
                ticket["number"],
            )
    elif action in ("serve", "finish"):
        h, at_window, number = args
        try:
            platform.ticket_action(f"H{h}-C{at_window}", number, action, b"{}")
        except PlatformError:
            return


def _plan_completion(
    platform: Platform,
    rng: random.Random,
    official: str,
    promised: int,
    now: datetime,
    at: Callable[..., None],
    calendar: Any,
) -> None:
    """办结 in working days: most well within the promised limit, some late; now and then a
    pause for an expert review or an extension."""
    if promised <= 0:  # 即办件 accepted at a window: 办结 on the spot
        at(now + timedelta(minutes=rng.randrange(5, 40)), "complete", official)
        return
    roll = rng.random()
    if roll < 0.04:
        at(now + timedelta(days=2, hours=1), "pause", official, rng.choice((3, 5, 7)))
    elif roll < 0.06:
        at(now + timedelta(days=3, hours=2), "extend", official)
    share = rng.uniform(0.2, 0.9) if rng.random() < 0.93 else rng.uniform(1.05, 1.6)
    days = max(1, round(promised * share))
    try:
        finish = calendar.add_workdays(now.date(), days)
    except Exception:  # 日历缺失
        finish = now.date() + timedelta(days=days)
    at(datetime.combine(finish, time(rng.randrange(9, 17)), CST), "complete", official)


_CASE_NOTES = {
    "等候时间过长": ("高峰时段窗口不足", "已在高峰时段增开两个综合窗口"),
    "材料要求反复": ("窗口人员未按一次性告知要求告知", "已组织窗口一次性告知培训"),
    "工作人员态度不好": ("经调阅录像，工作人员解释不耐心", "已对该工作人员批评教育"),
    "办事指南不清楚": ("办事指南材料说明不清", "已修订办事指南并在大厅公示"),
    "系统或设备故障": ("当日高拍仪故障", "已更换高拍仪并建立日检制度"),
}


def _case_step(
    platform: Platform,
    rng: random.Random,
    case_id: int,
    step: int,
    now: datetime,
    at: Callable[..., None],
) -> None:
    """A manager works a case: 核实, then 整改 (or an appeal now and then), then 回访."""
    case = platform.case(case_id)
    manager = next((m for m in MANAGERS if m[3] == case["hall"]), MANAGERS[0])
    actor = f"{manager[0]} {manager[1]}"
    finding, answer = _CASE_NOTES.get(
        (case["reasons"] or ["等候时间过长"])[0], _CASE_NOTES["等候时间过长"]
    )
    try:
        if (
            case["state"] == "verifying"
            and step == 0
            and rng.random() < 0.08
            and not case["appealed"]
        ):
            platform.case_step(case_id, "appeal", {"reason": "评价人误触评价器"}, actor,
                               inspector=False)  # fmt: skip
            at(now + timedelta(hours=30), "case", case_id, 9)
            return
        if case["state"] == "appeal":
            upheld = rng.random() < 0.5
            platform.case_step(
                case_id,
                "review",
                {"upheld": "yes" if upheld else "no", "note": "调阅录像后复核"},
                f"{INSPECTOR[0]} {INSPECTOR[1]}",
                inspector=True,
            )
            if not upheld:
                at(now + timedelta(hours=20), "case", case_id, 1)
            return
        if case["state"] == "verifying":
            outcome = rng.choice(("at_once", "at_once", "by_deadline", "explained"))
            fields = {"finding": finding, "outcome": outcome}
            if outcome == "by_deadline":
                fields["rectify_by"] = (now.date() + timedelta(days=14)).isoformat()
            platform.case_step(case_id, "verify", fields, actor, inspector=False)
            if rng.random() < 0.9:
                at(now + timedelta(hours=rng.choice((4, 24, 50))), "case", case_id, 2)
        elif case["state"] == "rectifying":
            platform.case_step(case_id, "rectify", {"answer": answer}, actor, inspector=False)
            if rng.random() < 0.9:
                at(now + timedelta(hours=rng.choice((20, 44))), "case", case_id, 3)
        elif case["state"] == "follow_up":
            result = rng.choice(("satisfied", "satisfied", "basically", "dissatisfied"))
            if not case["named"]:
                result = "unreachable"
            note = "电话回访" if case["named"] else "匿名评价，答复已在大厅公示"
            platform.case_step(
                case_id, "follow_up", {"result": result, "note": note}, actor, inspector=False
            )
    except PlatformError:
        return
