"""``python -m walks kiosk|counter|display DIR``: an app walked offscreen, every screen saved
in DIR."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from core.errors import HallError
from core.settings import Settings, load_settings
from walks.kiosk import DEMO_REGION, demo_hall_name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m walks", description=__doc__)
    apps = parser.add_subparsers(dest="app", required=True)
    kiosk = apps.add_parser("kiosk", help="a citizen's journeys, in Chinese then in English")
    kiosk.add_argument("out", type=Path, metavar="DIR")
    kiosk.add_argument("--config", type=Path, help="terminal settings (TOML)")
    kiosk.add_argument("--catalogue", type=Path, help="catalogue file (default: in data_dir)")
    kiosk.add_argument(
        "--audit",
        action="store_true",
        help="measure every screen at 1920×1080, 1080×1920 and 1280×800 in standard and large"
        " high-contrast text (sizes, contrast, cut-off text); fail on findings",
    )
    counter = apps.add_parser("counter", help="a clerk's acceptance, worklist and pad")
    counter.add_argument("out", type=Path, metavar="DIR")
    counter.add_argument("--config", type=Path, help="terminal settings (TOML)")
    counter.add_argument(
        "--sign-in",
        default=os.environ.get("HALL_DEMO_SIGN_IN", ""),
        metavar="NUMBER:PASSWORD",
        help="the clerk the walk signs in as (default: $HALL_DEMO_SIGN_IN)",
    )
    display = apps.add_parser("display", help="the call display, calls made by a counter")
    display.add_argument("out", type=Path, metavar="DIR")
    display.add_argument("--config", type=Path, required=True, help="display settings (TOML)")
    display.add_argument("--counter", type=Path, required=True, help="the calling counter's")
    display.add_argument("--window", default="3号窗口", help="the window the calls go to")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        if args.app == "display":
            from walks.display import walk

            return walk(args.config, args.counter, args.out, args.window)
        return _kiosk(args) if args.app == "kiosk" else _counter(args)
    except HallError as e:
        print(f"{e.user_message}\n{e.detail}", file=sys.stderr)
        return 2


def _kiosk(args: argparse.Namespace) -> int:
    from kiosk.app import open_kiosk
    from walks.kiosk import walk

    settings: Settings | None = load_settings(args.config) if args.config else None
    _, window, instance = open_kiosk(
        settings,
        args.catalogue,
        lockdown=False,
        region=DEMO_REGION,
        hall_name=demo_hall_name(DEMO_REGION),
    )
    try:
        return walk(window, args.out, settings, audit_screens=args.audit)
    finally:
        if instance is not None:
            instance.close()


def _counter(args: argparse.Namespace) -> int:
    from counter.app import counter_terminal, open_counter
    from walks.counter import walk

    terminal = counter_terminal(args.config)
    _, window, instance = open_counter(terminal, configured=args.config is not None)
    try:
        return walk(window, args.out, args.sign_in)
    finally:
        instance.close()


if __name__ == "__main__":
    raise SystemExit(main())
