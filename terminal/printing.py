"""A print is a job with a state: confirmed by the printer, only handed over, or failed.

A failed print is never reported as success: the outcome carries the user's words, and the
document can always be printed again (receipts are rebuilt from the store by their code).
Call :func:`print_job` on the printer's own thread.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import Any

from core.errors import HallError
from core.messages import tr
from core.ports import Printer

log = logging.getLogger(__name__)


class PrintState(enum.Enum):
    CONFIRMED = "confirmed"  # a two-way printer read back no fault after printing
    SENT = "sent"  # a one-way transport took the bytes; the printer cannot say more
    FAILED = "failed"

    @property
    def ok(self) -> bool:
        return self is not PrintState.FAILED


@dataclass(frozen=True)
class PrintOutcome:
    what: str  # 回执, 一次性告知书, 办事指南
    state: PrintState
    message: str  # for the screen, in the user's language
    size: int = 0  # bytes sent


def print_job(printer: Printer | None, blocks: list[Any], what: str) -> PrintOutcome:
    """Prints ``blocks``; never raises for a printer fault (the outcome says what happened)."""
    if printer is None:
        return PrintOutcome(
            what,
            PrintState.FAILED,
            tr("本机未配置打印机，{what}未打印，请咨询工作人员。", what=what),
        )
    try:
        data = printer.print_document(blocks)
    except HallError as e:
        log.warning("printing the %s failed: %s", what, e.detail)
        return PrintOutcome(
            what, PrintState.FAILED, tr("{what}未能打印：{why}", what=what, why=e.user_message)
        )
    if printer.two_way:
        return PrintOutcome(
            what, PrintState.CONFIRMED, tr("{what}已打印，请取走。", what=what), len(data)
        )
    return PrintOutcome(
        what, PrintState.SENT, tr("{what}已发送到打印机，请取走。", what=what), len(data)
    )
