"""The hall's queue on the hall server (``hall-central`` in the hall): its categories and
policy (configured by the administrator, pulled by terminals), the tickets it issues online,
the appointments booked for the day and their check-in, the blocks of numbers it hands to
kiosks for the tickets they issue while it is away (taken in when they come back), the calls
of the counters and the windows they pause, and the day's figures — each change one durable
transaction, the rules those of :mod:`core.queue`.

A hall is the ``hall`` a terminal was enrolled in: its kiosks, counters and displays share one
queue. Nobody's ID number is kept: a person is a keyed digest of it (one ticket per person,
an appointment found by card), the key the hall server's own."""

from __future__ import annotations

import json
import secrets
import statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from central.base import (
    Answer,
    PlatformBase,
    PlatformError,
    json_object,
    text_field,
)
from core.clock import CST
from core.errors import InvalidIdNumber, ValidationError
from core.queue.codec import (
    category_from_dict,
    category_to_dict,
    policy_from_dict,
    policy_to_dict,
    ticket_from_dict,
    ticket_to_dict,
)
from core.queue.estimate import RECENT, estimate_wait, said
from core.queue.numbers import SERVER, NumberBlock, allocate, hall_day, ticket_number
from core.queue.speech import call_caption, call_speech
from core.queue.tickets import (
    Appointment,
    Category,
    Priority,
    QueuePolicy,
    Ticket,
    TicketState,
    call,
    check_in,
    check_issue_counted,
    finish,
    no_show,
    priority_for,
    recall,
    serve,
    transfer,
)
from core.validators import mask_name, parse_id_number

