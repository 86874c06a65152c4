"""What every part of the platform shares: its errors and answers, the JSON a terminal sends,
and the state the parts stand on (the database, the clock, the blob folder)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from central.replay import ReplayGuard
from central.storage import Records
from central.storage.blobs import Blobs
from core.catalogue.models import ServiceItem
from core.clock import CST

_SHA = frozenset("0123456789abcdef")


class PlatformError(Exception):
    """A refusal with its HTTP status; ``extra`` goes into the error body (and headers)."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


@dataclass(frozen=True)
class Answer:
    status: int
    doc: dict[str, Any]


def valid_sha(text: str) -> bool:
    return len(text) == 64 and set(text) <= _SHA


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_object(body: bytes) -> dict[str, Any]:
    """A terminal's JSON document: a standard JSON object in UTF-8, or a 400 — never NaN or
    Infinity (Python's json takes them; stored, they made SQLite's json functions fail every
    look-up for ever), never UTF-16 (json.loads guesses it from bytes), never nested past
    what the decoder can take (a RecursionError answered 500)."""
    try:
        doc = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        raise PlatformError(
            400, f"body is not standard JSON in UTF-8: {type(e).__name__}"
        ) from None
    if not isinstance(doc, dict):
        raise PlatformError(400, "body must be a JSON object")
    return doc


def text_field(doc: dict[str, Any], key: str, limit: int) -> str:
    """A terminal's text field, stripped and cut to ``limit`` ("" when it is not text)."""
    value = doc.get(key, "")
    return value.strip()[:limit] if isinstance(value, str) else ""


def canonical(doc: dict[str, Any]) -> str:
    """How a document is stored: standard JSON (checked by :func:`json_object`), keys sorted."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, allow_nan=False)


class PlatformBase:
    """The state every part of :class:`central.platform.Platform` works on."""

    data_dir: Path
    db: Records
    blobs: Blobs
    clock: Callable[[], float]
    quota_bytes: int
    #: 一事一码: an item's implementation code names the body that implements it (region code,
    #: level, department), found in the catalogue
    router: Callable[[str], tuple[str, str, str] | None]
    replays: ReplayGuard
    _secrets: dict[str, tuple[str, float]]

    def _secret(self, terminal_id: str, *, fresh: bool = False) -> str | None:
        raise NotImplementedError  # central.terminals.Terminals

    def add_terminal(self, terminal_id: str, name: str = "", hall: str = "", role: str = "") -> str:
        raise NotImplementedError  # central.terminals.Terminals

    def _open_case(self, c: Any, terminal: str, key: str, doc: dict[str, Any], now: str) -> None:
        raise NotImplementedError  # central.cases.Cases

    def _start_clock(self, c: Any, official: str, impl: str) -> None:
        raise NotImplementedError  # central.supervision.Supervision

    def _stop_clock(self, c: Any, official: str) -> None:
        raise NotImplementedError  # central.supervision.Supervision

    def _issue_payment(self, c: Any, terminal: str, official: str, item: ServiceItem) -> None:
        raise NotImplementedError  # central.payments.Payments

    def payments_of(self, officials: list[str]) -> dict[str, dict[str, Any]]:
        raise NotImplementedError  # central.payments.Payments

    def case_answers(self, officials: list[str]) -> dict[str, str]:
        raise NotImplementedError  # central.cases.Cases

    def refresh_clocks(self, today: date | None = None) -> int:
        raise NotImplementedError  # central.supervision.Supervision

    def update_offer(self, terminal: str) -> dict[str, Any] | None:
        raise NotImplementedError  # central.releases.Releases

    def public_key(self) -> str:
        raise NotImplementedError  # central.releases.Releases

    def config(self, terminal: str) -> Answer:
        raise NotImplementedError  # central.progress.Progress

    def check_licences_used(self, terminal: str, application: str, identifiers: list[str]) -> None:
        raise NotImplementedError  # central.licences.Licences

    #: the catalogue's items, and of them the 即办件 (central.app sets the catalogue's)
    catalogue_counts: Callable[[], tuple[int, int]]

    #: an item of the platform's catalogue by its implementation code (None: not there)
    catalogue_item: Callable[[str], ServiceItem | None]

    def meta(self, key: str) -> str | None:
        """A value of the platform's own settings and counters (platform_meta), or None."""
        row = self.db.conn.execute(
            "SELECT value FROM platform_meta WHERE key = ?", (key,)
        ).fetchone()
        return str(row[0]) if row else None

    @staticmethod
    def set_meta(c: Any, key: str, value: str) -> None:
        """Sets a platform_meta value, inside the caller's transaction ``c``."""
        c.execute(
            "INSERT INTO platform_meta VALUES (?, ?) ON CONFLICT (key)"
            " DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @staticmethod
    def count_up(c: Any, key: str) -> int:
        """The next number of a platform_meta counter (1 first), inside the caller's
        transaction ``c``: e-receipts, portal accounts, the staff list's version."""
        cur = c.execute(
            "INSERT INTO platform_meta VALUES (?, '1') ON CONFLICT (key)"
            " DO UPDATE SET value = CAST(CAST(platform_meta.value AS INTEGER) + 1 AS TEXT)"
            " RETURNING value",
            (key,),
        )
        return int(cur.fetchone()[0])

    def clerk_labeller(self) -> Callable[..., str]:
        """How the console and the statistics name a member of staff — 王芳（C101）: the name a
        decision gave, else the account's; the number alone where no name is known."""
        names = {
            str(n): str(name) for n, name in self.db.conn.execute("SELECT number, name FROM staff")
        }

        def label(number: str, name: str = "") -> str:
            name = name or names.get(number, "")
            return f"{name}（{number}）" if name and number else number

        return label

    def now_iso(self) -> str:
        """The platform's clock as its records are stamped (UTC, ISO form)."""
        return datetime.fromtimestamp(self.clock(), UTC).isoformat(timespec="microseconds")

    def china_now(self) -> datetime:
        """The platform's clock in China time (the hall's day, a certificate's date)."""
        return datetime.fromtimestamp(self.clock(), CST)

    def person_digest(self, id_number: str) -> str:
        """A person as the platform's hall queue and licence library keep them: a keyed digest
        of their ID number (the key the platform's own, made once), never the number."""
        return hmac.new(self._person_key(), id_number.encode(), hashlib.sha256).hexdigest()[:32]

    def _person_key(self) -> bytes:
        """The hall server's key for people's digests (made once; read before a transaction
        that needs it)."""
        cached: bytes | None = getattr(self, "_queue_key", None)
        if cached is not None:
            return cached
        row = self.db.conn.execute(
            "SELECT value FROM platform_meta WHERE key = 'queue_person_key'"
        ).fetchone()
        if row is None:
            with self.db.transaction() as c:
                c.execute(
                    "INSERT INTO platform_meta VALUES ('queue_person_key', ?)"
                    " ON CONFLICT DO NOTHING",
                    (secrets.token_hex(32),),
                )
            row = self.db.conn.execute(
                "SELECT value FROM platform_meta WHERE key = 'queue_person_key'"
            ).fetchone()
        key = bytes.fromhex(str(row[0]))
        self._queue_key = key
        return key
