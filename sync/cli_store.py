"""`hall-sync store …`: create (first run), inspect and migrate the local store."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from core.clock import SystemClock
from core.errors import HallError
from core.settings import load_settings
from sync.database import open_connection, schema_version
from sync.migrations import LATEST, MIGRATIONS
from sync.paths import DataPaths
from sync.store_check import check_store


def default_store() -> Path:
    return Path(os.environ.get("HALL_DATA_DIR", "var")) / "store.sqlite"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="terminal settings (TOML)")
    parser.add_argument(
        "--db", type=Path, default=None, help="store file (default: var/store.sqlite)"
    )
    sub = parser.add_subparsers(dest="store_command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help)
        # --config and --db before or after the command (`store init --config hall.toml`, as
        # the README has it, failed with "unrecognized arguments")
        p.add_argument("--config", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return p

    command("init", "first run: create the data folder, the master key (outside it) and the store")
    command("info", "schema version and applications per status")
    command("migrate", "upgrade the schema to this software's version")
    check = command(
        "check",
        "a verdict on the store: file, SQLite integrity, schema, key, every sealed record"
        " and scan, the audit chain, free space (changes nothing)",
    )
    check.add_argument(
        "--quick", action="store_true", help="find each scan without reading it whole"
    )


def _paths(args: argparse.Namespace) -> DataPaths:
    if args.config:
        paths = DataPaths.from_settings(load_settings(args.config))
        if args.db:
            return DataPaths(args.db.parent, paths.key_file, paths.secret_file, args.db.name)
        return paths
    return DataPaths.for_store(args.db or default_store())


def run(args: argparse.Namespace) -> int:
    try:
        paths = _paths(args)
        path = paths.store
        if args.store_command == "check":
            report = check_store(paths, deep=not args.quick)
            print("\n".join(report.lines()))
            return 0 if report.usable else 1
        if args.store_command == "info" and not path.exists():
            print(f"no store at {path}")
            return 1
        if args.store_command == "info":
            conn = open_connection(path)
            version = schema_version(conn)
            conn.close()
            print(f"store: {path}\nschema: {version} (this software: {LATEST})")
            if version < LATEST:
                pending = [m.description for m in MIGRATIONS if m.version > version]
                print("pending migrations: " + "; ".join(pending))
                return 0
        if args.store_command == "init":
            made = paths.initialise()
            print(
                f"master key {'created' if made else 'kept'}: {paths.key_file}"
                + ("  (back it up: without it the sealed data cannot be read)" if made else "")
            )
        elif not path.exists():
            print(f"no store at {path} (a new terminal starts with `hall-sync store init`)")
            return 1
        with paths.open_store(SystemClock()) as store:
            if args.store_command == "init":
                print(f"store ready: {path} (schema {LATEST})")
            elif args.store_command == "migrate":
                applied = store.migrated
                print(f"applied migrations {applied}" if applied else "already up to date")
            else:
                for status, n in sorted(store.counts().items(), key=lambda kv: kv[0].value):
                    print(f"{status.label}\t{status.value}\t{n}")
    except HallError as e:
        print(f"{e.user_message}\n{e.detail}")
        return 1
    return 0
