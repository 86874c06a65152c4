"""The village agent station (代办站) end to end, through the real counter window in agent role:
with the platform unreachable, an agent submits 100 applications for villagers, each with the
villager's signature on the screen; half of them go to the hall on a USB bundle and are imported
there; a second bundle carries all 100 (the station never heard back) and adds exactly the
other half; when the station's link comes back its own drain changes nothing on the platform —
every application arrives exactly once, with its consent."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path

import pytest
import requests

from common_qt.qt import Qt
from core.application import Channel, CheckState, DecisionKind, Status
from core.clock import local_today
from core.consent import CONSENT_SIGNATURE, CONSENT_VERSION
from core.errors import HallError
from core.flows.counter import CounterStep
from core.ports import CardRead
from core.settings import Role, parse_settings
from core.staff import StaffMember, StaffRole
from counter.controller import AcceptanceController, CounterServices
from counter.window import CounterWindow
from devices.idcard.cards import DEMO_CARDS
from sync.catalogue import CatalogueStore
from sync.client import Credentials, PlatformClient
from terminal.terminal import Terminal
from tests.helpers.central import ADMIN_TOKEN, free_port, running_central
from tests.helpers.keys import keyring
from walks.fingers import sign

ITEM = "居民身份证换领"
VILLAGERS = [CardRead(DEMO_CARDS[k], b"", b"") for k in ("resident", "elder")]


def _terminal(tmp_path: Path, name: str, role: Role, url: str, secret: str, catalogue: Path):  # type: ignore[no-untyped-def]
    data = tmp_path / name
    data.mkdir()
    shutil.copy(catalogue, data / "catalogue.sqlite")  # synced before
    (tmp_path / f"{name}.secret").write_text(secret)
    key = tmp_path / "keys" / f"{name}.key"
    keyring(key)
    settings = parse_settings(
        {
            "terminal": {
                "id": name.upper(),
                "role": role.value,
                "region_code": "369901001000",
                "hall_name": "示范市青山区光明街道便民服务中心",
            },
            "platform": {"url": url, "secret_file": str(tmp_path / f"{name}.secret")},
            "storage": {"data_dir": str(data), "key_file": str(key)},
        }
    )
    return Terminal.from_settings(settings)


def _window(qtbot, terminal: Terminal, channel: Channel, window_name: str = ""):  # type: ignore[no-untyped-def]
    """What hall-counter --config builds for this terminal (no sync loop: the test drains);
    ``window_name``: the hall's name of the window (窗口), what its calls name."""
    services = CounterServices(
        terminal.paths.catalogue,
        "369901001000",
        operations=terminal.open,
        clock=terminal.clock,
        channel=channel,
        station_name=terminal.settings.terminal.hall_name,
    )
    controller = AcceptanceController(services)
    window = CounterWindow(
        title=terminal.settings.terminal.hall_name,
        operations=lambda: terminal.open(sweep=True),
        acceptance=controller,
        window_name=window_name,
        today=lambda: local_today(terminal.clock),
        bundles=terminal.bundles(),
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window, controller


def _apply(qtbot, window: CounterWindow, c: AcceptanceController, n: int, impl: str) -> str:  # type: ignore[no-untyped-def]
    """One villager's application, as the agent makes it; returns its local id."""
    panel = window.acceptance_panel
    assert panel is not None
    window.applicant._on_card(VILLAGERS[n % 2])  # what the card bridge delivers
    assert c.step is CounterStep.PICK_ITEM
    c.choose_item(impl)
    qtbot.waitUntil(lambda: c.step is CounterStep.CONSENT, timeout=5000)  # to this item
    sign(panel.consent_page.signature, wobble=n)
    qtbot.mouseClick(panel.consent_page.consent_button, Qt.MouseButton.LeftButton)
    assert c.step is CounterStep.FORM, panel.message.text()
    c.submit_form({**panel.form_page.form.values(), "phone": "13812345678"})
    assert c.step is CounterStep.MATERIALS, panel.message.text()
    for row in panel.materials_page.rows:
        if row.code:
            row.state.setCurrentText(CheckState.ORIGINAL_SEEN.value)
    qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
    c.decide(DecisionKind.SUBMIT)
    qtbot.waitUntil(lambda: c.last_decided is not None, timeout=5000)
    assert c.last_decided is not None
    local_id = str(c.last_decided.local_id)
    window._next_applicant()
    return local_id


def test_a_week_offline_then_usb_bundles_and_the_link_deliver_each_once(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_central(tmp_path / "central", demo_catalogue, port=port) as central:
        station_secret, hall_secret = central.enrol("STATION"), central.enrol("HALL")
    # central is stopped: the station works without it
    station = _terminal(tmp_path, "station", Role.AGENT, url, station_secret, demo_catalogue)
    window, c = _window(qtbot, station, Channel.AGENT)
    window.shift.start(StaffMember("D0001", "李代办", StaffRole.AGENT))
    usb = tmp_path / "usb"
    usb.mkdir()
    try:
        panel = window.acceptance_panel
        assert panel is not None
        panel.item_page.query.setText("身份证换领")
        qtbot.waitUntil(lambda: panel.item_page.hits.rowCount() > 0, timeout=5000)
        impl = next(h for h in panel.item_page.hits.rows if h.name == ITEM).impl_code
        c.next_applicant()
        ids = [_apply(qtbot, window, c, n, impl) for n in range(50)]
        window.station.export_to(usb / "first")  # the first half goes to the hall on USB
        qtbot.waitUntil(lambda: window.station.last_export is not None, timeout=30000)
        assert window.station.last_export is not None
        assert window.station.last_export.applications == 50
        ids += [_apply(qtbot, window, c, n, impl) for n in range(50, 100)]
        window.station.refresh()
        qtbot.waitUntil(
            lambda: window.station.station is not None and window.station.station.waiting == 100,
            timeout=5000,
        )
        assert "待上报 100 件，最早" in window.station.station_waiting.text()
        window.station.last_export = None
        drawn: list[int] = []  # the bar as the export moves (per mille of the bytes)
        window.station.bundle_progress.valueChanged.connect(drawn.append)
        window.station.export_to(usb / "second")  # all 100: the station never heard back
        qtbot.waitUntil(lambda: window.station.last_export is not None, timeout=60000)
        assert drawn == sorted(drawn)
        assert drawn[-1] == 1000
        assert window.station.last_export.applications == 100
        assert "已导出 100 件申请" in window.station.bundle_message.text()
        [first] = (usb / "first").glob("*.htb")
        [second] = (usb / "second").glob("*.htb")
    finally:
        window.close()
        c.stop()

    with running_central(tmp_path / "central", demo_catalogue, port=port) as central:
        hall = _terminal(tmp_path, "hall", Role.COUNTER, url, hall_secret, demo_catalogue)
        hall_window, hall_c = _window(qtbot, hall, Channel.COUNTER)
        try:
            hall_window.station.import_from(first)
            qtbot.waitUntil(lambda: hall_window.station.last_import is not None, timeout=60000)
            assert hall_window.station.last_import is not None
            assert hall_window.station.last_import.applications_new == 50
            assert central.platform.counts()["applications"] == 50  # the platform holds half
            hall_window.station.last_import = None
            hall_window.station.import_from(second)
            qtbot.waitUntil(lambda: hall_window.station.last_import is not None, timeout=60000)
            got = hall_window.station.last_import
            assert (got.applications_new, got.applications_known) == (50, 50)
            assert got.refused == ()
            assert "新上报 50 件，平台已有 50 件" in hall_window.station.bundle_message.text()
        finally:
            hall_window.close()
            hall_c.stop()
        # the station's link comes back: its own drain changes nothing on the platform
        job = station.sync_job()
        assert job is not None
        result = job(lambda *_: None)
        while result.queue.waiting:  # type: ignore[attr-defined]
            result = job(lambda *_: None)
        assert result.report.held == 0  # type: ignore[attr-defined]
        assert central.platform.counts()["applications"] == 100
        rows = central.platform.db.conn.execute(
            "SELECT idem_key, doc FROM applications WHERE terminal_id = 'STATION'"
        ).fetchall()
        # routed by the item's implementation code into its implementing body's queue
        with CatalogueStore(demo_catalogue) as catalogue:
            item = catalogue.get(impl)
        [body] = central.platform.bodies().doc["bodies"]
        assert (body["region_code"], body["department"]) == (item.region_code, item.department)
        assert (body["level"], body["applications"], body["open"]) == (
            str(item.level.value),
            100,
            100,
        )
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        queue = requests.get(  # the body's admin view, over HTTP
            f"{url}/v1/admin/bodies/{item.region_code}/queue",
            params={"department": item.department},
            headers=admin,
            timeout=5,
        ).json()
        assert len(queue["applications"]) == 100
        assert {a["status"] for a in queue["applications"]} == {"delivered"}
        blobs = {
            sha
            for (sha,) in central.platform.db.conn.execute(
                "SELECT sha256 FROM blobs WHERE terminal_id = 'STATION' AND complete = 1"
            )
        }

    def central_blob(sha: str) -> bool:
        return sha in blobs

    assert sorted(k for k, _ in rows) == sorted(ids)  # each exactly once, by its own key
    with station.open() as ops:
        for key, doc in rows:
            sent = json.loads(doc)
            consent = sent["consent"]
            assert consent["agent_id"] == "D0001"
            assert consent["method"] == "signature_pad"
            assert consent["text_version"] == CONSENT_VERSION
            app = ops.store.load(uuid.UUID(key))
            [sig] = [a for a in app.attachments if a.material_code == CONSENT_SIGNATURE]
            assert sig.sha256 == consent["evidence_sha256"]  # the signature it was bound to
            assert sig.sha256 in {a["sha256"] for a in sent["attachments"]}  # and it travelled
            assert central_blob(sig.sha256)
            png = ops.store.read_scan(app.local_id, sig.sha256, sig.size)
            assert hashlib.sha256(png).hexdigest() == sig.sha256


def test_the_agent_is_warned_at_80_percent_of_the_disk_and_a_small_drive_refuses_the_export(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path, clock
) -> None:
    from collections import namedtuple

    from terminal.bundles import BundleDesk, storage_warning
    from tests.helpers.keys import new_store
    from tests.helpers.outbox import queue

    assert not storage_warning(100, 21)
    assert storage_warning(100, 20)
    assert not storage_warning(0, 0)
    usage = namedtuple("usage", "total used free")
    disks = {
        "station": usage(64 << 30, 54 << 30, 10 << 30),
        "usb": usage(8 << 20, 7 << 20, 1 << 20),
    }
    station = _terminal(tmp_path, "station", Role.AGENT, "http://127.0.0.1:9", "s", demo_catalogue)
    with new_store(station.paths.store, clock, keyring(station.paths.key_file)) as s:
        queue(s, clock, [b"x" * (3 << 20)])  # a 3 MB scan waits
    desk = BundleDesk(
        "STATION",
        station.paths.data_dir,
        lambda: "s",
        disk_usage=lambda p: disks["usb" if "usb" in str(p) else "station"],
    )
    window = CounterWindow(title="代办站", operations=station.open, bundles=desk)
    qtbot.addWidget(window)
    window.show()
    try:
        window.refresh()
        qtbot.waitUntil(lambda: window.station.station is not None, timeout=5000)
        text = window.station.station_storage.text()
        assert text.startswith("本机存储：已用 84%，剩余 10.0 GB")
        assert "存储空间即将用尽" in text
        assert window.station.station_storage.objectName() == "deviceError"
        assert window.station.station_waiting.text().startswith("待上报 1 件，最早 11-24 09:30")
        window.station.export_to(tmp_path / "usb")
        qtbot.waitUntil(lambda: "U盘空间不足" in window.station.bundle_message.text(), timeout=5000)
        assert window.station.last_export is None
        assert not list((tmp_path / "usb").glob("*"))  # nothing half-written
    finally:
        window.close()


def test_the_retention_rule_runs_on_schedule_and_the_agent_sees_what_it_removed(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Applications the platform confirmed longer ago than ``retention_days`` lose their
    personal data and scans at the background job's next run — offline too — and the station
    says how many and when."""
    from datetime import datetime, timedelta

    from core.clock import CST
    from tests.helpers.clock import ManualClock
    from tests.helpers.keys import new_store
    from tests.helpers.outbox import deliver, queue

    station = _terminal(tmp_path, "station", Role.AGENT, "http://127.0.0.1:9", "s", demo_catalogue)
    long_ago = ManualClock(datetime.now(CST) - timedelta(days=40))
    with new_store(station.paths.store, long_ago, keyring(station.paths.key_file)) as s:
        old = queue(s, long_ago, [b"old scan"])
        deliver(s, long_ago, old, "36990100000001012026102100001")
        recent = queue(s, ManualClock(datetime.now(CST) - timedelta(days=1)), [b"new scan"])
    assert station.paths.blobs.joinpath(str(old.local_id)).exists()
    job = station.sync_job()
    assert job is not None
    result = job(lambda *_: None)  # the platform is unreachable: the purge runs anyway
    assert result.purged == 1  # type: ignore[attr-defined]
    assert job(lambda *_: None).purged == 0  # type: ignore[attr-defined]  # hourly, not each run
    with station.open() as ops:
        assert ops.store.load(old.local_id).applicant.name == ""  # personal data gone
        assert not station.paths.blobs.joinpath(str(old.local_id)).exists()
        assert ops.store.load(recent.local_id).applicant.name == "张三"
    window = CounterWindow(title="代办站", operations=station.open, bundles=station.bundles())
    qtbot.addWidget(window)
    window.show()
    try:
        window.refresh()
        qtbot.waitUntil(lambda: window.station.station is not None, timeout=5000)
        assert (
            "已按保存期限清除 1 件已办结申请的个人资料和扫描件"
            in window.station.station_storage.text()
        )
        qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 2, timeout=5000)
        assert "（已清除）" in {window.worklist.model.text(i, 2) for i in range(2)}
    finally:
        window.close()


def test_the_export_offers_the_mounted_usb_drives_by_name(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path, monkeypatch
) -> None:
    """Issue 29 item 12: 导出到U盘 opened Qt's directory dialog at the home folder; the drives
    that are mounted are now listed by name with their free space, and the export goes to the
    one chosen (其他位置… for anything else)."""
    from datetime import datetime

    import counter.panels.station as station_panel
    from core.clock import CST
    from tests.helpers.clock import ManualClock
    from tests.helpers.keys import new_store
    from tests.helpers.outbox import queue

    station = _terminal(tmp_path, "station", Role.AGENT, "http://127.0.0.1:9", "s", demo_catalogue)
    clock = ManualClock(datetime.now(CST))
    with new_store(station.paths.store, clock, keyring(station.paths.key_file)) as s:
        queue(s, clock, [b"scan"])
    drives: list[Path] = []
    monkeypatch.setattr(station_panel, "removable_drives", lambda: list(drives))
    window = CounterWindow(title="代办站", operations=station.open, bundles=station.bundles())
    qtbot.addWidget(window)
    window.show()
    try:
        panel = window.station
        assert panel is not None
        assert panel.drives.currentText() == "未检测到U盘，请插入U盘"
        assert not panel.export_button.isEnabled()
        usb = tmp_path / "KINGSTON"
        usb.mkdir()
        drives.append(usb)  # plugged in
        panel.refresh()
        assert panel.drives.currentText().startswith("U盘 KINGSTON（剩余 ")
        assert panel.export_button.isEnabled()
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.last_export is not None, timeout=10000)
        assert panel.last_export is not None
        assert panel.last_export.path.parent == usb
    finally:
        window.close()


def test_the_consent_signed_on_screen_is_the_items_power_of_attorney(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Where the catalogue accepts an electronic 授权委托书, the villager's signed consent is it:
    the checklist says so by itself, the agent ticks only what is on the table, and it travels
    as such (the agent had to tick 原件已核验 for a paper that did not exist: issue 29 item 10).
    A hall's counter, where nobody signed anything, never offers it."""
    url = f"http://127.0.0.1:{free_port()}"  # no platform: the station works without it
    station = _terminal(tmp_path, "station", Role.AGENT, url, "s" * 32, demo_catalogue)
    window, c = _window(qtbot, station, Channel.AGENT)
    window.shift.start(StaffMember("D0001", "李代办", StaffRole.AGENT))
    panel = window.acceptance_panel
    assert panel is not None
    with CatalogueStore(demo_catalogue) as catalogue:
        [hit] = [
            h for h in catalogue.search("身份证换领", region_code="369901001000") if h.name == ITEM
        ]
        item = catalogue.get(hit.impl_code)
    attorney = item.material("power_of_attorney")
    assert attorney.consent_accepted  # a person's authorisation may be signed on screen
    assert "代办站当场电子签署" in item.guide
    window.applicant._on_card(VILLAGERS[0])
    c.choose_item(item.impl_code)
    qtbot.waitUntil(lambda: c.step is CounterStep.CONSENT, timeout=5000)
    sign(panel.consent_page.signature)
    qtbot.mouseClick(panel.consent_page.consent_button, Qt.MouseButton.LeftButton)
    c.submit_form({**panel.form_page.form.values(), "phone": "13812345678"})
    assert c.step is CounterStep.MATERIALS, panel.message.text()
    rows = {r.code: r for r in panel.materials_page.rows if r.code}
    assert rows["power_of_attorney"].state.currentText() == CheckState.CONSENT.value
    assert not rows["power_of_attorney"].pages.isEnabled()  # no pages: nothing on paper
    for code in [m.code for m in item.required_materials] + ["agent_id"]:  # on the table
        rows[code].state.setCurrentText(CheckState.ORIGINAL_SEEN.value)
    qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
    assert c.step is CounterStep.DECIDE, panel.message.text()
    c.decide(DecisionKind.SUBMIT)
    qtbot.waitUntil(lambda: c.last_decided is not None or bool(panel.message.text()), timeout=5000)
    decided = c.last_decided
    assert decided is not None, panel.message.text()
    assert decided is not None
    assert decided.application.checklist["power_of_attorney"].via_consent
    with station.open() as ops:  # kept so, and sent so
        stored = ops.store.load(decided.local_id)
    assert stored.checklist["power_of_attorney"].via_consent
    assert any("代办站电子委托" in getattr(b, "text", "") for b in decided.notice)
    window.close()

    # a hall counter: nobody signed a consent there, the state is not offered
    hall = _terminal(tmp_path, "hall", Role.COUNTER, url, "h" * 32, demo_catalogue)
    window, c = _window(qtbot, hall, Channel.COUNTER)
    panel = window.acceptance_panel
    assert panel is not None
    window.applicant._on_card(VILLAGERS[1])
    c.choose_item(item.impl_code)
    qtbot.waitUntil(lambda: c.step is CounterStep.FORM, timeout=5000)
    c.submit_form({**panel.form_page.form.values(), "phone": "13812345678"})
    assert c.step is CounterStep.MATERIALS, panel.message.text()
    row = next(r for r in panel.materials_page.rows if r.code == "power_of_attorney")
    assert row.state.currentText() == CheckState.MISSING.value
    entry = row.state.model().item(list(CheckState).index(CheckState.CONSENT))  # type: ignore[attr-defined]
    assert not entry.isEnabled()
    window.close()


def _drain(terminal: Terminal) -> None:
    job = terminal.sync_job()
    assert job is not None
    result = job(lambda *_: None)
    while result.queue.waiting:  # type: ignore[attr-defined]
        result = job(lambda *_: None)


def test_a_hall_counter_decides_what_the_station_submitted(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Issue 29 item 9: the station submits, the hall decides. At a hall counter the 代办件 tab
    lists what stations submitted for the hall's bodies (the villager's consent, what the
    station found of each material); the clerk accepts one and returns another for correction
    (a refusal without its legal basis is refused); the platform records each, and the station
    learns it at its next sync. A kiosk is never shown them."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_central(tmp_path / "central", demo_catalogue, port=port) as central:
        station = _terminal(
            tmp_path, "station", Role.AGENT, url, central.enrol("STATION", "agent"), demo_catalogue
        )
        window, c = _window(qtbot, station, Channel.AGENT)
        window.shift.start(StaffMember("D0001", "李代办", StaffRole.AGENT))
        with CatalogueStore(demo_catalogue) as catalogue:
            [hit] = [
                h
                for h in catalogue.search("身份证换领", region_code="369901001000")
                if h.name == ITEM
            ]
        try:
            c.next_applicant()
            ids = [_apply(qtbot, window, c, n, hit.impl_code) for n in range(2)]
        finally:
            window.close()
            c.stop()
        _drain(station)
        assert central.platform.counts()["applications"] == 2

        hall = _terminal(
            tmp_path, "hall", Role.COUNTER, url, central.enrol("HALL", "counter"), demo_catalogue
        )
        hall_window, hall_c = _window(qtbot, hall, Channel.COUNTER)
        hall_window.shift.start(StaffMember("A0123", "王芳", StaffRole.CLERK))
        panel = hall_window.submissions
        assert panel is not None
        try:
            hall_window.tabs.setCurrentWidget(panel)  # shown: what came in is asked for
            qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10000)
            panel.table.selectRow(0)
            detail = panel.detail.toPlainText()
            names = {s.applicant_name for s in panel.model.rows}
            assert names == {v.identity.name for v in VILLAGERS}  # in full: the clerk decides
            assert panel.model.rows[0].applicant_name in detail
            assert "代办人：李代办" in detail
            assert "授权委托书" in detail
            first, second = panel.model.rows
            # a refusal states its law: without it, nothing is decided
            panel.reason.setText("申请人身份证在有效期内")
            qtbot.mouseClick(panel.buttons[DecisionKind.REJECT], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: "法律依据" in panel.message.text(), timeout=5000)
            panel.reason.clear()
            qtbot.mouseClick(panel.buttons[DecisionKind.ACCEPT], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10000)
            assert "已受理" in panel.message.text()
            panel.table.selectRow(0)
            panel.reason.setText("照片回执已超过六个月，请重新拍照")
            qtbot.mouseClick(panel.buttons[DecisionKind.CORRECTION], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=10000)
        finally:
            hall_window.close()
            hall_c.stop()
        states = dict(
            central.platform.db.conn.execute(
                "SELECT official_number, status FROM applications WHERE terminal_id = 'STATION'"
            ).fetchall()
        )
        assert states == {
            first.official_number: "accepted",
            second.official_number: "correction_requested",
        }
        notes = [
            n for (n,) in central.platform.db.conn.execute("SELECT note FROM progress ORDER BY seq")
        ]
        assert any("大厅已受理" in n and "王芳" in n for n in notes)
        assert any("照片回执已超过六个月" in n for n in notes)
        # a kiosk is never shown a station's submissions (named applicants)
        kiosk = PlatformClient(url, Credentials("KIOSK", central.enrol("KIOSK", "kiosk")))
        with pytest.raises(HallError):
            kiosk.station_submissions("369901001000")
        # the station learns the hall's decisions at its next sync
        _drain(station)
        with station.open() as ops:
            learnt = {ops.store.load(uuid.UUID(i)).status for i in ids}
        assert learnt == {Status.ACCEPTED, Status.CORRECTION_REQUESTED}
