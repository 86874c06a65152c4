"""Review pads: explicit key maps, the serial key pad against its pty simulator, the tablet pad."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from core.errors import DeviceUnavailable, SettingsError
from core.evaluation import Satisfaction
from core.padkeys import KeyKind, KeyMap, PadAction
from core.ports import DeviceState, PadInvitation, PadOutcome, PadResult
from devices.pad.serial_pad import SerialKeyPad, SerialPadOptions
from devices.pad.simulator import PadSimulator
from devices.pad.tablet import TabletPad

THREE_KEYS = "31=满意, 32=基本满意, 33=不满意"
FIVE_KEYS = "01=非常满意,02=满意,03=基本满意,04=不满意,05=非常不满意,1B=取消"
INVITE = PadInvitation("王芳", "A0123", "3号窗口", "居民身份证申领", timeout_seconds=5)


def test_three_four_and_five_key_maps_are_explicit() -> None:
    three = KeyMap.parse(THREE_KEYS, KeyKind.BYTE)
    assert three.meaning_of_byte(0x31) is Satisfaction.SATISFIED
    assert three.meaning_of_byte(0x33) is Satisfaction.DISSATISFIED
    assert three.meaning_of_byte(0x34) is None
    four = KeyMap.parse("F1=非常满意，F2=满意，F3=不满意，F4=非常不满意", KeyKind.NAME)
    assert four.meaning_of_name("f4") is Satisfaction.VERY_DISSATISFIED
    assert len(four.levels) == 4
    five = KeyMap.parse(FIVE_KEYS, KeyKind.BYTE)
    assert set(five.levels) == set(Satisfaction)
    assert five.meaning_of_byte(0x1B) is PadAction.CANCEL
    assert five.byte_for(Satisfaction.BASICALLY_SATISFIED) == 0x03


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("31=满意", "at least two"),
        ("31=满意, 32=很好", "unknown level"),
        ("31=满意, 31=不满意", "mapped twice"),
        ("311=满意, 32=不满意", "one byte in hex"),
        ("满意, 32=不满意", "KEY=LEVEL"),
    ],
)
def test_bad_key_maps_say_what_is_wrong(text: str, complaint: str) -> None:
    with pytest.raises(SettingsError) as err:
        KeyMap.parse(text, KeyKind.BYTE)
    assert complaint in str(err.value)
    assert "评价器" in err.value.user_message


def test_serial_pad_options_require_keys() -> None:
    with pytest.raises(SettingsError):
        SerialPadOptions.from_options({})
    o = SerialPadOptions.from_options(
        {"keys": THREE_KEYS, "invite_hex": "A5 01", "baudrate": "19200"}
    )
    assert (o.invite_bytes, o.baudrate) == (b"\xa5\x01", 19200)


@pytest.fixture
def five_key_pad(tmp_path: Path) -> Iterator[tuple[SerialKeyPad, PadSimulator]]:
    keys = KeyMap.parse(FIVE_KEYS, KeyKind.BYTE)
    sim = PadSimulator(keys, link=tmp_path / "ttyPad", invite_bytes=b"\xa5\x01").start()
    pad = SerialKeyPad(
        sim.port, SerialPadOptions(keys, invite_bytes=b"\xa5\x01", done_bytes=b"\xa5\x02")
    )
    pad.open()
    yield pad, sim
    pad.close()
    sim.stop()


def _invite_async(pad: object, invitation: PadInvitation = INVITE) -> Future[PadResult]:
    pool = ThreadPoolExecutor(1)
    future = pool.submit(pad.invite, invitation)  # type: ignore[attr-defined]
    pool.shutdown(wait=False)
    return future


def _wait_for(predicate: object, timeout: float = 5.0) -> None:
    done = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if predicate():  # type: ignore[operator]
            return
        done.wait(0.01)
    raise AssertionError("condition not reached")


def test_serial_pad_rates_ignores_noise_and_cancels(
    five_key_pad: tuple[SerialKeyPad, PadSimulator],
) -> None:
    pad, sim = five_key_pad
    sim.press_byte(0x02)  # pressed before the invitation: does not count
    future = _invite_async(pad)
    _wait_for(lambda: sim.invitations == 1)
    assert pad.state is DeviceState.BUSY
    sim.press_byte(0x7F)  # unmapped
    sim.press(Satisfaction.VERY_DISSATISFIED)
    result = future.result(5)
    assert result == PadResult(PadOutcome.RATED, Satisfaction.VERY_DISSATISFIED)
    assert pad.state is DeviceState.READY
    _wait_for(lambda: sim.received.endswith(b"\xa5\x02"))

    future = _invite_async(pad)
    _wait_for(lambda: sim.invitations == 2)
    sim.press(PadAction.CANCEL)
    assert future.result(5).outcome is PadOutcome.CANCELLED

    future = _invite_async(pad)
    _wait_for(lambda: sim.invitations == 3)
    pad.cancel()  # the staff member closes the evaluation
    assert future.result(5).outcome is PadOutcome.CANCELLED


def test_the_simulator_answers_invitations_in_turn(tmp_path: Path) -> None:
    """A sequence of levels: 满意, then 不满意, then 满意 again (the demo's serial pad rates a
    rejection 不满意)."""
    keys = KeyMap.parse(THREE_KEYS, KeyKind.BYTE)
    answers = (Satisfaction.SATISFIED, Satisfaction.DISSATISFIED)
    sim = PadSimulator(
        keys, link=tmp_path / "pad", invite_bytes=b"\x07", auto=answers, delay=0.05
    ).start()
    pad = SerialKeyPad(sim.port, SerialPadOptions(keys, invite_bytes=b"\x07"))
    pad.open()
    try:
        rated = [pad.invite(INVITE).satisfaction for _ in range(3)]
    finally:
        pad.close()
        sim.stop()
    assert rated == [answers[0], answers[1], answers[0]]


def test_serial_pad_times_out_and_auto_answers(tmp_path: Path) -> None:
    keys = KeyMap.parse(THREE_KEYS, KeyKind.BYTE)
    sim = PadSimulator(
        keys, link=tmp_path / "pad", invite_bytes=b"\x07", auto=Satisfaction.SATISFIED, delay=0.05
    ).start()
    pad = SerialKeyPad(sim.port, SerialPadOptions(keys, invite_bytes=b"\x07"))
    pad.open()
    try:
        assert pad.invite(INVITE).satisfaction is Satisfaction.SATISFIED
        sim.answers = ()
        quick = PadInvitation("王芳", "A0123", "3号窗口", timeout_seconds=0.3)
        assert pad.invite(quick).outcome is PadOutcome.TIMEOUT
    finally:
        pad.close()
        sim.stop()


def test_serial_pad_unplugged(five_key_pad: tuple[SerialKeyPad, PadSimulator]) -> None:
    pad, sim = five_key_pad
    sim.pty.unplug()
    with pytest.raises(DeviceUnavailable) as err:
        pad.invite(INVITE)
    assert "评价器" in err.value.user_message
    assert pad.state is DeviceState.DISCONNECTED
    sim.pty.plug()
    pad.open()
    assert pad.state is DeviceState.READY


# -- tablet pad ------------------------------------------------------------------------------


@pytest.fixture
def tablet() -> Iterator[TabletPad]:
    pad = TabletPad("127.0.0.1", 0)
    pad.open()
    yield pad
    pad.close()


def _paired_session(pad: TabletPad) -> requests.Session:
    s = requests.Session()
    code = pad.new_pairing_code()
    r = s.post(pad.url("127.0.0.1") + "api/pair", json={"code": code}, timeout=5)
    assert r.status_code == 200
    assert "HttpOnly" in r.headers["Set-Cookie"]
    return s


def test_page_is_served_and_everything_else_needs_pairing(tablet: TabletPad) -> None:
    base = tablet.url("127.0.0.1")
    page = requests.get(base, timeout=5)
    assert page.status_code == 200
    assert "请您对本次服务进行评价" in page.text
    assert requests.get(base + "api/state", timeout=5).status_code == 401
    assert (
        requests.post(base + "api/rate", json={"level": "satisfied"}, timeout=5).status_code == 401
    )
    assert tablet.state is DeviceState.DISCONNECTED  # nobody paired


def test_pairing_codes_are_single_use_and_limited(tablet: TabletPad) -> None:
    base = tablet.url("127.0.0.1")
    code = tablet.new_pairing_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        r = requests.post(base + "api/pair", json={"code": wrong}, timeout=5)
        assert r.status_code == 403
    r = requests.post(base + "api/pair", json={"code": code}, timeout=5)
    assert r.status_code == 403  # five wrong tries burned the code
    assert "重新生成" in r.json()["error"]
    s = _paired_session(tablet)
    again = requests.post(base + "api/pair", json={"code": code}, timeout=5)
    assert again.status_code == 403
    assert s.get(base + "api/state", params={"since": "x"}, timeout=30).status_code == 200


def test_a_new_pairing_revokes_the_old_tablet(tablet: TabletPad) -> None:
    old = _paired_session(tablet)
    _paired_session(tablet)
    assert old.get(tablet.url("127.0.0.1") + "api/state", timeout=5).status_code == 401


def test_tablet_rating_round_trip_with_reasons(tablet: TabletPad) -> None:
    s = _paired_session(tablet)
    base = tablet.url("127.0.0.1")
    future = _invite_async(tablet)
    state = s.get(base + "api/state", params={"since": ""}, timeout=30).json()
    inv = state["invitation"]
    assert (inv["staff_name"], inv["staff_id"], inv["window"]) == ("王芳", "A0123", "3号窗口")
    assert [lv["label"] for lv in state["levels"]] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    assert tablet.state is DeviceState.BUSY

    no_reason = s.post(
        base + "api/rate", json={"id": inv["id"], "level": "dissatisfied"}, timeout=5
    )
    assert no_reason.status_code == 422
    assert "原因" in no_reason.json()["error"]
    bad = s.post(base + "api/rate", json={"id": inv["id"], "level": "great"}, timeout=5)
    assert bad.status_code == 400
    ok = s.post(
        base + "api/rate",
        json={
            "id": inv["id"],
            "level": "dissatisfied",
            "reasons": ["等候时间过长"],
            "comment": "排队一小时",
        },
        timeout=5,
    )
    assert ok.status_code == 200
    result = future.result(5)
    assert result == PadResult(
        PadOutcome.RATED, Satisfaction.DISSATISFIED, ("等候时间过长",), "排队一小时"
    )
    late = s.post(base + "api/rate", json={"id": inv["id"], "level": "satisfied"}, timeout=5)
    assert late.status_code == 409
    assert tablet.state is DeviceState.READY


def test_tablet_invitation_timeout_and_cancel(tablet: TabletPad) -> None:
    _paired_session(tablet)
    quick = PadInvitation("王芳", "A0123", "3号窗口", timeout_seconds=0.2)
    assert tablet.invite(quick).outcome is PadOutcome.TIMEOUT
    future = _invite_async(tablet)
    _wait_for(lambda: tablet.state is DeviceState.BUSY)
    tablet.cancel()
    assert future.result(5).outcome is PadOutcome.CANCELLED


def test_tablet_page_script_is_valid_javascript(tmp_path: Path) -> None:
    """The page's script parses (node --check); a syntax error would leave the tablet blank."""
    import re
    import shutil
    import subprocess

    from devices.pad.page import PAGE_HTML

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = re.search(r"<script>(.*)</script>", PAGE_HTML, re.S)
    assert script is not None
    (tmp_path / "page.js").write_text(script.group(1), encoding="utf-8")
    subprocess.run([node, "--check", str(tmp_path / "page.js")], check=True)
