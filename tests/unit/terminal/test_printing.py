"""A print job's outcome in the words of what was printed: a failed guide is a failed guide."""

from __future__ import annotations

from core.documents.blocks import Text
from core.settings import DeviceSettings
from devices.printer.printer import PrinterConfig, ReceiptPrinter
from terminal.printing import PrintState, print_job


def test_a_guide_that_cannot_print_is_said_as_such_and_promises_no_receipt(
    expected_warnings: None,
) -> None:
    """It said 回执已保存，可在工作台重新打印 — there is no receipt of a guide, and 工作台 is
    staff jargon; the page adds what to do next."""
    printer = ReceiptPrinter(
        PrinterConfig.from_settings(DeviceSettings("network", "127.0.0.1:9", {}))
    )  # nothing listens on port 9 here
    outcome = print_job(printer, [Text("办事指南")], "办事指南")
    assert outcome.state is PrintState.FAILED
    assert outcome.message == "办事指南未能打印：打印机未连接或未开机。"
    assert "回执" not in outcome.message
    assert "工作台" not in outcome.message
