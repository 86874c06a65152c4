"""The real adapter against our wire-level simulator: faults, options, watcher, socket mode."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from core.errors import (
    CardExpired,
    CardRejected,
    CardUnreadable,
    HallError,
    SettingsError,
)
from core.identity import CardType
from core.ports import CardRead, DeviceState
from devices.idcard.cards import DEMO_CARDS, card_to_json, identity_from_json
from devices.idcard.reader import ReaderOptions, SamReader
from devices.idcard.simulator import PtySimulator, SimCard, SocketSimulator
from devices.idcard.watcher import CardWatcher

FAST = ReaderOptions(find_timeout=0.3, select_timeout=0.3, read_timeout=0.5, sam_timeout=0.3)


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[PtySimulator]:
    s = PtySimulator(link=tmp_path / "idcard").start()
    yield s
    s.stop()


def _reader(sim: PtySimulator | SocketSimulator, **options: object) -> SamReader:
    r = SamReader(sim.port, replace(FAST, **options))  # type: ignore[arg-type]
    r.open()
    return r


@pytest.mark.parametrize("key", ["resident", "elder", "J", "I", "Y"])
def test_every_demo_card_reads_back_identically(sim: PtySimulator, key: str) -> None:
    reader = _reader(sim)
    sim.engine.place(DEMO_CARDS[key])
    card = reader.read_card()
    assert card is not None
    assert replace(card.identity, photo=b"") == DEMO_CARDS[key]
    assert len(card.photo) == 1024
    assert reader.read_card() is None  # must leave the field first
    sim.engine.remove()
    assert reader.read_card() is None
    sim.engine.place(DEMO_CARDS[key])
    assert reader.read_card() is not None  # placed again: a new read
    reader.close()


def test_fingerprint_and_appended_address(sim: PtySimulator) -> None:
    reader = _reader(sim, fingerprint=True)
    sim.engine.place(
        SimCard(DEMO_CARDS["resident"], fingerprint=bytes(1024), address_appendix="迁至示范路2号")
    )
    card = reader.read_card()
    assert card is not None
    assert len(card.fingerprint) == 1024
    assert card.address_appendix == "迁至示范路2号"
    doc = card_to_json(card)
    assert doc["fingerprint_bytes"] == 1024
    assert doc["address_appendix"] == "迁至示范路2号"


def test_reader_without_fingerprint_support_falls_back(
    sim: PtySimulator, expected_warnings: None
) -> None:
    sim.engine.fingerprint_supported = False
    reader = _reader(sim, fingerprint=True)
    sim.engine.place(DEMO_CARDS["J"])
    card = reader.read_card()
    assert card is not None
    assert card.identity.card_type is CardType.HMT_PERMIT
    assert card.fingerprint == b""


def test_transient_faults_are_retried_transparently(sim: PtySimulator) -> None:
    reader = _reader(sim)
    sim.engine.place(DEMO_CARDS["resident"])
    sim.engine.faults.corrupt_answers = 1
    sim.engine.faults.silent_answers = 1
    card = reader.read_card()
    assert card is not None
    assert card.identity.name == "张三丰"
    assert reader.stats.retries == 2


def test_line_noise_never_garbles_a_card(sim: PtySimulator) -> None:
    reader = _reader(sim)
    sim.engine.faults.noise = True
    for key in ("resident", "J", "I", "Y") * 5:
        sim.engine.remove()
        assert reader.read_card() is None
        sim.engine.place(DEMO_CARDS[key])
        card = reader.read_card()
        assert card is not None
        assert card.identity.id_number == DEMO_CARDS[key].id_number
    assert reader.stats.noise_bytes_events > 0


def test_card_problems_are_not_device_faults(sim: PtySimulator) -> None:
    reader = _reader(sim)
    sim.engine.place(DEMO_CARDS["resident"])
    sim.engine.faults.card_status = 0x31
    with pytest.raises(CardRejected) as rejected:
        reader.read_card()
    assert "有效的身份证件" in rejected.value.user_message
    sim.engine.faults.card_status = 0
    sim.engine.faults.select_failures = 1
    with pytest.raises(CardUnreadable) as moved:
        reader.read_card()
    assert "放稳" in moved.value.user_message
    assert reader.state is DeviceState.READY
    assert reader.read_card() is not None


def test_baud_switch(sim: PtySimulator) -> None:
    reader = _reader(sim, switch_baud_to=57600)
    assert sim.engine.baudrate == 57600
    assert reader.health().detail.startswith(f"{sim.port} @ 57600 baud")


def test_socket_mode(tmp_path: Path) -> None:
    server = SocketSimulator().start()
    try:
        assert server.port.startswith("socket://127.0.0.1:")
        reader = _reader(server)
        server.engine.place(DEMO_CARDS["Y"])
        card = reader.read_card()
        assert card is not None
        assert card.identity.english_name == DEMO_CARDS["Y"].english_name
        reader.close()
    finally:
        server.stop()


def test_options_from_configuration_strings() -> None:
    o = ReaderOptions.from_options({"fingerprint": "yes", "read_timeout": "2.5", "retries": "1"})
    assert (o.fingerprint, o.read_timeout, o.retries) == (True, 2.5, 1)
    with pytest.raises(SettingsError) as err:
        ReaderOptions.from_options({"fingerprnt": "yes", "retries": "many"})
    assert "fingerprnt" in str(err.value)
    assert "retries" in str(err.value)
    with pytest.raises(SettingsError):
        ReaderOptions.from_options({"switch_baud_to": "12345"})


def test_personal_data_stays_out_of_reprs(sim: PtySimulator) -> None:
    reader = _reader(sim)
    sim.engine.place(DEMO_CARDS["resident"])
    card = reader.read_card()
    assert card is not None
    text = repr(card)
    assert "张三丰" not in text
    assert "110101199001010031" not in text
    assert "示范路" not in text


def test_card_documents_round_trip() -> None:
    for identity in DEMO_CARDS.values():
        doc = card_to_json(CardRead(identity, b"", b""))
        assert identity_from_json(doc) == identity


class _Events:
    def __init__(self) -> None:
        self.cards: list[CardRead] = []
        self.errors: list[HallError] = []
        self.states: list[DeviceState] = []
        self.changed = threading.Condition()

    def card(self, c: CardRead) -> None:
        with self.changed:
            self.cards.append(c)
            self.changed.notify_all()

    def error(self, e: HallError) -> None:
        with self.changed:
            self.errors.append(e)
            self.changed.notify_all()

    def state(self, s: DeviceState) -> None:
        with self.changed:
            self.states.append(s)
            self.changed.notify_all()

    def wait(self, predicate: object, timeout: float = 5.0) -> None:
        with self.changed:
            assert self.changed.wait_for(predicate, timeout), "event did not arrive"  # type: ignore[arg-type]


def test_watcher_reports_cards_states_and_reconnects(
    sim: PtySimulator, expected_warnings: None
) -> None:
    ev = _Events()
    watcher = CardWatcher(
        SamReader(sim.port, FAST),
        on_card=ev.card,
        on_error=ev.error,
        on_state=ev.state,
        today=lambda: date(2026, 11, 24),
        poll_interval=0.02,
        reconnect_interval=0.05,
    )
    watcher.start()
    try:
        ev.wait(lambda: DeviceState.READY in ev.states)
        sim.engine.place(DEMO_CARDS["resident"])
        ev.wait(lambda: len(ev.cards) == 1)
        time.sleep(0.1)
        assert len(ev.cards) == 1  # the card lying there is reported once

        sim.engine.place(DEMO_CARDS["expired"])
        ev.wait(lambda: any(isinstance(e, CardExpired) for e in ev.errors))
        assert len(ev.cards) == 1  # an expired card is refused, with its reason

        sim.unplug()
        ev.wait(lambda: DeviceState.DISCONNECTED in ev.states)
        sim.replug()
        sim.engine.place(DEMO_CARDS["I"])
        ev.wait(lambda: len(ev.cards) == 2)
        assert ev.cards[1].identity.card_type is CardType.FOREIGN_2017
        assert ev.states[-1] is DeviceState.READY
    finally:
        watcher.stop()
    assert ev.states[-1] is DeviceState.CLOSED


def test_spy_url_for_diagnosis(sim: PtySimulator, tmp_path: Path) -> None:
    log_file = tmp_path / "spy.txt"
    reader = SamReader(f"spy://{sim.port}?file={log_file}", FAST)
    reader.open()
    sim.engine.place(DEMO_CARDS["resident"])
    assert reader.read_card() is not None
    reader.close()
    assert "AA AA AA 96 69 00 03 20  01 22" in log_file.read_text()  # the find request
