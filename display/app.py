"""`hall-display`: the hall's call display (叫号屏). Composition root: the settings, the hall
server's event stream (its owner thread, display/feed.py), the voice and the window."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import HallError, SettingsError
from core.settings import Role, Settings, load_settings

if TYPE_CHECKING:
    from common_qt.qt import QtWidgets
    from display.feed import QueueFeed
    from display.window import DisplayWindow


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hall-display", description="Hall Terminal call display (叫号屏) for the hall's TV."
    )
    parser.add_argument("--config", type=Path, required=True, help="display settings (TOML)")
    parser.add_argument("--windowed", action="store_true", help="a window, not full screen")
    parser.add_argument("--silent", action="store_true", help="show the calls without speaking")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = load_settings(args.config)
        from sync.logs import install_crash_reports, setup_logging

        setup_logging(settings.storage.data_dir, "display", settings.terminal.id)
        install_crash_reports(settings.storage.data_dir, "display")
        app, window, feed = open_display(settings, speak=not args.silent)
    except HallError as e:
        print(f"{e.user_message}\n{e.detail}", file=sys.stderr)
        return 2
    if args.windowed:
        window.resize(1280, 720)
        window.show()
    else:
        window.showFullScreen()
    from common_qt.service import keep_alive
    from sync.updates import HEALTHY_AFTER, mark_healthy

    data_dir = settings.storage.data_dir
    # systemd: ready, and the UI thread's watchdog pings; a minute up, this version is healthy
    _alive = keep_alive(
        app, healthy=lambda: mark_healthy(data_dir, "display"), healthy_after=HEALTHY_AFTER
    )
    try:
        return int(app.exec())
    finally:
        feed.stop()


def open_display(
    settings: Settings, *, speak: bool = True
) -> tuple[QtWidgets.QApplication, DisplayWindow, QueueFeed]:
    """The display for ``settings`` (role display), its feed started: (app, window, feed).

    Raises:
        SettingsError: not a display's settings, or no secret to reach the hall server.
    """
    from common_qt.app import make_application
    from common_qt.voice import Voice
    from display.feed import QueueFeed
    from display.window import DisplayWindow
    from sync.client import client_for

    t = settings.terminal
    if t.role is not Role.DISPLAY:
        raise SettingsError(f"role {t.role.value}", user_message="这不是叫号屏的配置（role）。")
    secret_file = settings.platform.secret_file
    if not secret_file or not Path(secret_file).is_file():
        raise SettingsError("no secret", user_message="叫号屏尚未注册：缺少平台密钥文件。")
    secret = Path(secret_file).read_text(encoding="utf-8").strip()
    app = make_application("hall-display")
    voice = Voice(languages=("zh_CN",)) if speak else None
    window = DisplayWindow(hall_name=t.hall_name, say=voice.say if voice else None)
    client = client_for(settings.platform, t.id, secret)
    feed = QueueFeed(client.queue_events, parent=window)
    feed.arrived.connect(window.show_event)
    feed.connected.connect(window.set_connected)
    feed.start()
    return app, window, feed


if __name__ == "__main__":
    raise SystemExit(main())
