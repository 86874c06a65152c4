"""Identifiers: UUIDv7 local ids (time-ordered, also the idempotency key) and receipt numbers."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from core.clock import CST


def uuid7(now: datetime, rand: bytes | None = None) -> uuid.UUID:
    """A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then 74 random bits.

    Sorting by the id sorts by creation time, which keeps the outbox in arrival order.
    """
    ms = int(now.timestamp() * 1000)
    if not 0 <= ms < 1 << 48:
        raise ValueError("timestamp out of UUIDv7 range")
    rnd = rand if rand is not None else secrets.token_bytes(10)
    if len(rnd) != 10:
        raise ValueError("need 10 random bytes")
    value = (ms << 80) | int.from_bytes(rnd, "big")
    value &= ~(0xF << 76)
    value |= 0x7 << 76  # version
    value &= ~(0x3 << 62)
    value |= 0x2 << 62  # RFC 4122 variant
    return uuid.UUID(int=value)


def uuid7_time(value: uuid.UUID) -> int:
    """The Unix milliseconds stored in a UUIDv7."""
    return value.int >> 80


# Crockford-style alphabet without I, L, O, U: read aloud at a counter without confusion.
_RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


_DASHES = str.maketrans(dict.fromkeys("－—–‐_", "-"))


def typed_code(text: str) -> str:
    """A receipt code or 办件编号 as a citizen or clerk typed it, as it is looked up: capitals,
    no spaces, any dash a hyphen. Looking up compares without the hyphens too (see
    :func:`undashed`): a code typed without them, as the receipt's large print invites, is the
    same code."""
    return "".join(text.split()).upper().translate(_DASHES)


def undashed(code: str) -> str:
    """``code`` without its hyphens: how a receipt number is matched whatever was typed."""
    return code.replace("-", "")


def provisional_receipt_number(terminal_code: str, now: datetime, local_id: uuid.UUID) -> str:
    """The number printed on the receipt at once, before the platform assigns the official one.

    Shape: ``<terminal>-<yyMMdd>-<6 chars>``; the last part comes from the local id's random bits,
    so it is unique per terminal without coordination and works offline.
    """
    day = now.astimezone(CST).strftime("%y%m%d")
    bits = local_id.int & ((1 << 30) - 1)
    chars = []
    for _ in range(6):
        chars.append(_RECEIPT_ALPHABET[bits & 31])
        bits >>= 5
    return f"{terminal_code}-{day}-{''.join(reversed(chars))}"
