"""电子监察 on the platform: every accepted 办件's legal clock (core.supervision.clock), kept per
办件 — its start, 法定 and 承诺 limits, pauses (type, reason, written notice) and extensions
(approver, notice), the calendar version its due date was computed by — recomputed when the
calendar changes, stopped at 办结 or refusal; and its warnings — yellow before the promised
limit, red when overdue — each raised once and kept (a supervision record: 监察编号, 规则编号,
type, time, result, the responsible body; GB/T 39046 表11), so that a restart raises none again.
A 办件 whose period runs into a year without calendar data is counted as 日历缺失, never
guessed."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from central.base import PlatformBase, PlatformError
from core.catalogue.models import ServiceItem
from core.clock import CST
from core.errors import ValidationError
from core.supervision.calendar import CalendarMissing, WorkCalendar
from core.supervision.clock import Extension, LegalClock, Level, Pause, PauseKind, WarningRule

RULES = {Level.YELLOW: "SX-01 临近办结时限", Level.RED: "SX-02 超过办结时限"}

#: an extension's most working days in all (行政许可法 §42: twenty, and ten more with approval)
MAX_EXTENSION_DAYS = 10


def clock_from_row(accepted: str, legal: int, promised: int, doc: str) -> LegalClock:
    detail = json.loads(doc)
    return LegalClock(
        date.fromisoformat(accepted),
        legal,
        promised,
        tuple(
            Pause(
                PauseKind[p["kind"]],
                p["reason"],
                p["notice"],
                date.fromisoformat(p["started"]),
                date.fromisoformat(p["ended"]) if p.get("ended") else None,
            )
            for p in detail.get("pauses", ())
        ),
        tuple(
            Extension(int(e["days"]), e["approver"], e["notice"])
            for e in detail.get("extensions", ())
        ),
    )


class Supervision(PlatformBase):
    calendar: Any  # central.calendar.Calendars.calendar

    # --- the clocks -----------------------------------------------------------------------

    def warning_rule(self) -> WarningRule:
        """When yellow comes (configuration: working days left, or a share elapsed)."""
        doc = json.loads(self.meta("warning_rule") or "{}")
        return WarningRule(int(doc.get("days_left", 3)), float(doc.get("share", 0.8)))

    def set_warning_rule(self, days_left: int, share: float) -> dict[str, Any]:
        if not (0 <= days_left <= 30 and 0 < share <= 1):
            raise PlatformError(422, "days_left 0-30 working days, share in (0, 1]")
        doc = {"days_left": days_left, "share": share}
        with self.db.transaction() as c:
            self.set_meta(c, "warning_rule", json.dumps(doc))
        self.refresh_clocks()
        return doc

    def _start_clock(self, c: Any, official: str, impl: str) -> None:
        """受理: the clock starts (the day of acceptance not counted); inside its transaction."""
        item = self.catalogue_item(impl)
        if item is not None:
            self._insert_clock(c, official, item, self.china_now().date(), self.calendar())

    def _insert_clock(
        self, c: Any, official: str, item: ServiceItem, accepted: date, calendar: WorkCalendar
    ) -> None:
        """A 办件's clock from ``accepted`` by its item's 法定 and 承诺 limits (once)."""
        legal = item.legal_limit_days
        clock = LegalClock(accepted, legal, min(item.promised_limit_days, legal))
        c.execute(
            "INSERT INTO legal_clocks VALUES (?, ?, ?, ?, ?, ?, ?, 'green', NULL, ?)"
            " ON CONFLICT DO NOTHING",
            (
                official,
                accepted.isoformat(),
                clock.legal_days,
                clock.promised_days,
                json.dumps({"pauses": [], "extensions": []}),
                calendar.version,
                _due(clock, calendar, accepted),
                self.now_iso(),
            ),
        )

    def _stop_clock(self, c: Any, official: str) -> None:
        """办结 (or refused): the clock stops on this day, and its supervision records get
        their result (办结, in time or after the limit)."""
        today = self.china_now().date().isoformat()
        c.execute(
            "UPDATE legal_clocks SET finished = ?, updated_at = ?"
            " WHERE official_number = ? AND finished IS NULL",
            (today, self.now_iso(), official),
        )
        for seq, doc in c.execute(
            "SELECT seq, doc FROM supervision_warnings WHERE official_number = ?", (official,)
        ).fetchall():
            record = json.loads(doc)
            late = record.get("due") and today > record["due"]
            record["result"] = f"已办结（{today}{'，超期' if late else ''}）"
            c.execute(
                "UPDATE supervision_warnings SET doc = ? WHERE seq = ?",
                (json.dumps(record, ensure_ascii=False), seq),
            )

    def supervision_records(self, official: str) -> list[dict[str, Any]]:
        """The 监察记录 of one 办件 (GB/T 39046 表11): number, rule, type, time, result, body."""
        return [
            {"seq": seq, "level": level, "at": at, **json.loads(doc)}
            for seq, level, at, doc in self.db.conn.execute(
                "SELECT seq, level, at, doc FROM supervision_warnings WHERE official_number = ?"
                " ORDER BY seq",
                (official,),
            )
        ]

    def _clock_row(self, c: Any, official: str) -> tuple[Any, ...]:
        row = c.execute(
            "SELECT accepted, legal_days, promised_days, doc, finished FROM legal_clocks"
            " WHERE official_number = ?",
            (official,),
        ).fetchone()
        if row is None:
            raise PlatformError(404, f"{official} 没有计时（未受理）")
        if row[4] is not None:
            raise PlatformError(409, f"{official} 已办结，计时已停止")
        return tuple(row)

    def _change_clock(self, official: str, change: Any) -> dict[str, Any]:
        """Applies ``change(detail, today)`` to an open clock's pauses and extensions, checks
        the clock it makes, and stores it with its due date recomputed."""
        today = self.china_now().date()
        calendar: WorkCalendar = self.calendar()
        with self.db.transaction() as c:
            accepted, legal, promised, doc, _ = self._clock_row(c, official)
            detail = json.loads(doc)
            change(detail, today)
            try:
                clock = clock_from_row(accepted, legal, promised, json.dumps(detail))
            except ValidationError as e:
                raise PlatformError(422, e.user_message) from None
            c.execute(
                "UPDATE legal_clocks SET doc = ?, due = ?, calendar_version = ?, level = ?,"
                " updated_at = ? WHERE official_number = ?",
                (
                    json.dumps(detail, ensure_ascii=False),
                    _due(clock, calendar, today),
                    calendar.version,
                    _level(clock, calendar, today, self.warning_rule()),
                    self.now_iso(),
                    official,
                ),
            )
        return self.legal_clock(official)

    def pause_clock(
        self, official: str, kind: str, reason: str, notice: str, actor: str
    ) -> dict[str, Any]:
        """A special procedure (听证, 检验检测, 专家评审 …) pauses the clock from today; the
        applicant must be told in writing — the notice's reference is required."""
        try:
            pause_kind = PauseKind[kind.upper()]
        except KeyError:
            raise PlatformError(422, f"暂停类型无效：{kind}") from None
        if not reason.strip():
            raise PlatformError(422, "请填写暂停计时的原因。")

        def change(detail: dict[str, Any], today: date) -> None:
            if any(not p.get("ended") for p in detail["pauses"]):
                raise PlatformError(409, "计时已暂停，请先恢复计时。")
            detail["pauses"].append(
                {
                    "kind": pause_kind.name,
                    "reason": reason.strip()[:200],
                    "notice": notice.strip()[:64],
                    "started": today.isoformat(),
                    "ended": None,
                    "by": actor,
                }
            )

        return self._change_clock(official, change)

    def resume_clock(self, official: str, actor: str) -> dict[str, Any]:
        def change(detail: dict[str, Any], today: date) -> None:
            running = [p for p in detail["pauses"] if not p.get("ended")]
            if not running:
                raise PlatformError(409, "计时未暂停。")
            running[0]["ended"] = today.isoformat()
            running[0]["resumed_by"] = actor

        return self._change_clock(official, change)

    def extend_clock(
        self, official: str, days: int, approver: str, notice: str, actor: str
    ) -> dict[str, Any]:
        """An extension approved by the body's head (行政许可法 §42: at most ten working days in
        all), told to the applicant in writing."""
        if not approver.strip() or not notice.strip():
            raise PlatformError(422, "延期须填写批准人和告知书编号。")

        def change(detail: dict[str, Any], today: date) -> None:
            used = sum(int(e["days"]) for e in detail["extensions"])
            if not 1 <= days <= MAX_EXTENSION_DAYS - used:
                raise PlatformError(
                    422,
                    f"延期天数须在1至{MAX_EXTENSION_DAYS - used}个工作日之间（已延期{used}日）。",
                )
            detail["extensions"].append(
                {
                    "days": days,
                    "approver": approver.strip()[:64],
                    "notice": notice.strip()[:64],
                    "at": today.isoformat(),
                    "by": actor,
                }
            )

        return self._change_clock(official, change)

    def legal_clock(self, official: str) -> dict[str, Any]:
        """One 办件's clock as the console shows it (computed live by the calendar held)."""
        row = self.db.conn.execute(
            "SELECT accepted, legal_days, promised_days, doc, calendar_version, due, level,"
            " finished FROM legal_clocks WHERE official_number = ?",
            (official,),
        ).fetchone()
        if row is None:
            raise PlatformError(404, f"{official} 没有计时")
        accepted, legal, promised, doc, version, _stored, level, finished = row
        clock = clock_from_row(accepted, legal, promised, doc)
        calendar: WorkCalendar = self.calendar()
        today = date.fromisoformat(finished) if finished else self.china_now().date()
        detail = json.loads(doc)
        return {
            "official_number": official,
            "accepted": accepted,
            "legal_days": legal,
            "promised_days": promised,
            "limit_days": clock.limit_days(),
            "pauses": detail["pauses"],
            "extensions": detail["extensions"],
            "paused": any(not p.get("ended") for p in detail["pauses"]),
            "calendar_version": version,
            "due": _due(clock, calendar, today),
            "level": _level(clock, calendar, today, self.warning_rule()) if not finished else level,
            "finished": finished,
        }

    def refresh_clocks(self, today: date | None = None) -> int:
        """Recomputes every open clock's due date and level by the calendar held (after the
        calendar changed: a 调休 moved, a new year published); returns how many changed."""
        return self._recompute(today or self.china_now().date(), self.warning_rule())[2]

    def _recompute(
        self, today: date, rule: WarningRule
    ) -> tuple[list[tuple[str, str, str | None, str]], str, int]:
        """Every running clock's state on ``today`` by the calendar held and ``rule``:
        (official number, item, due date or None, level — "missing" for 日历缺失), stored
        where it changed (derived data: recomputed whenever asked); with the calendar's
        version and how many changed."""
        calendar: WorkCalendar = self.calendar()
        rows = self.db.conn.execute(
            "SELECT k.official_number, a.item_impl_code, k.accepted, k.legal_days,"
            " k.promised_days, k.doc, k.due, k.level, k.calendar_version FROM legal_clocks k"
            " JOIN applications a ON a.official_number = k.official_number"
            " WHERE k.finished IS NULL ORDER BY k.official_number"
        ).fetchall()
        states: list[tuple[str, str, str | None, str]] = []
        changed: list[tuple[str | None, str, str, str]] = []
        for official, impl, accepted, legal, promised, doc, due, level, version in rows:
            clock = clock_from_row(accepted, legal, promised, doc)
            new = (_due(clock, calendar, today), _level(clock, calendar, today, rule))
            states.append((official, impl, *new))
            if (*new, calendar.version) != (due, level, version):
                changed.append((*new, calendar.version, official))
        if changed:
            with self.db.transaction(durable=False) as c:
                c.executemany(
                    "UPDATE legal_clocks SET due = ?, level = ?, calendar_version = ?"
                    " WHERE official_number = ?",
                    changed,
                )
        return states, calendar.version, len(changed)

    def _adopt_unclocked(self) -> None:
        """办件 accepted before clocks were kept get theirs, from their acceptance's day."""
        rows = self.db.conn.execute(
            "SELECT a.official_number, a.item_impl_code, min(p.at) FROM applications a"
            " JOIN progress p ON p.official_number = a.official_number AND p.status = 'accepted'"
            " LEFT JOIN legal_clocks k ON k.official_number = a.official_number"
            " WHERE a.status = 'accepted' AND k.official_number IS NULL"
            " GROUP BY a.official_number, a.item_impl_code"
        ).fetchall()
        calendar: WorkCalendar = self.calendar()
        for official, impl, accepted_at in rows:
            item = self.catalogue_item(impl)
            if item is None:
                continue
            accepted = datetime.fromisoformat(accepted_at).astimezone(CST).date()
            with self.db.transaction() as c:
                self._insert_clock(c, official, item, accepted, calendar)

    # --- the warnings ---------------------------------------------------------------------

    def supervise(
        self, today: date | None = None, rule: WarningRule | None = None
    ) -> dict[str, Any]:
        """Looks at every running clock on ``today`` (China's date by default) and raises the
        warnings due, once each: the new ones, and how many could not be computed."""
        today = today or self.china_now().date()
        self._adopt_unclocked()
        states, version, _ = self._recompute(today, rule or self.warning_rule())
        raised: list[dict[str, Any]] = []
        missing = 0
        for official, impl, due, level in states:
            if level == "missing":
                missing += 1
                continue
            if level == Level.GREEN.value:
                continue
            body = self.router(impl) or ("", "", "")
            doc_out = {
                "official_number": official,
                "rule": RULES[Level(level)],
                "level": level,
                "due": due,
                "body": body[2],
                "region_code": body[0],
                "calendar": version,
                "result": "待处理",
            }
            with self.db.transaction() as c:
                cur = c.execute(
                    "INSERT INTO supervision_warnings (official_number, level, at, doc)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq",
                    (official, level, self.now_iso(), json.dumps(doc_out, ensure_ascii=False)),
                )
                added = cur.fetchone()
                if added is not None:
                    raised.append({"seq": added[0], **doc_out})
        return {"raised": raised, "calendar_missing": missing, "looked_at": len(states)}

    def supervise_if_due(self, every: float = 60.0) -> None:
        """Supervises when the last run is older than ``every`` seconds (the console's pages
        call it: their pool is never staler than that; `hall-central supervise` for cron)."""
        last: float = getattr(self, "_supervised_at", 0.0)
        if self.clock() - last >= every:
            self._supervised_at = self.clock()
            self.supervise()

    def warning_pool(self, hall: str | None = None) -> list[dict[str, Any]]:
        """红黄牌: the running clocks that are yellow or red (or 日历缺失), the worst first."""
        where = "k.finished IS NULL AND k.level IN ('red', 'yellow', 'missing')"
        args: list[str] = []
        if hall is not None:
            where += " AND t.hall = ?"
            args.append(hall)
        rows = self.db.conn.execute(
            "SELECT k.official_number, k.level, k.due, k.accepted, a.item_impl_code,"
            " json_extract(a.doc, '$.item_name'), t.hall, r.department, k.doc"
            " FROM legal_clocks k JOIN applications a ON a.official_number = k.official_number"
            " LEFT JOIN terminals t ON t.id = a.terminal_id"
            " LEFT JOIN routes r ON r.official_number = k.official_number"
            f" WHERE {where} ORDER BY CASE k.level WHEN 'red' THEN 0 WHEN 'missing' THEN 1"
            " ELSE 2 END, k.due",
            args,
        ).fetchall()
        return [
            {
                "official_number": o,
                "level": level,
                "due": due,
                "accepted": accepted,
                "item_impl_code": impl,
                "item_name": name or "",
                "hall": hall_ or "",
                "department": department or "",
                "paused": any(not p.get("ended") for p in json.loads(doc)["pauses"]),
            }
            for o, level, due, accepted, impl, name, hall_, department, doc in rows
        ]


def _due(clock: LegalClock, calendar: WorkCalendar, today: date) -> str | None:
    try:
        return clock.due(calendar, today).isoformat()
    except CalendarMissing:
        return None


def _level(
    clock: LegalClock, calendar: WorkCalendar, today: date, rule: WarningRule | None = None
) -> str:
    try:
        return clock.level(calendar, today, rule).value
    except CalendarMissing:
        return "missing"
