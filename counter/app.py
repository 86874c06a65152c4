"""`hall-counter`: the counter and agent-station app. Composition root."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from core.errors import HallError
from core.settings import Role, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hall-counter",
        description="Hall Terminal counter (一窗受理) and village agent station (代办): worklist.",
    )
    parser.add_argument("--config", type=Path, help="terminal settings (TOML)")
    parser.add_argument("--store", type=Path, help="local store file (default: in data_dir)")
    parser.add_argument(
        "--screenshot", type=Path, metavar="DIR", help="render the worklist to DIR and exit"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    title, data_dir = "综合受理窗口", Path("var")
    if args.config:
        try:
            settings = load_settings(args.config)
        except HallError as e:
            print(f"{e.user_message}\n{e.detail}", file=sys.stderr)
            return 2
        role = "代办站" if settings.terminal.role is Role.AGENT else "综合受理窗口"
        title = f"{settings.terminal.hall_name} · {role} {settings.terminal.window}".strip()
        data_dir = settings.storage.data_dir
    store = args.store or data_dir / "store.sqlite"
    store.parent.mkdir(parents=True, exist_ok=True)

    from common_qt.app import make_application, save_screenshot, wait_until
    from counter.window import CounterWindow

    app = make_application("hall-counter")
    window = CounterWindow(title=title, store_path=store)
    window.resize(1280, 720)
    window.show()
    window.refresh()
    if args.screenshot:
        if not wait_until(lambda: window.loaded):
            print("the worklist did not load", file=sys.stderr)
            return 1
        shot = save_screenshot(window, args.screenshot / "counter-worklist.png")
        window.close()
        print(f"  wrote {shot}")
        return 0
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
