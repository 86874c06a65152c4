"""Ticket numbers: a category's letter and a zero-padded sequence (A012), counted per hall
day — the day in China time, so the numbers start again at 00:00 in Beijing whatever zone a
machine keeps.

No number is issued twice, in any failure: every number comes from a :class:`NumberBlock` the
hall server handed to one holder (itself for the tickets it issues online, a kiosk for those it
issues while the server is away), blocks never overlap, and a holder issues the numbers of its
blocks in order, each once (the holder keeps how far it got, durably, before printing).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from core.clock import CST
from core.errors import ValidationError
from core.messages import tr

#: Numbers per category per day: three digits on the ticket and the display (A001 … A999).
LAST_NUMBER = 999
#: A kiosk's block: enough for a morning's tickets with the server away.
BLOCK_SIZE = 50
#: The holder of the blocks the hall server issues from itself (online tickets).
SERVER = "hall"


def hall_day(at: datetime) -> date:
    """The queue day a moment belongs to: its date in China time (numbers start again at
    00:00 Beijing time, not at the machine's midnight)."""
    if at.tzinfo is None:
        raise ValueError("a queue moment must carry its time zone")
    return at.astimezone(CST).date()


def ticket_number(letter: str, n: int) -> str:
    """The number as printed and shown: ``A`` and three digits (A012)."""
    if not 1 <= n <= LAST_NUMBER:
        raise ValueError(f"ticket numbers run 1–{LAST_NUMBER}, not {n}")
    return f"{letter}{n:03d}"


@dataclass(frozen=True, slots=True)
class NumberBlock:
    """Numbers ``first``–``last`` of ``category`` on ``day``, issued by ``holder`` alone."""

    category: str
    day: date
    first: int
    last: int
    holder: str  # the hall server ("hall") or a kiosk's terminal id

    def __post_init__(self) -> None:
        if not 1 <= self.first <= self.last <= LAST_NUMBER:
            raise ValueError(f"bad block {self.first}–{self.last}")

    def __contains__(self, n: object) -> bool:
        return isinstance(n, int) and self.first <= n <= self.last

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def next_after(self, issued: int) -> int | None:
        """The number to issue after ``issued`` (0: none yet); None when the block is used."""
        n = max(issued + 1, self.first)
        return n if n <= self.last else None


class NumbersExhausted(ValidationError):
    default_user_message = tr("今日该类业务号码已发完，请咨询工作人员。")


def allocate(
    existing: Iterable[NumberBlock], category: str, day: date, holder: str, size: int = BLOCK_SIZE
) -> NumberBlock:
    """The next block of ``category`` on ``day`` for ``holder``. The hall server's own blocks
    count up from 1 (the numbers a hall sees in the order they are taken: A001, A002 …), the
    kiosks' blocks count down from 999 (a ticket issued while the server was away has a high
    number, A951, not one before the morning's first); they never overlap.

    Raises:
        NumbersExhausted: the day's numbers of the category are all handed out.
    """
    same = [b for b in existing if b.category == category and b.day == day]
    server_top = max((b.last for b in same if b.holder == SERVER), default=0)
    kiosk_floor = min((b.first for b in same if b.holder != SERVER), default=LAST_NUMBER + 1)
    if holder == SERVER:
        first, last = server_top + 1, min(server_top + size, kiosk_floor - 1)
    else:
        first, last = max(kiosk_floor - size, server_top + 1), kiosk_floor - 1
    if first > last:
        raise NumbersExhausted(f"{category} {day}: all {LAST_NUMBER} numbers handed out")
    return NumberBlock(category, day, first, last, holder)


def overlapping(blocks: Iterable[NumberBlock]) -> list[tuple[NumberBlock, NumberBlock]]:
    """Pairs of blocks that share a number (none, ever: a check for the server's ledger)."""
    by_day: dict[tuple[str, date], list[NumberBlock]] = {}
    for b in blocks:
        by_day.setdefault((b.category, b.day), []).append(b)
    out = []
    for same in by_day.values():
        same.sort(key=lambda b: b.first)
        out += [(a, b) for a, b in itertools.pairwise(same) if b.first <= a.last]
    return out


_FOLLOW = re.compile(r"^(?:Q(\d{8}))?([A-Z])(\d{3})$")


def follow_code(day: date, number: str) -> str:
    """The code on a ticket (and in its QR) that the kiosk's progress query follows:
    ``Q`` + the day + the number (Q20261205A012)."""
    return f"Q{day:%Y%m%d}{number}"


def parse_follow_code(text: str) -> tuple[date | None, str] | None:
    """(the day or None for today, the number) of a ticket's code or of a number typed alone
    (A012); None when ``text`` is neither (a receipt's code)."""
    m = _FOLLOW.match(text.strip().upper())
    if m is None:
        return None
    day = None
    if m.group(1):
        try:
            day = datetime.strptime(m.group(1), "%Y%m%d").date()
        except ValueError:
            return None
    return day, m.group(2) + m.group(3)
