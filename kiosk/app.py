"""`hall-kiosk`: the self-service kiosk. This module is the composition root: it builds the
object graph from settings and starts the window."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from core.errors import HallError
from core.settings import load_settings

DEMO_REGION = "369901001000"

log = logging.getLogger("kiosk")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="hall-kiosk",
        description="Hall Terminal self-service kiosk (自助终端): find a service and its guide.",
    )
    parser.add_argument("--config", type=Path, help="terminal settings (TOML)")
    parser.add_argument("--catalogue", type=Path, help="catalogue file (default: in data_dir)")
    parser.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="DIR",
        help="run a scripted search offscreen, save the screens as PNG in DIR, and exit",
    )
    return parser.parse_args(argv)


def demo_hall_name(region_code: str) -> str:
    """The service centre of a demo-city region, e.g. 示范市青山区光明街道便民服务中心."""
    from core.catalogue.regions import demo_city

    region = next(r for r in demo_city().walk() if r.code == region_code)
    return f"{region.name}便民服务中心"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    hall, region, data_dir = demo_hall_name(DEMO_REGION), DEMO_REGION, Path("var")
    if args.config:
        try:
            settings = load_settings(args.config)
        except HallError as e:
            print(f"{e.user_message}\n{e.detail}", file=sys.stderr)
            return 2
        hall, region = settings.terminal.hall_name, settings.terminal.region_code
        data_dir = settings.storage.data_dir
    # Never a made-up catalogue: an empty one says 目录未同步 until the sync fills it.
    catalogue = args.catalogue or data_dir / "catalogue.sqlite"
    catalogue.parent.mkdir(parents=True, exist_ok=True)

    from common_qt.app import make_application
    from kiosk.window import KioskWindow

    app = make_application("hall-kiosk")
    idle = {}
    if args.config:
        idle = {
            "idle_timeout": float(settings.kiosk.idle_timeout_seconds),
            "idle_warning": float(settings.kiosk.idle_warning_seconds),
        }
    window = KioskWindow(hall_name=hall, catalogue=catalogue, region_code=region, **idle)
    sync_loop = None
    if args.config and settings.platform.secret_file and not args.screenshot:
        # Deliver what this kiosk queued, in the background (its own thread and connection).
        from common_qt.devices import BackgroundLoop
        from sync.background import make_sync_job
        from sync.paths import DataPaths

        sync_loop = BackgroundLoop(
            "sync",
            make_sync_job(settings, DataPaths.from_settings(settings)),
            settings.platform.sync_interval,
            window,
        )
        sync_loop.failed.connect(lambda e: log.warning("sync: %s", getattr(e, "detail", e)))
        sync_loop.start()
        app.aboutToQuit.connect(sync_loop.stop)
    if args.screenshot:
        return _scripted(window, args.screenshot)
    if args.windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()
    return app.exec()


def _scripted(window: object, out: Path) -> int:
    """The offscreen journey of the demo: search three ways, open a guide, large text."""
    from common_qt.app import save_screenshot, wait_until
    from kiosk.window import KioskWindow

    assert isinstance(window, KioskWindow)
    window.resize(1280, 800)
    window.show()
    page = window.search_page
    shots = []
    for name, query in (
        ("search-sfz", "sfz"),
        ("search-shebao", "shebao"),
        ("search-养老", "养老"),
    ):
        page.query.setText(query)
        if not wait_until(lambda q=query: page.shown_query == q and page.hits.rowCount() > 0):
            print(f"no results for {query!r}", file=sys.stderr)
            return 1
        shots.append(save_screenshot(window, out / f"kiosk-{name}.png"))
        print(f"  {query}: " + " / ".join(hit.name for hit in page.hits.rows[:3]))
    page.query.setText("身份证")
    wait_until(lambda: page.shown_query == "身份证" and page.hits.rowCount() > 0)
    window.open_item(page.hits.row(0).impl_code)  # the intent a tap on the first result sends
    wait_until(lambda: window.pages.currentWidget() is window.guide_page)
    shots.append(save_screenshot(window, out / "kiosk-guide.png"))
    window.toggle_large_text()
    shots.append(save_screenshot(window, out / "kiosk-guide-large-text.png"))
    window.close()
    for shot in shots:
        print(f"  wrote {shot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
