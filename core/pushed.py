"""Settings the platform pushes to a terminal (``PUT /v1/admin/config/{terminal}``, pulled with
every drain): which of them a running terminal applies, within which bounds — one rule for the
sync loop, the kiosk and the counter (issue 28: applied without a restart where safe).

A value out of its bounds, of the wrong type or unknown is not applied (the terminal keeps
its own setting) and is said, so the fleet's administrator learns why a push did nothing.
Applied without a restart: the sync interval (from the next wait), the kiosk's idle time-outs
(from the next session) and its starting language (at once on an untouched welcome screen, else
at the next return to it). Not the hall's name: the receipts and notices a terminal prints carry
it, and they must not change name in the middle of a day — it waits for the settings file, as
everything else does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.settings import LANGUAGES


@dataclass(frozen=True)
class Pushed:
    """What the platform pushed that this terminal applies (None: not pushed, or refused)."""

    sync_interval: float | None = None
    idle_timeout: float | None = None
    idle_warning: float | None = None
    language: str | None = None
    refused: tuple[str, ...] = field(default=())  # "key: why": a value out of its bounds
    ignored: tuple[str, ...] = field(default=())  # keys a running terminal does not apply


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def pushed(doc: Mapping[str, Any]) -> Pushed:
    """The pushed values a terminal applies, each checked against its bounds."""
    refused: list[str] = []
    out: dict[str, Any] = {}

    def bounded(key: str, low: float, high: float) -> float | None:
        if key not in doc:
            return None
        n = _number(doc[key])
        if n is None or not low <= n <= high:
            refused.append(f"{key}: {doc[key]!r} is not a number from {low:g} to {high:g}")
            return None
        return n

    out["sync_interval"] = bounded("sync_interval", 5, 3600)
    timeout = bounded("idle_timeout_seconds", 30, 900)
    warning = bounded("idle_warning_seconds", 5, 120)
    if timeout is not None and warning is not None and warning >= timeout:
        refused.append(
            f"idle_warning_seconds: {warning:g} is not less than idle_timeout_seconds {timeout:g}"
        )
        timeout = warning = None
    out["idle_timeout"], out["idle_warning"] = timeout, warning
    if "language" in doc:
        if doc["language"] in LANGUAGES:
            out["language"] = doc["language"]
        else:
            refused.append(f"language: {doc['language']!r} is not one of {', '.join(LANGUAGES)}")
    known = {
        "sync_interval",
        "idle_timeout_seconds",
        "idle_warning_seconds",
        "language",
    }
    ignored = tuple(sorted(key for key in doc if key not in known))
    return Pushed(**out, refused=tuple(refused), ignored=ignored)
