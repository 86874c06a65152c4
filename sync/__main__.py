"""`hall-sync`: the terminal's storage and delivery tools."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from core.errors import HallError
from sync import cli_catalogue, cli_enrol, cli_logs, cli_outbox, cli_store, cli_update
from sync.database import storage_error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hall-sync",
        description="Hall Terminal local storage and sync: catalogue, local store, outbox.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cli_catalogue.add_arguments(sub.add_parser("catalogue", help="service catalogue tools"))
    cli_store.add_arguments(sub.add_parser("store", help="local store: info, migrate, check"))
    cli_outbox.add_arguments(sub)
    cli_enrol.add_arguments(sub)
    cli_logs.add_arguments(sub)
    cli_update.add_arguments(sub)
    args = parser.parse_args(argv)
    try:
        if args.command == "enrol":
            return cli_enrol.run(args)
        if args.command == "logs":
            return cli_logs.run(args)
        if args.command == "update":
            return cli_update.run(args)
        if args.command == "usb":
            return cli_update.run_usb(args)
        if args.command == "catalogue":
            return cli_catalogue.run(args)
        if args.command == "store":
            return cli_store.run(args)
        return cli_outbox.run(args)
    except HallError as e:  # said, not a traceback (a full disk, a damaged store, a wrong key)
        print(f"{e.user_message}\n{e.detail}", file=sys.stderr)
        return 2
    except sqlite3.Error as e:  # damage met after the store opened (a page read later)
        said = storage_error(e, getattr(args, "db", None) or "the store", args.command)
        print(f"{said.user_message}\n{said.detail}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
