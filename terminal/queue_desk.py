"""A terminal's side of the hall's queue (取号 → 叫号), on the store's thread.

The kiosk issues tickets through the hall server; when the server cannot be reached it keeps
issuing from its own blocks of numbers (taken while the server was there), each ticket
committed durably before it prints and marked provisional, and sends them back when the
server returns — so that no number is ever issued twice, whatever fails. It checks in
appointments and follows a ticket for the progress query. The counter calls, recalls, marks
no-shows, serves, finishes, transfers and pauses its window. The rules are core.queue's; the
queue itself lives on the hall server (central/hall_queue.py).

Nothing personal stays here in clear: a provisional ticket keeps the card's number sealed
with the store's key until the server has taken it in, and its person as a keyed digest.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from core.clock import CST
from core.errors import HallError, RejectedByPlatform, TransientError, ValidationError
from core.messages import tr
from core.queue.codec import (
    category_from_dict,
    policy_from_dict,
    ticket_to_dict,
)
from core.queue.numbers import NumberBlock, hall_day, ticket_number
from core.queue.tickets import (
    Category,
    QueuePolicy,
    Ticket,
    check_issue,
    priority_for,
    served_by,
)

if TYPE_CHECKING:
    from sync.store import LocalStore

log = logging.getLogger(__name__)

#: A kiosk asks for a new block of a category when fewer numbers than this are left.
LOW_WATER = 10
_PERSON = b"queue-person"  # the digest's purpose


class QueueClient(Protocol):
    def queue(self) -> dict[str, Any]: ...
    def queue_get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]: ...
    def queue_post(self, path: str, doc: dict[str, Any]) -> dict[str, Any]: ...


class QueueUnavailable(ValidationError):
    default_user_message = tr("排队系统暂不可用，请到服务台咨询。")


@dataclass(frozen=True)
class QueueOverview:
    """What the kiosk offers: the hall's categories, who waits in each, the estimates (where
    the hall shows them) — from the hall server, or as last pulled (``offline``)."""

    categories: list[Category]
    policy: QueuePolicy
    waiting: dict[str, int] = field(default_factory=dict)
    estimates: dict[str, str] = field(default_factory=dict)
    paused: list[str] = field(default_factory=list)
    offline: bool = False


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket as the kiosk shows and prints it. ``ahead`` is None when not known (issued
    while the server was away: the queue is the server's)."""

    number: str
    category: str
    category_name: str
    day: date
    issued_at: datetime
    ahead: int | None
    estimate: str = ""
    provisional: bool = False
    appointment: str = ""
    priority: int = 0


@dataclass(frozen=True)
class TicketPlace:
    """Where a followed ticket stands (the kiosk's progress query)."""

    number: str
    category_name: str
    state: str  # waiting, called, serving, done, missed, cancelled
    ahead: int
    estimate: str
    window: str
    today: bool


def _issued(doc: dict[str, Any]) -> IssuedTicket:
    t = doc["ticket"]
    return IssuedTicket(
        number=str(t["number"]),
        category=str(t["category"]),
        category_name=str(doc.get("category_name", t["category"])),
        day=date.fromisoformat(t["day"]),
        issued_at=datetime.fromisoformat(t["issued_at"]),
        ahead=int(doc.get("ahead", 0)),
        estimate=str(doc.get("estimate", "")),
        provisional=bool(t.get("provisional", False)),
        appointment=str(t.get("appointment", "")),
        priority=int(t.get("priority", 0)),
    )


