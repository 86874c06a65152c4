"""The outbox: one row per application or evaluation to deliver, its state and attempts — what
the sync worker drains and the status lines count."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from core.application import Application, Status
from core.delivery import OutboxKind, OutboxState, QueueStatus
from sync.database import iso

if TYPE_CHECKING:
    from sync.store import LocalStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    seq: int
    kind: OutboxKind
    ref_id: str
    state: OutboxState
    attempts: int
    next_attempt_at: str
    last_error: str
    size: int
    created_at: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", OutboxKind(self.kind))
        object.__setattr__(self, "state", OutboxState(self.state))


# -- the one writer of outbox rows and their state (in the caller's transaction) -------------


def enqueue(
    c: sqlite3.Connection,
    kind: OutboxKind,
    ref_id: str,
    now: str,
    *,
    priority: int = 0,
    size: int = 0,
) -> None:
    """Queues ``ref_id`` for delivery (once: a second call changes nothing). Evaluations go
    first (priority 0), applications after (1), small before big."""
    c.execute(
        "INSERT OR IGNORE INTO outbox (kind, ref_id, state, attempts, created_at, last_error,"
        " priority, size) VALUES (?, ?, 'pending', 0, ?, '', ?, ?)",
        (kind.value, ref_id, now, priority, size),
    )


def follow_application(c: sqlite3.Connection, app: Application, now: str) -> None:
    """The application's outbox row follows its status in the same transaction: no crash can
    leave one saying delivered and the other still delivering."""
    lid = str(app.local_id)
    where = " WHERE kind = 'application' AND ref_id = ?"
    if app.status in (Status.QUEUED, Status.DELIVERING):
        enqueue(
            c,
            OutboxKind.APPLICATION,
            lid,
            now,
            priority=1,
            size=sum(a.size for a in app.attachments),
        )
        if app.status is Status.QUEUED:  # released by a person: send again at once
            c.execute(
                "UPDATE outbox SET state = 'pending', next_attempt_at = '', last_error = ''"
                + where
                + " AND state = 'held'",
                (lid,),
            )
    elif app.status is Status.HELD:
        c.execute(
            "UPDATE outbox SET state = 'held', last_error = ?"
            + where
            + " AND state IN ('pending', 'delivering')",
            (app.hold_reason, lid),
        )
    elif app.status.confirmed_by_platform:
        c.execute(
            "UPDATE outbox SET state = 'delivered'" + where + " AND state != 'delivered'",
            (lid,),
        )


_OUTBOX_COLUMNS = (
    "seq, kind, ref_id, state, attempts, COALESCE(next_attempt_at, ''), last_error, size,"
    " created_at"
)


class Outbox:
    """The delivery queue beside the store's tables (same connection, same transactions)."""

    def __init__(self, store: LocalStore) -> None:
        self.store = store

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    def due(self, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """What to send now: evaluations first, then small applications before big scans,
        oldest first within each."""
        rows = self.conn.execute(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE state IN ('pending', 'delivering')"
            " AND COALESCE(next_attempt_at, '') <= ?"
            " ORDER BY priority, size > 1048576, seq LIMIT ?",
            (iso(now), limit),
        ).fetchall()
        return [OutboxItem(*r) for r in rows]

    def next_due(self) -> datetime | None:
        """When the earliest waiting item may be tried again (None: nothing waits)."""
        row = self.conn.execute(
            "SELECT count(*), MIN(COALESCE(next_attempt_at, '')) FROM outbox"
            " WHERE state IN ('pending', 'delivering')"
        ).fetchone()
        if not row[0]:
            return None
        return datetime.fromisoformat(row[1]) if row[1] else self.store.clock.now()

    def get(self, kind: str, ref_id: str) -> OutboxItem | None:
        row = self.conn.execute(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE kind = ? AND ref_id = ?", (kind, ref_id)
        ).fetchone()
        return OutboxItem(*row) if row else None

    def retry(self, ref_id: str) -> str:
        """Sends a held item again, after a person fixed its cause: a held application goes
        back to 待上报 and its outbox row to pending in one commit. Returns "" when queued
        again, or the official number when the platform had confirmed it after all (a crash
        between two commits in older versions left it held).

        Raises:
            LookupError: no outbox item for ``ref_id``.
            ValueError: the item is not held (naming its state).
        """
        for kind in (OutboxKind.APPLICATION, OutboxKind.EVALUATION):
            item = self.get(kind, ref_id)
            if item is None:
                continue
            if item.state is not OutboxState.HELD:
                raise ValueError(f"{kind} {ref_id} is {item.state}, not held")
            if kind is OutboxKind.APPLICATION:
                app = self.store.load(uuid.UUID(ref_id))
                if app.status.confirmed_by_platform:
                    self.store.save(app)  # the outbox row follows the application
                    return app.official_number or "?"
                app.advance(Status.QUEUED, self.store.clock.now(), "重新上报")
                self.store.save(app)  # held → queued, and its outbox row pending, in one commit
            else:
                self.mark(item.seq, "pending")
            self.store.audit("outbox_retry", ref_id, str(kind))
            return ""
        raise LookupError(f"no outbox item {ref_id}")

    def items(self, state: str | None = None) -> list[OutboxItem]:
        if state is None:
            rows = self.conn.execute(f"SELECT {_OUTBOX_COLUMNS} FROM outbox ORDER BY seq")
        else:
            rows = self.conn.execute(
                f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE state = ? ORDER BY seq", (state,)
            )
        return [OutboxItem(*r) for r in rows.fetchall()]

    def mark(
        self,
        seq: int,
        state: str,
        *,
        error: str = "",
        next_attempt_at: datetime | None = None,
        count_attempt: bool = False,
        facts: dict[str, str] | None = None,
    ) -> None:
        """Updates one item (and, in the same transaction, worker facts in ``facts``)."""
        with self.store.transaction() as c:
            for key, value in (facts or {}).items():
                c.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
            c.execute(
                "UPDATE outbox SET state = ?, last_error = ?, next_attempt_at = ?,"
                " attempts = attempts + ? WHERE seq = ?",
                (
                    state,
                    error,
                    iso(next_attempt_at) if next_attempt_at else "",
                    1 if count_attempt else 0,
                    seq,
                ),
            )

    def status(self) -> QueueStatus:
        counts = {
            (OutboxKind(kind), OutboxState(state)): n
            for kind, state, n in self.conn.execute(
                "SELECT kind, state, count(*) FROM outbox GROUP BY kind, state"
            )
        }
        return QueueStatus(
            counts,
            oldest_waiting=self.oldest_waiting(),
            last_success=self.get_state("last_success"),
            last_error=self.get_state("last_error"),
        )

    def oldest_waiting(self) -> str:
        row = self.conn.execute(
            "SELECT min(created_at) FROM outbox WHERE state IN ('pending', 'delivering', 'held')"
        ).fetchone()
        return str(row[0] or "")

    def get_state(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_state(self, **values: str) -> None:
        with self.store.transaction() as c:
            c.executemany(
                "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                list(values.items()),
            )
