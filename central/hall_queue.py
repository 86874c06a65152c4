"""The hall's queue on the hall server (``hall-central`` in the hall): its categories and
policy (configured by the administrator, pulled by terminals), the tickets it issues online,
the blocks of numbers it hands to kiosks for the tickets they issue while it is away (taken in
when they come back), and the calls of the counters — each change one durable transaction,
the rules those of :mod:`core.queue`.

A hall is the ``hall`` a terminal was enrolled in: its kiosks, counters and displays share one
queue."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from central.base import Answer, PlatformBase, PlatformError, json_object, now_iso
from core.clock import CST
from core.errors import ValidationError
from core.queue.codec import (
    category_from_dict,
    category_to_dict,
    policy_from_dict,
    policy_to_dict,
    ticket_from_dict,
    ticket_to_dict,
)
from core.queue.estimate import estimate_wait, said
from core.queue.numbers import NumberBlock, allocate, hall_day, ticket_number
from core.queue.speech import call_caption, call_speech
from core.queue.tickets import (
    Category,
    QueuePolicy,
    Ticket,
    TicketState,
    call,
    check_issue,
    finish,
    next_ticket,
    no_show,
    people_ahead,
    priority_for,
    recall,
    serve,
    transfer,
)

HALL_HOLDER = "hall"  # the server's own blocks, for the tickets it issues online


def _refused(e: ValidationError) -> PlatformError:
    return PlatformError(409, e.user_message)


class HallQueue(PlatformBase):
    # -- configuration ------------------------------------------------------------------------

    def set_queue(self, hall: str, body: dict[str, Any]) -> Answer:
        """The administrator's categories and policy for ``hall`` (replacing the last)."""
        try:
            categories = [category_from_dict(c) for c in body.get("categories", ())]
            policy = policy_from_dict(body.get("policy", {}))
        except (KeyError, TypeError, ValueError) as e:
            raise PlatformError(422, f"queue configuration: {e}") from None
        letters = [c.letter for c in categories]
        if not categories or len(set(letters)) != len(letters):
            raise PlatformError(422, "queue configuration: categories with distinct letters")
        doc = {
            "categories": [category_to_dict(c) for c in categories],
            "policy": policy_to_dict(policy),
        }
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO queue_config VALUES (?, ?, ?) ON CONFLICT (hall)"
                " DO UPDATE SET doc = excluded.doc, at = excluded.at",
                (hall, json.dumps(doc, ensure_ascii=False), now_iso()),
            )
        return Answer(200, {"hall": hall, **doc})

    def _hall(self, terminal: str) -> str:
        row = self.db.conn.execute(
            "SELECT hall FROM terminals WHERE id = ?", (terminal,)
        ).fetchone()
        return str(row[0]) if row else ""

    def _config(self, hall: str) -> tuple[dict[str, Category], QueuePolicy]:
        row = self.db.conn.execute(
            "SELECT doc FROM queue_config WHERE hall = ?", (hall,)
        ).fetchone()
        if row is None:
            raise PlatformError(404, "this hall has no queue configured")
        doc = json.loads(row[0])
        categories = {c["letter"]: category_from_dict(c) for c in doc["categories"]}
        return categories, policy_from_dict(doc["policy"])

    def _tickets(self, hall: str, day: date) -> list[Ticket]:
        return [
            ticket_from_dict(json.loads(doc))
            for (doc,) in self.db.conn.execute(
                "SELECT doc FROM queue_tickets WHERE hall = ? AND day = ?", (hall, day.isoformat())
            )
        ]

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), CST)

    def queue(self, terminal: str) -> Answer:
        """What a terminal of the hall needs: the categories, the policy, who waits where."""
        hall = self._hall(terminal)
        categories, policy = self._config(hall)
        counted = self._waiting(self._tickets(hall, hall_day(self._now())))
        waiting = {letter: counted.get(letter, 0) for letter in categories}
        return Answer(
            200,
            {
                "categories": [category_to_dict(c) for c in categories.values()],
                "policy": policy_to_dict(policy),
                "waiting": waiting,
            },
        )

    # -- tickets --------------------------------------------------------------------------

    def _store(self, c: Any, hall: str, ticket: Ticket, *, new: bool = False) -> None:
        doc = json.dumps(ticket_to_dict(ticket), ensure_ascii=False)
        if new:
            c.execute(
                "INSERT INTO queue_tickets VALUES (?, ?, ?, ?)",
                (hall, ticket.day.isoformat(), ticket.number, doc),
            )
        else:
            c.execute(
                "UPDATE queue_tickets SET doc = ? WHERE hall = ? AND day = ? AND number = ?",
                (doc, hall, ticket.day.isoformat(), ticket.number),
            )

    def _blocks(self, c: Any, hall: str, letter: str, day: date) -> list[tuple[NumberBlock, int]]:
        return [
            (NumberBlock(letter, day, first, last, holder), issued)
            for first, last, holder, issued in c.execute(
                "SELECT first, last, holder, issued FROM queue_blocks"
                " WHERE hall = ? AND letter = ? AND day = ? ORDER BY first",
                (hall, letter, day.isoformat()),
            )
        ]

    def _allocate(self, c: Any, hall: str, letter: str, day: date, holder: str) -> NumberBlock:
        try:
            block = allocate(
                [b for b, _ in self._blocks(c, hall, letter, day)], letter, day, holder
            )
        except ValidationError as e:
            raise _refused(e) from None
        c.execute(
            "INSERT INTO queue_blocks VALUES (?, ?, ?, ?, ?, ?, 0)",
            (hall, letter, day.isoformat(), block.first, block.last, holder),
        )
        return block

    def _answer(self, ticket: Ticket, tickets: list[Ticket], category: Category) -> Answer:
        ahead = people_ahead(ticket, tickets)
        served = [s for t in tickets if (s := t.service_time) is not None]
        wait = estimate_wait(ahead, served, len(category.windows))
        return Answer(
            201,
            {
                "ticket": ticket_to_dict(ticket),
                "category_name": category.name,
                "ahead": ahead,
                "estimate": said(wait),
            },
        )

    def issue_ticket(self, terminal: str, body: bytes) -> Answer:
        """取号 on line: a ticket of the hall's own numbers, after the rules of who may take one
        (hours, the day's limit, one per person while it waits) and the person's priority."""
        doc = json_object(body)
        hall = self._hall(terminal)
        categories, policy = self._config(hall)
        category = categories.get(str(doc.get("category", "")))
        if category is None:
            raise PlatformError(422, "category: one of the hall's letters")
        person = str(doc.get("person", ""))[:128]
        now = self._now()
        day = hall_day(now)
        try:
            birth = date.fromisoformat(doc["birth"]) if doc.get("birth") else None
        except (TypeError, ValueError):
            raise PlatformError(422, "birth: an ISO date") from None
        priority = priority_for(
            policy,
            birth=birth,
            today=day,
            disabled=bool(doc.get("disabled")),
            service_member=bool(doc.get("service_member")),
        )
        with self.db.transaction() as c:
            tickets = self._tickets(hall, day)
            try:
                check_issue(category, person, tickets, now)
            except ValidationError as e:
                raise _refused(e) from None
            mine = [
                (b, n)
                for b, n in self._blocks(c, hall, category.letter, day)
                if b.holder == HALL_HOLDER
            ]
            block, issued = next(((b, n) for b, n in mine if b.next_after(n)), (None, 0))
            if block is None:
                block, issued = self._allocate(c, hall, category.letter, day, HALL_HOLDER), 0
            n = block.next_after(issued)
            assert n is not None
            c.execute(
                "UPDATE queue_blocks SET issued = ? WHERE hall = ? AND letter = ? AND day = ?"
                " AND first = ?",
                (n, hall, category.letter, day.isoformat(), block.first),
            )
            ticket = Ticket(
                ticket_number(category.letter, n),
                category.letter,
                day,
                now,
                terminal,
                person=person,
                priority=priority,
            )
            self._store(c, hall, ticket, new=True)
        return self._answer(ticket, [*tickets, ticket], category)

    def take_block(self, terminal: str, body: bytes) -> Answer:
        """A kiosk's block of today's numbers of a category, for the tickets it issues while
        the hall server is away (disjoint from every other block: no number twice)."""
        doc = json_object(body)
        hall = self._hall(terminal)
        categories, _ = self._config(hall)
        letter = str(doc.get("category", ""))
        if letter not in categories:
            raise PlatformError(422, "category: one of the hall's letters")
        day = hall_day(self._now())
        with self.db.transaction() as c:
            block = self._allocate(c, hall, letter, day, terminal)
        return Answer(
            201,
            {"category": letter, "day": day.isoformat(), "first": block.first, "last": block.last},
        )

    def take_provisional(self, terminal: str, body: bytes) -> Answer:
        """The tickets a kiosk issued from its blocks while the server was away, taken into the
        queue at their own times (a ticket already taken is recognised: a resend adds nothing).
        A number outside the kiosk's blocks is refused."""
        doc = json_object(body)
        sent = doc.get("tickets")
        if not isinstance(sent, list):
            raise PlatformError(422, "tickets: a list")
        hall = self._hall(terminal)
        accepted: list[str] = []
        refused: list[dict[str, str]] = []
        with self.db.transaction() as c:
            for raw in sent[:500]:
                try:
                    t = ticket_from_dict(raw)
                except (KeyError, TypeError, ValueError, AttributeError) as e:
                    number = raw.get("number") if isinstance(raw, dict) else None
                    refused.append({"number": str(number), "error": str(e)})
                    continue
                digits = t.number[1:]
                held = any(
                    b.holder == terminal and digits.isdigit() and int(digits) in b
                    for b, _ in self._blocks(c, hall, t.category, t.day)
                )
                if not held or t.number[:1] != t.category:
                    refused.append(
                        {"number": t.number, "error": "not a number of this kiosk's blocks"}
                    )
                    continue
                exists = c.execute(
                    "SELECT 1 FROM queue_tickets WHERE hall = ? AND day = ? AND number = ?",
                    (hall, t.day.isoformat(), t.number),
                ).fetchone()
                if exists is None:
                    fresh = replace(
                        t,
                        issued_by=terminal,
                        provisional=True,
                        state=TicketState.WAITING,
                        calls=(),
                        window="",
                        served_at=None,
                        done_at=None,
                    )
                    self._store(c, hall, fresh, new=True)
                accepted.append(t.number)
        return Answer(200, {"accepted": accepted, "refused": refused})

    # -- what the displays are told ------------------------------------------------------

    def _event(self, c: Any, hall: str, kind: str, ticket: Ticket, tickets: list[Ticket]) -> None:
        """A call (or recall) for the hall's displays: the number, the window, the caption
        shown and the words spoken (the same words), and who waits where now — ``tickets``
        the day's as the change found them (read once: the day is not parsed again)."""
        now = [ticket if t.number == ticket.number else t for t in tickets]
        doc = {
            "number": ticket.number,
            "category": ticket.category,
            "window": ticket.window,
            "caption": call_caption(ticket.number, ticket.window),
            "speech": call_speech(ticket.number, ticket.window),
            "calls": len(ticket.calls),
            "waiting": self._waiting(now),
        }
        c.execute(
            "INSERT INTO queue_events (hall, at, kind, doc) VALUES (?, ?, ?, ?)",
            (hall, now_iso(), kind, json.dumps(doc, ensure_ascii=False)),
        )

    @staticmethod
    def _waiting(tickets: list[Ticket]) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in tickets:
            if t.state is TicketState.WAITING:
                out[t.category] = out.get(t.category, 0) + 1
        return out

    def queue_events(
        self, terminal: str, since: int, limit: int = 100
    ) -> list[tuple[int, str, str]]:
        """The hall's events after ``since``: (seq, kind, JSON document)."""
        hall = self._hall(terminal)
        return [
            (int(seq), str(kind), str(doc))
            for seq, kind, doc in self.db.conn.execute(
                "SELECT seq, kind, doc FROM queue_events WHERE hall = ? AND seq > ?"
                " ORDER BY seq LIMIT ?",
                (hall, since, limit),
            )
        ]

    def queue_state(self, terminal: str) -> dict[str, Any]:
        """What a display shows on connecting: the last calls and who waits where."""
        hall = self._hall(terminal)
        categories, _ = self._config(hall)
        tickets = self._tickets(hall, hall_day(self._now()))
        called = sorted((t for t in tickets if t.calls), key=lambda t: t.calls[-1], reverse=True)
        return {
            "categories": {c.letter: c.name for c in categories.values()},
            "waiting": self._waiting(tickets),
            "recent": [
                {
                    "number": t.number,
                    "window": t.window,
                    "caption": call_caption(t.number, t.window),
                }
                for t in called[:8]
                if t.window
            ],
        }

    # -- calling --------------------------------------------------------------------------

    def call_next(self, terminal: str, body: bytes) -> Answer:
        """叫号: the next ticket of the window's categories, called to it (none: null)."""
        doc = json_object(body)
        window = str(doc.get("window", ""))[:40]
        letters = doc.get("categories")
        if not window or not isinstance(letters, list):
            raise PlatformError(422, "window and categories required")
        hall = self._hall(terminal)
        now = self._now()
        with self.db.transaction() as c:
            tickets = self._tickets(hall, hall_day(now))
            chosen = next_ticket(tickets, [str(x) for x in letters])
            if chosen is None:
                return Answer(200, {"ticket": None})
            called = call(chosen, window, now)
            self._store(c, hall, called)
            self._event(c, hall, "call", called, tickets)
        return Answer(200, {"ticket": ticket_to_dict(called)})

    def ticket_action(self, terminal: str, number: str, action: str, body: bytes) -> Answer:
        """重呼, 过号, 开始办理, 办结 and 转移 of one of today's tickets."""
        doc = json_object(body) if body else {}
        hall = self._hall(terminal)
        categories, policy = self._config(hall)
        now = self._now()
        day = hall_day(now)
        with self.db.transaction() as c:
            tickets = self._tickets(hall, day)
            ticket = next((t for t in tickets if t.number == number), None)
            if ticket is None:
                raise PlatformError(404, f"no ticket {number} today")
            try:
                if action == "recall":
                    changed = recall(ticket, now, policy)
                elif action == "no-show":
                    changed = no_show(ticket, tickets, policy)
                elif action == "serve":
                    changed = serve(ticket, now)
                elif action == "finish":
                    changed = finish(ticket, now, str(doc.get("application", ""))[:64])
                elif action == "transfer":
                    target = categories.get(str(doc.get("category", "")))
                    if target is None:
                        raise PlatformError(422, "category: one of the hall's letters")
                    changed = transfer(ticket, target)
                else:
                    raise PlatformError(404, f"no action {action}")
            except ValidationError as e:
                raise _refused(e) from None
            self._store(c, hall, changed)
            if action == "recall":
                self._event(c, hall, "recall", changed, tickets)
        return Answer(200, {"ticket": ticket_to_dict(changed)})
