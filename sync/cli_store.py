"""`hall-sync store …`: inspect and migrate the local store."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from core.clock import SystemClock
from core.errors import StorageError
from sync.migrations import LATEST, MIGRATIONS
from sync.store import LocalStore, open_connection, schema_version


def default_store() -> Path:
    return Path(os.environ.get("HALL_DATA_DIR", "var")) / "store.sqlite"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=None, help="store file (default: var/store.sqlite)"
    )
    sub = parser.add_subparsers(dest="store_command", required=True)
    sub.add_parser("info", help="schema version and applications per status")
    sub.add_parser("migrate", help="upgrade the schema to this software's version")
    sub.add_parser("check", help="SQLite integrity check")


def run(args: argparse.Namespace) -> int:
    path: Path = args.db or default_store()
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
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with LocalStore(path, SystemClock()) as store:
            if args.store_command == "migrate":
                applied = store.migrated
                print(f"applied migrations {applied}" if applied else "already up to date")
            elif args.store_command == "check":
                ok = store.integrity_ok()
                print("integrity: ok" if ok else "integrity: FAILED")
                return 0 if ok else 1
            else:
                for status, n in sorted(store.counts().items(), key=lambda kv: kv[0].value):
                    print(f"{status.label}\t{status.value}\t{n}")
    except StorageError as e:
        print(f"{e.user_message}\n{e.detail}")
        return 1
    return 0
