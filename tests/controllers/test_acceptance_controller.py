"""The counter's acceptance controller without a window: the clerk's intents in, the journey's
steps, the decision recorded and its notice printed out; workers run inline."""

from __future__ import annotations

import shutil
from pathlib import Path

from common_qt.printing import PrintDesk
from core.application import Channel, CheckState, DecisionKind, Status
from core.flows.counter import CounterStep
from core.ports import CardRead
from core.settings import DeviceSettings
from core.staff import StaffMember, StaffRole
from counter.controller import AcceptanceController, CounterServices
from devices.factory import make_printer
from devices.idcard.cards import DEMO_CARDS
from tests.helpers.escpos_decode import decode
from tests.helpers.keys import counter_terminal

ITEM = "居民身份证换领"


def _controller(
    tmp_path: Path, catalogue: Path, channel: Channel = Channel.COUNTER
) -> tuple[AcceptanceController, Path]:
    terminal = counter_terminal(tmp_path / "data" / "store.sqlite")
    terminal.paths.catalogue.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(catalogue, terminal.paths.catalogue)  # what the first sync brings
    printed = tmp_path / "notice.escpos"
    desk = PrintDesk(make_printer(DeviceSettings("file", str(printed), {"paper_mm": "80"})))
    services = CounterServices(
        terminal.paths.catalogue,
        "369901001000",
        operations=terminal.open,
        clock=terminal.clock,
        desk=desk,
        channel=channel,
        station_name=terminal.settings.terminal.hall_name,
        window="3号窗口",
    )
    c = AcceptanceController(services)
    c.start()
    return c, printed


def _to_checklist(c: AcceptanceController) -> None:
    hits: list[object] = []
    c.search_results.connect(lambda _, found: hits.extend(found))
    c.card(CardRead(DEMO_CARDS["resident"], b"", b""))
    assert c.step is CounterStep.PICK_ITEM
    c.search("身份证换领")
    c.choose_item(next(h for h in hits if h.name == ITEM).impl_code)  # type: ignore[attr-defined]
    assert c.step is CounterStep.FORM
    c.submit_form({**c.state.form_defaults(), "phone": "13812345678"})
    assert c.step is CounterStep.MATERIALS


def test_a_clerk_accepts_with_every_original_seen(  # type: ignore[no-untyped-def]
    qapp, inline_workers: None, tmp_path: Path, demo_catalogue: Path
) -> None:
    c, printed = _controller(tmp_path, demo_catalogue)
    try:
        _to_checklist(c)
        item = c.state.item
        assert item is not None
        seen = {m.code: (CheckState.ORIGINAL_SEEN, "") for m in item.materials}
        c.submit_checklist(seen)
        assert c.step is CounterStep.DECIDE
        c.decide(DecisionKind.ACCEPT)
        assert c.step is CounterStep.DONE
        decided = c.last_decided
        assert decided is not None
        assert decided.application.status is Status.QUEUED  # on its way to the platform
        assert c.last_print is not None
        assert c.last_print.state.ok
        assert "受理通知书" in "".join(decode(printed.read_bytes()).text_lines)
        c.finish()
        assert c.step is CounterStep.READ_CARD
        assert c.state.identity is None
    finally:
        c.stop()


def test_an_agent_asks_for_the_missing_mandate_and_the_notice_lists_it(  # type: ignore[no-untyped-def]
    qapp, inline_workers: None, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Issue 21's rule written twice: at an agent station a 补正 for a missing 授权委托书 was
    refused (材料已齐全，无需补正) by the operation's own pre-check, which lacked the agent's
    conditions; the one rule now asks for it, and the notice printed lists it."""
    c, printed = _controller(tmp_path, demo_catalogue, Channel.AGENT)
    c.clerk = StaffMember("D0001", "李代办", StaffRole.AGENT)  # signed in
    try:
        c.card(CardRead(DEMO_CARDS["resident"], b"", b""))
        assert c.step is CounterStep.PICK_ITEM
        hits: list[object] = []
        c.search_results.connect(lambda _, found: hits.extend(found))
        c.search("身份证换领")
        c.choose_item(next(h for h in hits if h.name == ITEM).impl_code)  # type: ignore[attr-defined]
        assert c.step is CounterStep.CONSENT  # to the item chosen
        c.consent_signed(b"\x89PNG signature", b"[]")
        assert c.step is CounterStep.FORM
        c.submit_form({**c.state.form_defaults(), "phone": "13812345678"})
        assert c.step is CounterStep.MATERIALS
        item = c.state.item
        assert item is not None
        mandate = [m for m in item.materials if "委托" in m.condition]
        assert mandate  # the item asks for a 授权委托书 when someone applies for the applicant
        c.submit_checklist(
            {m.code: (CheckState.ORIGINAL_SEEN, "") for m in item.materials if m not in mandate}
        )
        assert c.step is CounterStep.DECIDE
        c.decide(DecisionKind.CORRECTION)
        assert c.step is CounterStep.DONE, c.state
        decided = c.last_decided
        assert decided is not None
        assert decided.application.status is Status.AWAITING_CORRECTION  # 待补正
        notice = "".join(decode(printed.read_bytes()).text_lines)
        assert all(m.name in notice for m in mandate)
        # the villager comes back with the mandate (继续补正): the consent given on the first
        # visit stays the application's — it is not asked again
        consent = decided.application.consent
        assert consent is not None
        c.finish()
        c.card(CardRead(DEMO_CARDS["resident"], b"", b""))
        c.resume(decided.local_id)
        assert c.step is CounterStep.MATERIALS
        assert c.state.consent == consent
    finally:
        c.stop()
