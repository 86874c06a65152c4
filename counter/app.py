"""`hall-counter`: the counter and agent-station app. Composition root."""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.application import Channel
from core.errors import HallError
from core.ports import ReviewPad
from core.settings import Role, Settings, load_settings

if TYPE_CHECKING:
    from counter.window import CounterWindow
    from terminal.devices import TerminalDevices
    from terminal.terminal import Terminal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hall-counter",
        description="Hall Terminal counter (一窗受理) and village agent station (代办): worklist.",
    )
    parser.add_argument("--config", type=Path, help="terminal settings (TOML)")
    parser.add_argument("--store", type=Path, help="local store file (default: in data_dir)")
    parser.add_argument(
        "--self-test",
        type=Path,
        metavar="DIR",
        help="check the installation (store and key, catalogue, a test page on the printer,"
        " devices) without staff, save the window to DIR, and exit (0: every check passed)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        terminal = counter_terminal(args.config, args.store)
    except HallError as e:
        print(f"{e.user_message}\n{e.detail}", file=sys.stderr)
        return 2
    if args.config is not None:
        from sync.logs import install_crash_reports, setup_logging

        # the data folder's logs/counter.log (masked JSON lines, rotating), and the console; an
        # uncaught error leaves a crash report the next heartbeat sends
        setup_logging(terminal.paths.data_dir, "counter", terminal.settings.terminal.id)
        install_crash_reports(terminal.paths.data_dir, "counter")
    from common_qt.app import refuse_start

    try:
        # the window is held here while the application runs
        app, _window, instance = open_counter(terminal, configured=args.config is not None)
    except HallError as e:  # another counter on the store, a device named wrongly …
        return refuse_start(e)
    try:
        if args.self_test:
            from counter.selftest import self_test

            return self_test(_window, args.self_test)
        from common_qt.service import keep_alive

        _alive = keep_alive(app)  # systemd: ready, and the UI thread's watchdog pings
        return int(app.exec())
    finally:
        instance.close()


def counter_terminal(config: Path | None, store: Path | None = None) -> Terminal:
    """The terminal ``config`` describes (None: a technician looking at a store file, offline),
    on ``store`` when given (under the settings' key and secret, if any).

    Raises:
        HallError: the settings are wrong, or the store's master key is missing or wrong
        (refused at once, naming the file, not later in the worklist).
    """
    from sync.paths import DataPaths
    from terminal.terminal import Terminal

    if config is not None:
        settings = load_settings(config)
        terminal = Terminal.from_settings(settings)
    else:  # a technician looking at a store file: the worklist, offline
        terminal = Terminal(_local_settings(), DataPaths.for_store(Path("var/store.sqlite")))
    if store is not None:
        paths = DataPaths.for_store(store)
        if config is not None:
            paths = replace(terminal.paths, data_dir=store.parent, store_name=paths.store_name)
        terminal = replace(terminal, paths=paths)
    terminal.paths.keyring()
    return terminal


def open_counter(terminal: Terminal, *, configured: bool) -> tuple[Any, CounterWindow, Any]:
    """The Qt application, the counter's window (shown, its devices started) and its claim on
    the store: what ``main`` runs, and what the scripted walks drive. ``configured``: the
    terminal comes from settings (staff sign in, devices, acceptance, delivery); else a
    technician's offline look at a store file.

    Raises:
        HallError: another counter runs on the store, or a device is named wrongly.
    """
    from common_qt import i18n
    from common_qt.app import make_application
    from sync.paths import claim
    from terminal.devices import KINDS, TerminalDevices

    settings = terminal.settings if configured else None
    t = terminal.settings.terminal
    role = "代办站" if t.role is Role.AGENT else "综合受理窗口"
    title = f"{t.hall_name} · {role} {t.window}".strip(" ·") if settings else role
    app = make_application("hall-counter")
    i18n.qt_chinese(True)  # Qt's own dialogs (the USB folder, message boxes) in Chinese
    instance = claim(terminal.paths, "hall-counter")  # one counter on a store
    try:
        accepting = settings is not None and t.role in (Role.COUNTER, Role.AGENT)  # 一窗受理 / 代办
        # the technician's store view (no settings) has no devices
        devices = (
            terminal.devices(
                qt_pad=_qt_pad(settings, app),
                # the document camera scans an applicant's materials: acceptance only
                kinds=KINDS if accepting else tuple(k for k in KINDS if k != "camera"),
            )
            if settings is not None
            else TerminalDevices()
        )
    except BaseException:
        instance.close()
        raise
    window = _window(terminal, settings, title, devices, accepting)
    window.resize(1280, 720)
    window.show()
    window.refresh()
    window.start_devices()
    window.start_pad()
    return app, window, instance


def _window(
    terminal: Terminal,
    settings: Settings | None,
    title: str,
    devices: TerminalDevices,
    accepting: bool,
) -> CounterWindow:
    from common_qt.printing import PrintDesk
    from core.clock import local_today
    from counter.window import CounterWindow

    t = terminal.settings.terminal
    desk = PrintDesk(devices.printer)  # the printer and its one thread, for every print
    acceptance = None
    if accepting:
        from counter.controller import AcceptanceController, CounterServices

        services = CounterServices(
            terminal.paths.catalogue,
            t.region_code,
            operations=terminal.open,
            clock=terminal.clock,
            desk=desk,
            channel=Channel.AGENT if t.role is Role.AGENT else Channel.COUNTER,
            station_name=t.hall_name,
            window=t.window,
            camera=devices.camera,
        )
        acceptance = AcceptanceController(services)
    window = CounterWindow(
        title=title,
        # the capturing app's store: what an interrupted queueing left is swept at start
        operations=lambda: terminal.open(sweep=True),
        window_name=t.window if settings else "",
        # a terminal with settings: staff sign in (the technician's store view has none)
        require_sign_in=settings is not None,
        lock_after_minutes=settings.counter.lock_after_minutes if settings else 10,
        bundles=terminal.bundles() if settings else None,  # waiting, storage, USB bundles
        acceptance=acceptance,
        today=lambda: local_today(terminal.clock),
        desk=desk,
        devices=devices,
    )
    if settings is not None:  # no update is installed under a signed-in clerk
        from terminal.presence import Presence

        presence = Presence(terminal.paths.data_dir)
        window.shift.started.connect(lambda member: presence.set(True))
        window.shift.ending.connect(lambda: presence.set(False))
    # no credentials (no secret file): an offline station until a technician enrols it
    job = terminal.sync_job(window.device_health) if settings is not None else None
    if job is not None:
        from common_qt.devices import BackgroundLoop

        window.attach_sync(BackgroundLoop("sync", job, terminal.settings.platform.sync_interval))
    return window


def _local_settings() -> Settings:
    from core.settings import parse_settings

    return parse_settings(
        {"terminal": {"id": "COUNTER-LOCAL", "role": "counter", "region_code": "000000000000"}}
    )


def _qt_pad(settings: Settings, app: Any) -> ReviewPad | None:
    """The keyboard (HID) or on-screen review pad the settings name: they live in the Qt layer,
    so the app builds them (the other pads are built with the terminal's devices)."""
    from common_qt.widgets.review_pad import KeyboardPad, OnScreenPad, ReviewPadWidget
    from core.padkeys import KeyKind, KeyMap

    pad_settings = settings.devices.get("pad")
    if pad_settings is not None and pad_settings.type == "keyboard":
        return KeyboardPad(KeyMap.parse(pad_settings.options.get("keys", ""), KeyKind.NAME), app)
    if pad_settings is not None and pad_settings.type == "screen":
        widget = ReviewPadWidget()  # a window of its own, for a screen facing the citizen
        widget.setWindowTitle("服务评价")
        widget.resize(1024, 600)
        return OnScreenPad(widget)
    return None


if __name__ == "__main__":
    raise SystemExit(main())
