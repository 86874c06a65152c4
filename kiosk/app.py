"""`hall-kiosk`: the self-service kiosk. This module is the composition root: it builds the
terminal from settings, the device owners and their bridges, the controller and the window."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import HallError, SettingsError, StorageError, StoreBusy, TransientError
from core.messages import tr
from core.settings import Settings, load_settings

if TYPE_CHECKING:  # loaded once the kiosk starts (its first screen comes first)
    from common_qt.devices import BackgroundLoop
    from kiosk.first import FirstScreen
    from kiosk.window import KioskWindow

log = logging.getLogger("kiosk")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="hall-kiosk",
        description="Hall Terminal self-service kiosk (自助终端): apply, query, guides, ratings.",
    )
    parser.add_argument("--config", type=Path, help="terminal settings (TOML)")
    parser.add_argument("--catalogue", type=Path, help="catalogue file (default: in data_dir)")
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    parser.add_argument(
        "--hash-pin",
        action="store_true",
        help="read a technician PIN (6–12 digits) and print its hash for [kiosk]",
    )
    parser.add_argument(
        "--self-test",
        type=Path,
        metavar="DIR",
        help="check the installation (catalogue, touch keyboard, English, font, devices) without"
        " a citizen, save the start screen to DIR, and exit (0: every check passed)",
    )
    parser.add_argument(
        "--region",
        default="",
        help="without --config: the region (12-digit code) whose service guides a guide-only"
        " kiosk shows",
    )
    parser.add_argument(
        "--hall-name", default="", help="without --config: the hall named on the kiosk's screens"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.hash_pin:
        return _hash_pin()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings: Settings | None = None
    if args.config:
        try:
            settings = load_settings(args.config)
        except HallError as e:
            print(f"{e.user_message}\n{e.detail}", file=sys.stderr)
            return 2
        from sync.logs import install_crash_reports, setup_logging

        # the data folder's logs/kiosk.log (masked JSON lines, rotating), and the console; an
        # uncaught error leaves a crash report the next heartbeat sends
        setup_logging(settings.storage.data_dir, "kiosk", settings.terminal.id)
        install_crash_reports(settings.storage.data_dir, "kiosk")

    from common_qt.app import refuse_start

    if args.self_test:  # the whole kiosk at once: a technician's check, no citizen waits
        try:
            _, window, instance = open_kiosk(
                settings, args.catalogue, lockdown=False, region=args.region,
                hall_name=args.hall_name,
            )  # fmt: skip
        except HallError as e:
            return refuse_start(e)
        from kiosk.selftest import self_test

        try:
            return self_test(window, args.self_test)
        finally:
            if instance is not None:
                instance.close()
    # the welcome screen first, the rest of the kiosk loaded behind it (kiosk.first)
    first = first_screen(settings, hall_name=args.hall_name)
    app = show_full(first, windowed=args.windowed)
    loaded = load_behind(
        first,
        settings,
        args.catalogue,
        lockdown=not args.windowed and settings is not None,
        region=args.region,
        hall_name=args.hall_name,
        windowed=args.windowed,
    )
    from common_qt.service import keep_alive
    from sync.updates import HEALTHY_AFTER, mark_healthy

    data_dir = settings.storage.data_dir if settings is not None else None
    # systemd: ready, and the UI thread's watchdog pings; a minute up, this version is healthy
    _alive = keep_alive(
        app,
        healthy=(lambda: mark_healthy(data_dir, "kiosk")) if data_dir is not None else None,
        healthy_after=HEALTHY_AFTER,
    )
    try:
        return int(app.exec())
    finally:
        if loaded.get("instance") is not None:
            loaded["instance"].close()


def application(settings: Settings | None) -> Any:
    """The kiosk's Qt application: made once, its input method (the touch keyboard) chosen
    before it exists; the one already there after that (the first screen made it)."""
    from common_qt.app import make_application
    from common_qt.qt import QtWidgets
    from common_qt.widgets import touch_keyboard

    if QtWidgets.QApplication.instance() is None and (
        settings is None or settings.kiosk.virtual_keyboard
    ):
        touch_keyboard.prepare()
    return make_application("hall-kiosk")


def first_screen(settings: Settings | None, *, hall_name: str = "") -> FirstScreen:
    """The Qt application and the kiosk's welcome screen, made from a handful of light
    modules (kiosk.first), not shown: what ``main`` shows the moment it starts."""
    from common_qt import i18n

    application(settings)
    from kiosk.first import FirstScreen

    language = settings.terminal.language if settings is not None else i18n.CHINESE
    if language != i18n.current():
        i18n.set_language(language)  # the hall's language alone: the others when chosen
    return FirstScreen(
        settings.terminal.hall_name if settings is not None else hall_name,
        large_text=settings.kiosk.large_text if settings is not None else False,
    )


def show_full(window: Any, *, windowed: bool = False) -> Any:
    """``window`` shown as the kiosk is: truly full screen, with or without a window manager
    — frameless, on top, the whole screen (without one, showFullScreen alone leaves a small
    window) — or ``windowed`` at 1280×800. Returns the application."""
    from common_qt.qt import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance()
    if windowed:
        window.resize(1280, 800)
        window.show()
        return app
    window.setWindowFlags(
        window.windowFlags()
        | QtCore.Qt.WindowType.FramelessWindowHint
        | QtCore.Qt.WindowType.WindowStaysOnTopHint
    )
    screen = app.primaryScreen() if isinstance(app, QtWidgets.QApplication) else None
    if screen is not None:
        window.setGeometry(screen.geometry())
    window.showFullScreen()
    return app


def load_behind(
    first: FirstScreen,
    settings: Settings | None,
    catalogue: Path | None,
    *,
    lockdown: bool,
    region: str = "",
    hall_name: str = "",
    windowed: bool = False,
) -> dict[str, Any]:
    """Once ``first`` is painted, the rest of the kiosk is built and takes its place
    (FirstScreen.hand_over). Returns what it holds then — the ``window`` and the store's
    ``instance`` claim — filled in when it is there; a kiosk that may not start says why and
    the application leaves with status 2."""
    from common_qt.app import refuse_start
    from common_qt.qt import QtCore, QtWidgets

    loaded: dict[str, Any] = {}
    shown = [0.0]

    def load() -> None:
        shown[0] = time.monotonic()
        log.info("welcome screen shown; loading the kiosk behind it")
        try:
            _, window, instance = open_kiosk(
                settings, catalogue, lockdown=lockdown, region=region, hall_name=hall_name
            )
        except HallError as e:  # another kiosk on the store, a device named wrongly …
            first.close()
            QtWidgets.QApplication.exit(refuse_start(e))
            return
        loaded.update(window=window, instance=instance)
        if not windowed:
            window.setWindowFlags(first.windowFlags())
        first.hand_over(window)
        log.info(
            "kiosk ready, %.0f ms after its welcome screen", 1000 * (time.monotonic() - shown[0])
        )

    first.after_first_paint(lambda: QtCore.QTimer.singleShot(0, load))
    return loaded


def open_kiosk(
    settings: Settings | None,
    catalogue: Path | None = None,
    *,
    lockdown: bool,
    region: str = "",
    hall_name: str = "",
) -> tuple[Any, KioskWindow, Any]:
    """The Qt application, the kiosk's window (not shown) and its claim on the store (None for
    a guide-only kiosk): what ``main`` runs, and what the scripted walks drive.

    Raises:
        HallError: another kiosk runs on the store, or a device or the settings are wrong.
    """
    app = application(settings)
    instance = None
    if settings is not None:  # one kiosk on a store
        from sync.paths import DataPaths, claim

        instance = claim(DataPaths.from_settings(settings), "hall-kiosk")
    try:
        window = build(settings, catalogue, lockdown=lockdown, region=region, hall_name=hall_name)
    except BaseException:
        if instance is not None:
            instance.close()
        raise
    return app, window, instance


def _hash_pin() -> int:
    """`hall-kiosk --hash-pin`: the line to put in [kiosk] (the PIN itself is never stored)."""
    import getpass

    from core.staff import hash_password

    pin = getpass.getpass("technician PIN (6–12 digits): ") if sys.stdin.isatty() else input()
    if not (pin.isdigit() and 6 <= len(pin) <= 12):
        print("the PIN must be 6–12 digits", file=sys.stderr)
        return 2
    print(f'technician_pin_hash = "{hash_password(pin)}"')
    return 0


def build(
    settings: Settings | None,
    catalogue: Path | None = None,
    *,
    lockdown: bool = False,
    region: str = "",
    hall_name: str = "",
) -> Any:
    """The kiosk window over a terminal built from ``settings`` (None: a guide-only kiosk of
    ``region`` named ``hall_name``, reading ``catalogue``; it cannot take applications)."""
    from common_qt import i18n
    from common_qt.devices import BackgroundLoop
    from common_qt.voice import Voice
    from core.clock import SystemClock, local_today
    from kiosk.controller import KioskController, KioskServices
    from kiosk.window import KioskWindow
    from terminal.terminal import Terminal

    clock = SystemClock()
    if settings is None:
        if not (len(region) == 12 and region.isdigit()):
            raise SettingsError(
                f"a guide-only kiosk needs --region (12 digits), not {region!r}",
                user_message=tr("未指定终端配置：请用 --config 指定，或用 --region 指定区划代码。"),
            )
        services = KioskServices(catalogue or Path("var/catalogue.sqlite"), region, clock=clock)
        controller = KioskController(services)
        return KioskWindow(controller, hall_name=hall_name, today=lambda: local_today(clock))
    terminal = Terminal.from_settings(settings, clock)
    operations = None
    if terminal.paths.key_file.exists():
        operations = lambda: terminal.open(sweep=True)  # noqa: E731 - built on the store thread
    else:
        log.warning(
            "no master key at %s: this kiosk shows guides only until `hall-sync store init`",
            terminal.paths.key_file,
        )
    services = KioskServices(
        catalogue or terminal.paths.catalogue,
        settings.terminal.region_code,
        operations=operations,
        clock=clock,
        # a kiosk rates on its own screen: no review pad
        devices=terminal.devices(kinds=("idcard", "camera", "printer")),
        technician_pin_hash=settings.kiosk.technician_pin_hash,
    )
    controller = KioskController(services)
    k = settings.kiosk
    hall_language = settings.terminal.language
    # a voice for each language a citizen may choose, the hall's first (``voice_name`` is its)
    languages = (hall_language, *(x for x in i18n.LANGUAGES if x != hall_language))
    window = KioskWindow(
        controller,
        hall_name=settings.terminal.hall_name,
        today=lambda: local_today(clock),
        idle_timeout=float(k.idle_timeout_seconds),
        idle_warning=float(k.idle_warning_seconds),
        lockdown=lockdown,
        large_text=k.large_text,
        virtual_keyboard=k.virtual_keyboard,
        voice=Voice(voice_name=k.voice_name, languages=languages) if k.voice else None,
        language=hall_language,
    )
    from terminal.presence import Presence

    window.presence = Presence(terminal.paths.data_dir).set
    job = terminal.sync_job(controller.device_health)
    if job is not None and operations is not None:
        # Deliver what this kiosk queued, in the background (its own thread and connection).
        attach_sync(window, BackgroundLoop("sync", job, settings.platform.sync_interval, window))
    return window


def attach_sync(window: KioskWindow, loop: BackgroundLoop) -> None:
    """The background delivery, its every word shown in the window's footer; started."""
    loop.finished.connect(lambda r: window.show_network(network_text(r)))
    # what the platform pushed, applied where it is safe (core.pushed)
    loop.finished.connect(lambda r: window.apply_pushed(r.report.pushed))
    loop.failed.connect(lambda e: window.show_network(sync_failure_text(e)))
    loop.failed.connect(lambda e: log.warning("sync: %s", getattr(e, "detail", e)))
    window.sync_loop = loop
    loop.start()


def sync_failure_text(error: object) -> str:
    """The kiosk footer's word when a background drain failed as a whole: what failed, in the
    citizen's words — a full or failing disk is not a network fault, and nothing was saved then
    (it said 网络中断，申请已保存在本机 for a full disk)."""
    if isinstance(error, StorageError | StoreBusy):
        return error.user_message
    if isinstance(error, TransientError):
        return tr("网络中断，申请已保存在本机")
    return tr("后台上报暂停，请联系工作人员")


def network_text(result: Any) -> str:
    """The kiosk footer's word on the network after a drain (a SyncResult)."""
    report, queue = result.report, result.queue
    down = (report.errors and report.deferred) or report.offline
    if queue.waiting:
        if down:
            return tr("网络中断，待上报{n}件", n=queue.waiting)
        return tr("网络正常，待上报{n}件", n=queue.waiting)
    return tr("网络中断") if down else tr("网络正常")


if __name__ == "__main__":
    raise SystemExit(main())