class QueueDesk:
    def __init__(
        self,
        store: LocalStore,
        client: Callable[[], QueueClient] | None,
        terminal_id: str,
    ) -> None:
        self.store = store
        self._client = client  # None: not enrolled (no hall server to ask)
        self.terminal_id = terminal_id
        self.clock = store.clock

    def _server(self) -> QueueClient:
        if self._client is None:
            raise QueueUnavailable("not enrolled", user_message=tr("本机未联网，无法取号。"))
        return self._client()

    def _now(self) -> datetime:
        return self.clock.now().astimezone(CST)

    # -- the configuration --------------------------------------------------------------

    def overview(self) -> QueueOverview:
        """The hall's queue as the server says now (kept for when it is away), or as last
        pulled when it cannot be reached.

        Raises:
            QueueNotConfigured: the hall keeps no queue.
            QueueUnavailable: the server is away and nothing was ever pulled.
        """
        try:
            doc = self._server().queue()
        except TransientError as e:
            log.info("queue: the hall server is away (%s); as last pulled", e.detail)
            return self._cached(e)
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO queue_config VALUES ('', ?, ?) ON CONFLICT (hall)"
                " DO UPDATE SET doc = excluded.doc, at = excluded.at",
                (json.dumps(doc, ensure_ascii=False), self._now().isoformat()),
            )
        return self._overview(doc)

    def _overview(self, doc: dict[str, Any], *, offline: bool = False) -> QueueOverview:
        try:
            return QueueOverview(
                [category_from_dict(c) for c in doc.get("categories", ())],
                policy_from_dict(doc.get("policy", {})),
                {str(k): int(v) for k, v in doc.get("waiting", {}).items()},
                {str(k): str(v) for k, v in doc.get("estimates", {}).items()},
                [str(w) for w in doc.get("paused", ())],
                offline=offline,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise QueueUnavailable(f"queue configuration: {e}") from e

    def _cached(self, cause: HallError) -> QueueOverview:
        row = self.store.conn.execute("SELECT doc FROM queue_config WHERE hall = ''").fetchone()
        if row is None:
            raise QueueUnavailable(f"no queue configuration kept ({cause.detail})") from cause
        return self._overview(json.loads(row[0]), offline=True)

    # -- 取号 ----------------------------------------------------------------------------

    def issue(
        self,
        letter: str,
        *,
        id_number: str = "",
        name: str = "",
        birth: date | None = None,
        disabled: bool = False,
        service_member: bool = False,
    ) -> IssuedTicket:
        """取号: from the hall server; while it cannot be reached, from this kiosk's block
        (committed before it prints). A refusal by the queue's rules (one per person, the
        day's limit, the hours) is said in the citizen's words.

        Raises:
            HallError: refused (its user message says why), or no number can be issued.
        """
        doc = {
            "category": letter,
            "request": str(uuid.uuid4()),  # a retry after a lost answer: the same ticket
            "id_number": id_number,
            "name": name,
            "disabled": disabled,
            "service_member": service_member,
        }
        try:
            issued = _issued(self._server().queue_post("/v1/queue/tickets", doc))
        except TransientError as e:
            log.warning("queue: the hall server is away (%s): a provisional ticket", e.detail)
            return self._issue_offline(letter, id_number, name, birth, disabled, service_member)
        self.store.audit("queue_ticket", issued.number, issued.category)
        return issued

    def _issue_offline(
        self,
        letter: str,
        id_number: str,
        name: str,
        birth: date | None,
        disabled: bool,
        service_member: bool,
    ) -> IssuedTicket:
        overview = self._cached(QueueUnavailable("hall server away"))
        category = next((c for c in overview.categories if c.letter == letter), None)
        if category is None:
            raise QueueUnavailable(f"no category {letter} kept")
        if category.card_only and not id_number:
            raise QueueUnavailable(
                f"{letter} needs a card",
                user_message=tr("“{name}”须刷身份证取号。", name=category.name),
            )
        now = self._now()
        day = hall_day(now)
        person = self.store.keyring.digest(_PERSON, id_number) if id_number else ""
        with self.store.transaction() as c:
            mine = [
                Ticket(str(n), str(lt), day, now, self.terminal_id, person=str(p))
                for n, lt, p in c.execute(
                    "SELECT number, letter, person FROM queue_provisional"
                    " WHERE day = ? AND sent = 0",
                    (day.isoformat(),),
                )
            ]
            check_issue(category, person, mine, now)
            row = c.execute(
                "SELECT first, last, issued FROM queue_blocks WHERE letter = ? AND day = ?"
                " AND issued < last ORDER BY first LIMIT 1",
                (letter, day.isoformat()),
            ).fetchone()
            if row is None:
                raise QueueUnavailable(
                    f"{letter} {day}: no numbers left in this kiosk's blocks",
                    user_message=tr("排队系统暂时中断，本机号码已用完，请到服务台取号。"),
                )
            block = NumberBlock(letter, day, row[0], row[1], self.terminal_id)
            n = block.next_after(row[2])
            assert n is not None
            c.execute(
                "UPDATE queue_blocks SET issued = ? WHERE letter = ? AND day = ? AND first = ?",
                (n, letter, day.isoformat(), block.first),
            )
            ticket = Ticket(
                ticket_number(letter, n),
                letter,
                day,
                now,
                self.terminal_id,
                priority=priority_for(
                    overview.policy,
                    birth=birth,
                    today=day,
                    disabled=disabled,
                    service_member=service_member,
                ),
                provisional=True,
                name=name if overview.policy.show_names else "",
            )
            sent = {**ticket_to_dict(ticket), "id_number": id_number}
            sealed = self.store.keyring.wrap(
                json.dumps(sent, ensure_ascii=False).encode(), self._aad(day, ticket.number)
            )
            c.execute(
                "INSERT INTO queue_provisional VALUES (?, ?, ?, ?, ?, 0)",
                (day.isoformat(), ticket.number, letter, person, sealed),
            )
        self.store.audit("queue_ticket_provisional", ticket.number, letter)
        return IssuedTicket(
            ticket.number,
            letter,
            category.name,
            day,
            now,
            None,
            provisional=True,
            priority=int(ticket.priority),
        )

    @staticmethod
    def _aad(day: date, number: str) -> bytes:
        return f"queue:{day.isoformat()}:{number}".encode()

    # -- 预约签到 ------------------------------------------------------------------------

    def appointments(self, id_number: str) -> list[dict[str, Any]]:
        """The card holder's appointments of today, each with why it cannot be checked in
        now ("" when it can)."""
        try:
            doc = self._server().queue_post("/v1/queue/appointments/find", {"id_number": id_number})
        except TransientError as e:
            raise QueueUnavailable(
                f"appointments: {e.detail}",
                user_message=tr("暂时无法查询预约，请稍后再试或到服务台签到。"),
            ) from e
        found = doc.get("appointments")
        return [a for a in found if isinstance(a, dict)] if isinstance(found, list) else []

    def check_in(self, reference: str, id_number: str) -> IssuedTicket:
        """预约签到: the appointment becomes a ticket called first (the server only: an
        appointment is the server's)."""
        try:
            doc = self._server().queue_post(
                f"/v1/queue/appointments/{reference}/check-in", {"id_number": id_number}
            )
        except TransientError as e:
            raise QueueUnavailable(
                f"check-in: {e.detail}",
                user_message=tr("暂时无法签到，请稍后再试或到服务台签到。"),
            ) from e
        issued = _issued(doc)
        self.store.audit("queue_check_in", issued.number, reference)
        return issued

    # -- following a ticket (the progress query) ----------------------------------------

    def follow(self, number: str, day: date | None = None) -> TicketPlace:
        params = {"day": day.isoformat()} if day else None
        try:
            doc = self._server().queue_get(f"/v1/queue/tickets/{number}", params)
        except RejectedByPlatform as e:
            raise ValidationError(
                f"follow {number}: {e.detail}",
                user_message=tr("没有找到今天的排队号{number}，请核对号码。", number=number),
            ) from e
        t = doc["ticket"]
        return TicketPlace(
            str(t["number"]),
            str(doc.get("category_name", "")),
            str(t.get("state", "")),
            int(doc.get("ahead", 0)),
            str(doc.get("estimate", "")),
            str(t.get("window", "")),
            bool(doc.get("today", True)),
        )

    # -- between citizens: blocks topped up, provisional tickets sent -----------------

    def between_citizens(self) -> QueueOverview | None:
        """What a kiosk does between citizens: :meth:`housekeeping` (the server away: it
        issues from its blocks), then the queue as it stands; None where the hall keeps no
        queue (取号 is not offered)."""
        from sync.client import QueueNotConfigured

        try:
            self.housekeeping()
        except QueueNotConfigured:
            return None
        except HallError as e:
            log.info("queue: %s", e.detail)
        try:
            return self.overview()
        except QueueNotConfigured:
            return None

    def housekeeping(self) -> dict[str, int]:
        """Sends the tickets issued while the server was away and tops up this kiosk's
        blocks of today's numbers (a hall without a queue: nothing). Raises the network's
        error when the server cannot be reached (tried again next time)."""
        server = self._server()
        sent = self._send_provisional(server)
        overview = self.overview()
        if overview.offline:
            return {"sent": sent, "blocks": 0}
        day = hall_day(self._now())
        taken = 0
        for category in overview.categories:
            left = self.store.conn.execute(
                "SELECT coalesce(sum(last - issued), 0) FROM queue_blocks"
                " WHERE letter = ? AND day = ?",
                (category.letter, day.isoformat()),
            ).fetchone()[0]
            if left >= LOW_WATER:
                continue
            try:
                block = server.queue_post("/v1/queue/blocks", {"category": category.letter})
            except RejectedByPlatform as e:  # the day's numbers all handed out
                log.info("queue: no block of %s: %s", category.letter, e.detail)
                continue
            with self.store.transaction() as c:
                first = int(block["first"])
                c.execute(
                    "INSERT OR IGNORE INTO queue_blocks VALUES (?, ?, ?, ?, ?)",
                    (category.letter, block["day"], first, int(block["last"]), first - 1),
                )
            taken += 1
        with self.store.transaction() as c:  # yesterday's blocks are of no use
            c.execute("DELETE FROM queue_blocks WHERE day < ?", (day.isoformat(),))
        return {"sent": sent, "blocks": taken}

    def _send_provisional(self, server: QueueClient) -> int:
        rows = self.store.conn.execute(
            "SELECT day, number, sealed FROM queue_provisional WHERE sent = 0 ORDER BY day, number"
        ).fetchall()
        if not rows:
            return 0
        tickets = []
        for day, number, sealed in rows:
            doc = json.loads(
                self.store.keyring.unwrap(sealed, self._aad(date.fromisoformat(day), number))
            )
            tickets.append(doc)
        answer = server.queue_post("/v1/queue/provisional", {"tickets": tickets})
        done = {str(n) for n in answer.get("accepted", ())}
        for refused in answer.get("refused", ()):
            log.error(
                "queue: the hall server refused %s: %s", refused.get("number"), refused.get("error")
            )
            done.add(str(refused.get("number")))
        with self.store.transaction() as c:
            for day, number, _ in rows:
                if number in done:  # taken in: the sealed ticket (and its number) forgotten
                    c.execute(
                        "UPDATE queue_provisional SET sent = 1, sealed = x''"
                        " WHERE day = ? AND number = ?",
                        (day, number),
                    )
        return len(done)

    # -- 叫号 at the counter -------------------------------------------------------------

    def window_overview(self, window: str) -> dict[str, Any]:
        """The categories ``window`` calls and who waits in each (asked of the hall server)."""
        overview = self._overview(self._server().queue())
        letters = served_by(overview.categories, window)
        return {
            "categories": letters,
            "names": {c.letter: c.name for c in overview.categories},
            "windows": {c.letter: list(c.windows) for c in overview.categories},
            "waiting": {k: overview.waiting.get(k, 0) for k in letters},
            "paused": window in overview.paused,
        }

    def call(self, window: str, clerk: str = "") -> dict[str, Any] | None:
        """叫号: the next ticket of this window's categories, called here (None: none waits)."""
        letters = self.window_overview(window)["categories"]
        answer = self._server().queue_post(
            "/v1/queue/call", {"window": window, "categories": letters, "clerk": clerk}
        )
        ticket = answer.get("ticket")
        if isinstance(ticket, dict):
            self.store.audit("queue_called", str(ticket.get("number")), window)
            return ticket
        return None

    def act(self, number: str, action: str, **doc: str) -> dict[str, Any]:
        """重呼, 过号, 开始办理, 办结, 转移 of the called ticket (the hall server's rules)."""
        answer = self._server().queue_post(f"/v1/queue/tickets/{number}/{action}", dict(doc))
        self.store.audit(f"queue_{action}", number, doc.get("application", doc.get("category", "")))
        ticket = answer.get("ticket")
        return ticket if isinstance(ticket, dict) else {}

    def pause(self, window: str, paused: bool) -> bool:
        """暂停服务 / 恢复服务 of this window."""
        answer = self._server().queue_post(
            "/v1/queue/windows", {"window": window, "paused": paused}
        )
        self.store.audit("queue_paused" if paused else "queue_resumed", window)
        return bool(answer.get("paused"))
