"""`hall-sync status | run | held | retry | purge`: the outbox from the technician's chair."""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from core.clock import SystemClock
from core.errors import HallError, SettingsError
from core.settings import Role, load_settings
from sync.bundle import write_bundle
from sync.client import Credentials, PlatformClient
from sync.outbox import Outbox
from sync.paths import DataPaths
from sync.store import LocalStore
from sync.worker import SyncWorker


@dataclass
class Target:
    paths: DataPaths
    url: str
    terminal_id: str
    retention_days: int
    interval: float
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    lanes: int = 3
    #: a counter or a station keeps its hall's staff accounts; a kiosk never asks for them
    signs_staff_in: bool = True


def add_arguments(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", type=Path, help="terminal settings (TOML)")
        p.add_argument("--db", type=Path, help="store file (default: <data_dir>/store.sqlite)")

    common(sub.add_parser("status", help="queue counts by state, oldest item, last success/error"))
    run = sub.add_parser("run", help="deliver the outbox to the platform")
    common(run)
    run.add_argument("--once", action="store_true", help="one drain, then exit")
    run.add_argument("--url", help="platform URL (overrides the settings)")
    run.add_argument("--terminal", help="terminal id (overrides the settings)")
    run.add_argument("--secret-file", type=Path, help="file holding the terminal's secret")
    run.add_argument("--catalogue", type=Path, help="also pull catalogue changes into this file")
    common(sub.add_parser("held", help="items held for a person, with the platform's reason"))
    retry = sub.add_parser("retry", help="send a held item again (after fixing the cause)")
    common(retry)
    retry.add_argument("id", help="the application's or evaluation's local id")
    export = sub.add_parser("export", help="write waiting items to a sealed bundle (USB)")
    common(export)
    export.add_argument("--to", type=Path, required=True, help="folder (e.g. the USB stick)")
    export.add_argument("--terminal", help="terminal id (overrides the settings)")
    export.add_argument("--secret-file", type=Path, help="file holding the terminal's secret")
    imp = sub.add_parser("import", help="forward a bundle from an offline station to the platform")
    common(imp)
    imp.add_argument("bundle", type=Path)
    imp.add_argument("--url", help="platform URL (overrides the settings)")
    imp.add_argument("--terminal", help="this terminal's id (overrides the settings)")
    imp.add_argument("--secret-file", type=Path, help="file holding this terminal's secret")
    purge = sub.add_parser("purge", help="purge personal data past the retention period")
    common(purge)
    purge.add_argument("--retention-days", type=int)


def _target(args: argparse.Namespace) -> Target:
    if args.config:
        s = load_settings(args.config)
        paths = DataPaths.from_settings(s)
        if args.db:  # another store file, still under the settings' key
            paths = replace(paths, data_dir=args.db.parent, store_name=args.db.name)
        return Target(
            paths=paths,
            url=s.platform.url,
            terminal_id=s.terminal.id,
            retention_days=s.storage.retention_days,
            interval=s.platform.sync_interval,
            connect_timeout=s.platform.connect_timeout,
            read_timeout=s.platform.read_timeout,
            lanes=s.platform.parallel_uploads,
            signs_staff_in=s.terminal.role in (Role.COUNTER, Role.AGENT),
        )
    paths = DataPaths.for_store(args.db or Path("var") / "store.sqlite")
    return Target(paths, "http://127.0.0.1:8700", "", 30, 30.0)


def _store(t: Target) -> LocalStore:
    db = t.paths.store
    if not db.exists():
        raise SettingsError(f"no store at {db}", user_message=f"找不到本机数据 {db}")
    return t.paths.open_store(SystemClock())


def run(args: argparse.Namespace) -> int:
    try:
        t = _target(args)
        return _COMMANDS[args.command](args, t)
    except HallError as e:
        print(f"{e.user_message}\n{e.detail}", file=sys.stderr)
        return 2


def _status(args: argparse.Namespace, t: Target) -> int:
    with _store(t) as store:
        status = Outbox(store).status()
        print(f"store: {t.paths.store}")
        for (kind, state), n in sorted(status.counts.items()):
            print(f"  {kind}:{state}\t{n}")
        print(f"waiting: {status.waiting}")
        print(f"held for a person: {status.held}")
        print(f"oldest waiting: {status.oldest_waiting or '—'}")
        print(f"last success: {status.last_success or '—'}")
        print(f"last error: {status.last_error or '—'}")
    return 0


def _held(args: argparse.Namespace, t: Target) -> int:
    with _store(t) as store:
        items = Outbox(store).items("held")
        for item in items:
            print(f"{item.kind}\t{item.ref_id}\t{item.last_error}")
        if not items:
            print("no held items")
    return 0


def _retry(args: argparse.Namespace, t: Target) -> int:
    with _store(t) as store:
        try:
            done = Outbox(store).retry(args.id)
        except (LookupError, ValueError) as e:
            print(str(e).strip("'\""), file=sys.stderr)
            return 1
    print(f"{args.id} was delivered as {done}" if done else f"{args.id} queued again")
    return 0


def _purge(args: argparse.Namespace, t: Target) -> int:
    days = args.retention_days if args.retention_days is not None else t.retention_days
    with _store(t) as store:
        purged = store.purge_due(days)
    print(f"purged {len(purged)} applications confirmed more than {days} days ago")
    return 0


def _credentials(args: argparse.Namespace, t: Target) -> Credentials:
    terminal = args.terminal or t.terminal_id
    secret_file = args.secret_file or t.paths.secret_file
    if not terminal or secret_file is None:
        raise SettingsError(
            f"{args.command} needs the terminal id and its secret file"
            " (settings or --terminal/--secret-file)"
        )
    try:
        return Credentials(terminal, secret_file.read_text(encoding="utf-8").strip())
    except OSError as e:
        raise SettingsError(f"secret file {secret_file}: {e}") from None


def _export(args: argparse.Namespace, t: Target) -> int:
    creds = _credentials(args, t)
    with _store(t) as store:
        path, header = write_bundle(
            store, creds.terminal_id, creds.secret, args.to, now=store.clock.now()
        )
    print(
        f"wrote {path}: {header['applications']} applications, {header['evaluations']}"
        " evaluations (sealed; only the platform can open it)"
    )
    return 0


def _import(args: argparse.Namespace, t: Target) -> int:
    creds = _credentials(args, t)
    try:
        with open(args.bundle, "rb"):
            pass  # readable: it is streamed from disk, never read whole into memory
    except OSError as e:
        raise SettingsError(f"bundle {args.bundle}: {e}") from None
    client = PlatformClient(args.url or t.url, creds, read_timeout=max(t.read_timeout, 300))
    doc = client.post_bundle(Path(args.bundle))
    print(
        f"bundle of {doc['terminal_id']}: {doc['applications_new']} new and"
        f" {doc['applications_known']} already known applications,"
        f" {doc['evaluations_new']} new and {doc['evaluations_known']} known evaluations"
    )
    for r in doc.get("refused", []):
        print(f"  refused {r['key']}: {r['reason']}")
    return 0


def _run(args: argparse.Namespace, t: Target) -> int:
    from sync.logs import setup_logging

    # the data folder's logs/sync.log (masked JSON lines), and the console
    setup_logging(t.paths.data_dir, "sync", t.terminal_id)
    url = args.url or t.url
    creds = _credentials(args, t)

    def progress(what: str, done: int, total: int) -> None:
        if what == "upload" and total:
            print(f"\r  upload {done * 100 // total:3d}%", end="", file=sys.stderr, flush=True)

    def client() -> PlatformClient:
        return PlatformClient(
            url, creds, connect_timeout=t.connect_timeout, read_timeout=t.read_timeout
        )

    def open_lane() -> tuple[LocalStore, PlatformClient]:
        return _store(t), client()

    with _store(t) as store:
        catalogue = args.catalogue or t.paths.catalogue
        worker = SyncWorker(
            store,
            client(),
            on_progress=progress,
            catalogue_path=catalogue if catalogue.exists() else None,
            lanes=t.lanes,
            open_lane=open_lane,
            signs_staff_in=t.signs_staff_in,
            public_key_file=t.paths.public_key_file,
        )
        if args.once:
            report = worker.run_once()
            print(
                f"\ndelivered {report.delivered}, held {report.held}, deferred {report.deferred},"
                f" progress updates {report.progress_updates},"
                f" catalogue changes {report.catalogue_changes}, {report.bytes_uploaded} bytes"
            )
            for err in report.errors[:10]:
                print(f"  {err}")
            return 0
        stop = threading.Event()
        try:
            worker.run(stop, interval=t.interval)
        except KeyboardInterrupt:
            stop.set()
    return 0


_COMMANDS = {
    "status": _status,
    "held": _held,
    "retry": _retry,
    "purge": _purge,
    "run": _run,
    "export": _export,
    "import": _import,
}