HALL_HOLDER = SERVER  # the server's own blocks, for the tickets it issues online
OPEN = (TicketState.WAITING.value, TicketState.CALLED.value, TicketState.SERVING.value)


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
                (hall, json.dumps(doc, ensure_ascii=False), self.now_iso()),
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

    def _tickets(
        self,
        hall: str,
        day: date,
        *,
        states: Iterable[str] | None = None,
        category: str | None = None,
    ) -> list[Ticket]:
        """The day's tickets — only those in ``states`` / of ``category`` when given (a call
        reads the waiting ones, not the whole day)."""
        sql, args = "SELECT doc FROM queue_tickets WHERE hall = ? AND day = ?", [hall, str(day)]
        if states is not None:
            chosen = list(states)
            sql += f" AND state IN ({', '.join('?' * len(chosen))})"
            args += chosen
        if category is not None:
            sql += " AND category = ?"
            args.append(category)
        return [ticket_from_dict(json.loads(doc)) for (doc,) in self.db.conn.execute(sql, args)]

    def _paused(self, hall: str) -> set[str]:
        return {
            str(w)
            for (w,) in self.db.conn.execute(
                "SELECT window FROM queue_windows WHERE hall = ? AND paused = 1", (hall,)
            )
        }

    def _open_windows(self, hall: str, category: Category) -> int:
        """Windows open for ``category``: those named, less those paused (a category naming
        none is served by any window: one is assumed, as the hall has at least one)."""
        if not category.windows:
            return 1
        return len(set(category.windows) - self._paused(hall))

    def _served(self, hall: str, day: date, letter: str) -> list[timedelta]:
        """The service times observed lately in the category (the estimate's ground): the
        last RECENT served, oldest first."""
        rows = self.db.conn.execute(
            "SELECT json_extract(doc, '$.served_at'), json_extract(doc, '$.done_at')"
            " FROM queue_tickets WHERE hall = ? AND day = ? AND state = ? AND category = ?"
            " ORDER BY json_extract(doc, '$.done_at') DESC LIMIT ?",
            (hall, day.isoformat(), TicketState.DONE.value, letter, RECENT),
        ).fetchall()
        return [
            datetime.fromisoformat(done) - datetime.fromisoformat(served)
            for served, done in reversed(rows)
            if served and done
        ]

    def queue(self, terminal: str) -> Answer:
        """What a terminal of the hall needs: the categories, the policy, who waits where
        and, where the hall shows them, how long a new ticket may wait."""
        hall = self._hall(terminal)
        categories, policy = self._config(hall)
        day = hall_day(self.china_now())
        counted = self._waiting(self.db.conn, hall, day)
        waiting = {letter: counted.get(letter, 0) for letter in categories}
        estimates = {}
        if policy.show_estimate:
            for letter, category in categories.items():
                wait = estimate_wait(
                    waiting[letter],
                    self._served(hall, day, letter),
                    self._open_windows(hall, category),
                )
                estimates[letter] = said(wait)
        return Answer(
            200,
            {
                "categories": [category_to_dict(c) for c in categories.values()],
                "policy": policy_to_dict(policy),
                "waiting": waiting,
                "estimates": estimates,
                "paused": sorted(self._paused(hall)),
            },
        )

    # -- people -----------------------------------------------------------------------------

    def _person(self, doc: dict[str, Any], today: date) -> tuple[str, date | None]:
        """(the person's digest, their birth date) from the ID number a kiosk read from the
        card ("", None without one); a number that is not one is refused."""
        raw = text_field(doc, "id_number", 40)
        if not raw:
            return "", None
        try:
            number = parse_id_number(raw, today=today)
        except InvalidIdNumber as e:
            raise PlatformError(422, e.user_message) from None
        return self.person_digest(number.value), number.birth

    # -- tickets --------------------------------------------------------------------------

    def _store(self, c: Any, hall: str, ticket: Ticket, *, new: bool = False) -> None:
        doc = json.dumps(ticket_to_dict(ticket), ensure_ascii=False)
        # the call order's keys (core.queue.tickets.call_order) kept as columns beside it
        place = round(ticket.place.timestamp() * 1_000_000)
        keys = (ticket.category, ticket.state.value, int(ticket.priority), place, ticket.for_window)
        if new:
            c.execute(
                "INSERT INTO queue_tickets (hall, day, number, doc, category, state, priority,"
                " place_us, for_window, person) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (hall, ticket.day.isoformat(), ticket.number, doc, *keys, ticket.person),
            )
        else:
            c.execute(
                "UPDATE queue_tickets SET doc = ?, category = ?, state = ?, priority = ?,"
                " place_us = ?, for_window = ? WHERE hall = ? AND day = ? AND number = ?",
                (doc, *keys, hall, ticket.day.isoformat(), ticket.number),
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

    def _next_ticket_number(self, c: Any, hall: str, letter: str, day: date) -> str:
        """The next number of the server's own blocks (a new block when they are used)."""
        mine = [(b, n) for b, n in self._blocks(c, hall, letter, day) if b.holder == HALL_HOLDER]
        block, issued = next(((b, n) for b, n in mine if b.next_after(n)), (None, 0))
        if block is None:
            block, issued = self._allocate(c, hall, letter, day, HALL_HOLDER), 0
        n = block.next_after(issued)
        assert n is not None
        c.execute(
            "UPDATE queue_blocks SET issued = ? WHERE hall = ? AND letter = ? AND day = ?"
            " AND first = ?",
            (n, hall, letter, day.isoformat(), block.first),
        )
        return ticket_number(letter, n)

    def _answer(self, hall: str, ticket: Ticket, status: int = 201) -> Answer:
        """A ticket as the kiosk prints it: its category, the people before it and, where the
        hall shows it, an honest estimate."""
        categories, policy = self._config(hall)
        category = categories.get(ticket.category)
        ahead = 0
        if ticket.state is TicketState.WAITING:
            # core.queue.tickets.people_ahead counted on the call order's columns: the waiting
            # of its category with a higher priority, or the same and an earlier place
            place = round(ticket.place.timestamp() * 1_000_000)
            (ahead,) = self.db.conn.execute(
                "SELECT count(*) FROM queue_tickets WHERE hall = ? AND day = ? AND state = ?"
                " AND category = ? AND number != ? AND (priority > ? OR (priority = ?"
                " AND place_us < ?))",
                (
                    hall,
                    ticket.day.isoformat(),
                    TicketState.WAITING.value,
                    ticket.category,
                    ticket.number,
                    int(ticket.priority),
                    int(ticket.priority),
                    place,
                ),
            ).fetchone()
        estimate = ""
        if policy.show_estimate and category is not None:
            wait = estimate_wait(
                ahead,
                self._served(hall, ticket.day, ticket.category),
                self._open_windows(hall, category),
            )
            estimate = said(wait)
        return Answer(
            status,
            {
                "ticket": ticket_to_dict(ticket),
                "category_name": category.name if category else ticket.category,
                "ahead": ahead,
                "estimate": estimate,
            },
        )

    def _replayed(self, hall: str, request: str) -> Answer | None:
        """The ticket a request already got (a kiosk's retry after a lost answer gets the
        same ticket, not a second one)."""
        if not request:
            return None
        row = self.db.conn.execute(
            "SELECT t.doc FROM queue_requests r JOIN queue_tickets t ON t.hall = r.hall"
            " AND t.day = r.day AND t.number = r.number WHERE r.hall = ? AND r.request = ?",
            (hall, request),
        ).fetchone()
        return self._answer(hall, ticket_from_dict(json.loads(row[0])), 200) if row else None

    def issue_ticket(self, terminal: str, body: bytes) -> Answer:
        """取号 on line: a ticket of the hall's own numbers, after the rules of who may take one
        (hours, the day's limit, one per person while it waits, a card where the category
        asks for one) and the person's priority (age from the card's number)."""
        doc = json_object(body)
        hall = self._hall(terminal)
        categories, policy = self._config(hall)
        category = categories.get(text_field(doc, "category", 2))
        if category is None:
            raise PlatformError(422, "category: one of the hall's letters")
        request = text_field(doc, "request", 64)
        if (again := self._replayed(hall, request)) is not None:
            return again
        now = self.china_now()
        day = hall_day(now)
        person, birth = self._person(doc, day)
        if category.card_only and not person:
            raise PlatformError(409, f"“{category.name}”须刷身份证取号。")
        priority = priority_for(
            policy,
            birth=birth,
            today=day,
            disabled=bool(doc.get("disabled")),
            service_member=bool(doc.get("service_member")),
        )
        name = text_field(doc, "name", 30) if policy.show_names else ""
        with self.db.transaction() as c:
            issued, holding = c.execute(
                "SELECT count(*),"
                " coalesce(sum(CASE WHEN person = ? AND state IN (?, ?) THEN 1 END), 0)"
                " FROM queue_tickets WHERE hall = ? AND day = ? AND category = ?",
                (
                    person or "-",  # nobody known (a digest is hex): never holding one
                    TicketState.WAITING.value,
                    TicketState.CALLED.value,
                    hall,
                    day.isoformat(),
                    category.letter,
                ),
            ).fetchone()
            try:
                check_issue_counted(category, now, issued=issued, holding=bool(holding))
            except ValidationError as e:
                raise _refused(e) from None
            ticket = Ticket(
                self._next_ticket_number(c, hall, category.letter, day),
                category.letter,
                day,
                now,
                terminal,
                person=person,
                priority=priority,
                name=mask_name(name) if name else "",
            )
            self._store(c, hall, ticket, new=True)
            if request:
                c.execute(
                    "INSERT INTO queue_requests VALUES (?, ?, ?, ?)",
                    (hall, request, day.isoformat(), ticket.number),
                )
        return self._answer(hall, ticket)

    def follow_ticket(self, terminal: str, number: str, day: str = "") -> Answer:
        """A ticket followed at the kiosk's progress query (its QR or its number): where it
        stands — waiting with so many before it, called to a window, served. Nothing
        personal: the number is on the paper in the citizen's hand."""
        hall = self._hall(terminal)
        today = hall_day(self.china_now())
        try:
            when = date.fromisoformat(day) if day else today
        except ValueError:
            raise PlatformError(422, "day: an ISO date") from None
        row = self.db.conn.execute(
            "SELECT doc FROM queue_tickets WHERE hall = ? AND day = ? AND number = ?",
            (hall, when.isoformat(), number.upper()[:8]),
        ).fetchone()
        if row is None:
            raise PlatformError(404, f"no ticket {number} on {when}")
        answer = self._answer(hall, ticket_from_dict(json.loads(row[0])), 200)
        ticket = answer.doc["ticket"]
        # what the kiosk shows of it (its person and clerk stay on the server)
        answer.doc["ticket"] = {
            k: ticket[k] for k in ("number", "category", "day", "issued_at", "state", "window")
        }
        answer.doc["today"] = when == today
        return answer

    def take_block(self, terminal: str, body: bytes) -> Answer:
        """A kiosk's block of today's numbers of a category, for the tickets it issues while
        the hall server is away (disjoint from every other block: no number twice)."""
        doc = json_object(body)
        hall = self._hall(terminal)
        categories, _ = self._config(hall)
        letter = text_field(doc, "category", 2)
        if letter not in categories:
            raise PlatformError(422, "category: one of the hall's letters")
        day = hall_day(self.china_now())
        with self.db.transaction() as c:
            block = self._allocate(c, hall, letter, day, terminal)
        return Answer(
            201,
            {"category": letter, "day": day.isoformat(), "first": block.first, "last": block.last},
        )

    def take_provisional(self, terminal: str, body: bytes) -> Answer:
        """The tickets a kiosk issued from its blocks while the server was away, taken into the
        queue at their own times (a ticket already taken is recognised: a resend adds nothing).
        A number outside the kiosk's blocks is refused. The person is recognised from the ID
        number the kiosk kept sealed for this (then forgotten by both)."""
        doc = json_object(body)
        sent = doc.get("tickets")
        if not isinstance(sent, list):
            raise PlatformError(422, "tickets: a list")
        hall = self._hall(terminal)
        _, policy = self._config(hall)
        self.person_digest("")  # its key made before the transaction, if this is the first
        accepted: list[str] = []
        refused: list[dict[str, str]] = []
        with self.db.transaction() as c:
            for raw in sent[:500]:
                try:
                    t = ticket_from_dict(raw)
                    person, birth = self._person(raw, t.day)
                except (KeyError, TypeError, ValueError, AttributeError) as e:
                    number = raw.get("number") if isinstance(raw, dict) else None
                    refused.append({"number": str(number), "error": str(e)})
                    continue
                except PlatformError as e:
                    refused.append({"number": str(raw.get("number")), "error": e.message})
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
                    priority = max(
                        t.priority if t.priority is not Priority.APPOINTMENT else Priority.NONE,
                        priority_for(policy, birth=birth, today=t.day),
                    )
                    fresh = Ticket(
                        t.number,
                        t.category,
                        t.day,
                        t.issued_at,
                        terminal,
                        person=person,
                        priority=priority,
                        provisional=True,
                        name=mask_name(t.name) if t.name and policy.show_names else "",
                    )
                    self._store(c, hall, fresh, new=True)
                accepted.append(t.number)
        return Answer(200, {"accepted": accepted, "refused": refused})

    # -- appointments (预约) ------------------------------------------------------------

    def book_appointment(self, hall: str, body: dict[str, Any]) -> Answer:
        """An appointment booked on the platform (the portal's 预约; the administrator's and
        the demo's here): the person's digest, the category and the slot — not the number."""
        categories, _ = self._config(hall)
        letter = text_field(body, "category", 2)
        if letter not in categories:
            raise PlatformError(422, "category: one of the hall's letters")
        try:
            slot = datetime.fromisoformat(str(body.get("slot", "")))
        except ValueError:
            raise PlatformError(422, "slot: an ISO time with its zone") from None
        if slot.tzinfo is None:
            raise PlatformError(422, "slot: an ISO time with its zone")
        person, _ = self._person(body, hall_day(slot))
        if not person:
            raise PlatformError(422, "id_number: the person the appointment is for")
        reference = (
            text_field(body, "reference", 32)
            or f"Y{slot.astimezone(CST):%Y%m%d}{secrets.token_hex(3).upper()}"
        )
        doc = {"reference": reference, "category": letter, "slot": slot.isoformat(), "ticket": ""}
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO queue_appointments VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (hall, reference) DO UPDATE SET day = excluded.day,"
                " person = excluded.person, doc = excluded.doc",
                (hall, reference, hall_day(slot).isoformat(), person, json.dumps(doc)),
            )
        return Answer(201, doc)

    def _appointment(self, doc: dict[str, Any], person: str) -> Appointment:
        return Appointment(
            str(doc["reference"]),
            str(doc["category"]),
            person,
            datetime.fromisoformat(str(doc["slot"])),
            checked_in=bool(doc.get("ticket")),
        )

    def find_appointments(self, terminal: str, body: bytes) -> Answer:
        """预约签到's first step: the person's appointments of today (by the card's number)."""
        hall = self._hall(terminal)
        categories, policy = self._config(hall)
        now = self.china_now()
        person, _ = self._person(json_object(body), hall_day(now))
        if not person:
            raise PlatformError(422, "id_number: whose appointments")
        rows = self.db.conn.execute(
            "SELECT doc FROM queue_appointments WHERE hall = ? AND person = ? AND day = ?",
            (hall, person, hall_day(now).isoformat()),
        ).fetchall()
        found = []
        for (raw,) in rows:
            doc = json.loads(raw)
            booked = self._appointment(doc, person)
            try:
                check_in(booked, now, policy)
                why = ""
            except ValidationError as e:
                why = e.user_message
            category = categories.get(booked.category)
            found.append(
                {
                    "reference": booked.reference,
                    "category": booked.category,
                    "category_name": category.name if category else booked.category,
                    "slot": booked.slot.isoformat(),
                    "ticket": doc.get("ticket", ""),
                    "refused": why,
                }
            )
        found.sort(key=lambda a: a["slot"])
        return Answer(200, {"appointments": found})

    def check_in_appointment(self, terminal: str, reference: str, body: bytes) -> Answer:
        """预约签到: within its window, the appointment becomes a ticket called before those
        without one (the card must be the booked person's)."""
        doc = json_object(body)
        hall = self._hall(terminal)
        categories, policy = self._config(hall)
        now = self.china_now()
        day = hall_day(now)
        person, _ = self._person(doc, day)
        with self.db.transaction() as c:
            row = c.execute(
                "SELECT doc, person FROM queue_appointments WHERE hall = ? AND reference = ?",
                (hall, reference[:32]),
            ).fetchone()
            if row is None or not person or row[1] != person:
                raise PlatformError(404, "没有找到您的这个预约，请核对或咨询工作人员。")
            booked_doc = json.loads(row[0])
            booked = self._appointment(booked_doc, person)
            category = categories.get(booked.category)
            if category is None:
                raise PlatformError(409, "该预约的业务类别已停办，请咨询工作人员。")
            try:
                check_in(booked, now, policy)
            except ValidationError as e:
                raise _refused(e) from None
            ticket = Ticket(
                self._next_ticket_number(c, hall, category.letter, day),
                category.letter,
                day,
                now,
                terminal,
                person=person,
                priority=Priority.APPOINTMENT,
                appointment=booked.reference,
            )
            self._store(c, hall, ticket, new=True)
            booked_doc["ticket"] = ticket.number
            c.execute(
                "UPDATE queue_appointments SET doc = ? WHERE hall = ? AND reference = ?",
                (json.dumps(booked_doc), hall, booked.reference),
            )
        return self._answer(hall, ticket)

    # -- what the displays are told ------------------------------------------------------

    def _event(self, c: Any, hall: str, kind: str, doc: dict[str, Any]) -> None:
        """An event for the hall's displays, with who waits where now (counted, not read);
        the displays' streams are woken once it is committed (see :meth:`queue_changed`)."""
        waiting = self._waiting(c, hall, hall_day(self.china_now()))
        c.execute(
            "INSERT INTO queue_events (hall, at, kind, doc) VALUES (?, ?, ?, ?)",
            (
                hall,
                self.now_iso(),
                kind,
                json.dumps({**doc, "waiting": waiting}, ensure_ascii=False),
            ),
        )

    def queue_changed(self) -> None:
        """Wakes the displays' streams of this process (an event was committed): they read it
        at once instead of at their next look (other processes' streams look every
        POLL_SECONDS)."""
        for wake in list(getattr(self, "_queue_wakers", ())):
            wake()

    def on_queue_change(self, wake: Any) -> Any:
        """Registers ``wake`` (called from the committing thread); returns how to forget it."""
        wakers: set[Any] = self.__dict__.setdefault("_queue_wakers", set())
        wakers.add(wake)
        return lambda: wakers.discard(wake)

    def _call_event(self, c: Any, hall: str, kind: str, ticket: Ticket) -> None:
        """A call (or recall) for the hall's displays: the number, the window, the caption
        shown and the words spoken (the same words), and who waits where now."""
        self._event(
            c,
            hall,
            kind,
            {
                "number": ticket.number,
                "category": ticket.category,
                "window": ticket.window,
                "caption": call_caption(ticket.number, ticket.window, ticket.name),
                "speech": call_speech(ticket.number, ticket.window),
                "calls": len(ticket.calls),
            },
        )

    @staticmethod
    def _waiting(c: Any, hall: str, day: date) -> dict[str, int]:
        """Who waits in each category of the day (counted: the tickets are not read)."""
        return {
            str(letter): int(n)
            for letter, n in c.execute(
                "SELECT category, count(*) FROM queue_tickets WHERE hall = ? AND day = ?"
                " AND state = ? GROUP BY category",
                (hall, day.isoformat(), TicketState.WAITING.value),
            )
        }

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
        """What a display shows on connecting: the last calls, who waits where, the windows
        paused."""
        hall = self._hall(terminal)
        categories, _ = self._config(hall)
        day = hall_day(self.china_now())
        called = [
            ticket_from_dict(json.loads(doc))
            for (doc,) in self.db.conn.execute(
                "SELECT doc FROM queue_tickets WHERE hall = ? AND day = ? AND state != ?",
                (hall, day.isoformat(), TicketState.WAITING.value),
            )
        ]
        called = sorted((t for t in called if t.calls), key=lambda t: t.calls[-1], reverse=True)
        return {
            "categories": {c.letter: c.name for c in categories.values()},
            "waiting": self._waiting(self.db.conn, hall, day),
            "paused": sorted(self._paused(hall)),
            "recent": [
                {
                    "number": t.number,
                    "window": t.window,
                    "caption": call_caption(t.number, t.window, t.name),
                }
                for t in called[:8]
                if t.window
            ],
        }

    # -- calling --------------------------------------------------------------------------

    def call_next(self, terminal: str, body: bytes) -> Answer:
        """叫号: the next ticket of the window's categories, called to it (none: null); a
        paused window calls nobody."""
        doc = json_object(body)
        window = text_field(doc, "window", 40)
        letters = doc.get("categories")
        if not window or not isinstance(letters, list):
            raise PlatformError(422, "window and categories required")
        hall = self._hall(terminal)
        if window in self._paused(hall):
            raise PlatformError(409, f"{window}已暂停服务，请先恢复服务再叫号。")
        now = self.china_now()
        chosen_letters = [str(x) for x in letters][:26]
        # a call, and what follows it (serve, finish, recall, no-show, transfer, a pause), is
        # committed without the fsync (central.storage: it survives a crash of the server; a power
        # cut may lose its last seconds — the ticket then waits and is called again). The
        # numbers issued (tickets, blocks, provisional ones) stay durable: none twice.
        with self.db.transaction(durable=False) as c:
            # the first in the call order (core.queue.tickets.call_order: priority, then
            # place; a ticket transferred to another window is not this one's), by its index
            row = c.execute(
                "SELECT doc FROM queue_tickets WHERE hall = ? AND day = ? AND state = ?"
                f" AND category IN ({', '.join('?' * len(chosen_letters))})"
                " AND for_window IN ('', ?) ORDER BY priority DESC, place_us LIMIT 1",
                (
                    hall,
                    hall_day(now).isoformat(),
                    TicketState.WAITING.value,
                    *chosen_letters,
                    window,
                ),
            ).fetchone()
            chosen = ticket_from_dict(json.loads(row[0])) if row else None
            if chosen is None:
                return Answer(200, {"ticket": None})
            called = call(chosen, window, now, text_field(doc, "clerk", 20))
            self._store(c, hall, called)
            self._call_event(c, hall, "call", called)
        self.queue_changed()
        return Answer(200, {"ticket": ticket_to_dict(called)})

    def pause_window(self, terminal: str, body: bytes) -> Answer:
        """暂停服务 / 恢复服务 of a window: a paused window calls nobody, is left out of the
        estimates and is shown on the displays."""
        doc = json_object(body)
        window = text_field(doc, "window", 40)
        if not window:
            raise PlatformError(422, "window required")
        paused = bool(doc.get("paused"))
        hall = self._hall(terminal)
        with self.db.transaction(durable=False) as c:
            c.execute(
                "INSERT INTO queue_windows VALUES (?, ?, ?, ?) ON CONFLICT (hall, window)"
                " DO UPDATE SET paused = excluded.paused, at = excluded.at",
                (hall, window, int(paused), self.now_iso()),
            )
            rows = c.execute(
                "SELECT window FROM queue_windows WHERE hall = ? AND paused = 1", (hall,)
            ).fetchall()
            self._event(
                c,
                hall,
                "windows",
                {"window": window, "paused_now": paused, "paused": sorted(r[0] for r in rows)},
            )
        self.queue_changed()
        return Answer(200, {"window": window, "paused": paused})

    def ticket_action(self, terminal: str, number: str, action: str, body: bytes) -> Answer:
        """重呼, 过号, 开始办理, 办结 and 转移 of one of today's tickets."""
        doc = json_object(body) if body else {}
        hall = self._hall(terminal)
        categories, policy = self._config(hall)
        now = self.china_now()
        day = hall_day(now)
        with self.db.transaction(durable=False) as c:
            row = c.execute(
                "SELECT doc FROM queue_tickets WHERE hall = ? AND day = ? AND number = ?",
                (hall, day.isoformat(), number[:8]),
            ).fetchone()
            if row is None:
                raise PlatformError(404, f"no ticket {number} today")
            ticket = ticket_from_dict(json.loads(row[0]))
            try:
                if action == "recall":
                    changed = recall(ticket, now, policy)
                elif action == "no-show":
                    waiting = self._tickets(
                        hall, day, states=(TicketState.WAITING.value,), category=ticket.category
                    )
                    changed = no_show(ticket, waiting, policy)
                elif action == "serve":
                    changed = serve(ticket, now)
                elif action == "finish":
                    changed = finish(ticket, now, text_field(doc, "application", 64))
                elif action == "transfer":
                    target = categories.get(text_field(doc, "category", 2))
                    if target is None:
                        raise PlatformError(422, "category: one of the hall's letters")
                    changed = transfer(ticket, target, text_field(doc, "window", 40))
                else:
                    raise PlatformError(404, f"no action {action}")
            except ValidationError as e:
                raise _refused(e) from None
            self._store(c, hall, changed)
            if action == "recall":
                self._call_event(c, hall, "recall", changed)
        if action == "recall":
            self.queue_changed()
        return Answer(200, {"ticket": ticket_to_dict(changed)})

    # -- the day's figures ---------------------------------------------------------------

    def queue_statistics(self, hall: str, day: str) -> Answer:
        """The day's tickets, waiting and service times per category, window, clerk and hour
        (of issue): what the supervision console reads. Minutes, rounded to a tenth."""
        try:
            when = date.fromisoformat(day) if day else hall_day(self.china_now())
        except ValueError:
            raise PlatformError(422, "day: an ISO date") from None
        tickets = self._tickets(hall, when)

        def minutes(values: list[timedelta]) -> dict[str, float | None]:
            if not values:
                return {"mean": None, "p90": None, "max": None}
            m = sorted(v.total_seconds() / 60 for v in values)
            p90 = m[min(len(m) - 1, round(0.9 * (len(m) - 1)))]
            return {
                "mean": round(statistics.fmean(m), 1),
                "p90": round(p90, 1),
                "max": round(m[-1], 1),
            }

        def figures(group: list[Ticket]) -> dict[str, Any]:
            return {
                "tickets": len(group),
                "served": sum(1 for t in group if t.state is TicketState.DONE),
                "missed": sum(1 for t in group if t.state is TicketState.MISSED),
                "waiting_now": sum(1 for t in group if t.state is TicketState.WAITING),
                "provisional": sum(1 for t in group if t.provisional),
                "appointments": sum(1 for t in group if t.appointment),
                "wait_minutes": minutes([w for t in group if (w := t.waited) is not None]),
                "service_minutes": minutes([s for t in group if (s := t.service_time) is not None]),
            }

        def by(key: Any) -> dict[str, Any]:
            groups: dict[str, list[Ticket]] = {}
            for t in tickets:
                k = key(t)
                if k:
                    groups.setdefault(k, []).append(t)
            return {k: figures(v) for k, v in sorted(groups.items())}

        return Answer(
            200,
            {
                "hall": hall,
                "day": when.isoformat(),
                "all": figures(tickets),
                "by_category": by(lambda t: t.category),
                "by_window": by(lambda t: t.window),
                "by_clerk": by(lambda t: t.clerk),
                "by_hour": by(lambda t: f"{t.issued_at.astimezone(CST):%H}:00"),
            },
        )
