"""`hall-central`: run the reference platform."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from central.platform import PLATFORM_STATES, Platform, PlatformError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hall-central",
        description="Hall Terminal reference central platform (HTTP API, OpenAPI at /docs).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the API")
    serve.add_argument("--data-dir", type=Path, default=Path("var/central"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument(
        "--quota-gb", type=float, default=200.0, help="scans one terminal may store (GiB)"
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="",
        help="the reverse proxies whose X-Forwarded-For/-Proto to trust (comma-separated);"
        " none by default: the connection's own address counts",
    )
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="log every request (a line a request costs central 8 %% of its time under a fleet)",
    )
    serve.add_argument(
        "--partial-upload-days",
        type=float,
        default=7.0,
        help="abandoned partial uploads are removed after this many days",
    )
    serve.add_argument(
        "--database",
        default=None,
        help="the records' PostgreSQL URL (postgresql://user@host/db); default: the"
        " environment's HALL_CENTRAL_DATABASE, else SQLite in the data folder. Any number of"
        " central processes may serve one PostgreSQL (and one shared scan storage)",
    )
    serve.add_argument(
        "--blobs",
        default=None,
        help="the scans' object storage (s3://bucket/prefix; endpoint in"
        " HALL_CENTRAL_S3_ENDPOINT, credentials as boto3 finds them); default: the"
        " environment's HALL_CENTRAL_BLOBS, else the data folder's blobs/",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes on this port (uvicorn's); more than one needs PostgreSQL",
    )
    serve.add_argument(
        "--max-in-work",
        type=int,
        default=256,
        help="requests in work at once in a process before it answers 503 + Retry-After"
        " (0: no limit)",
    )
    serve.add_argument(
        "--graceful-seconds",
        type=float,
        default=30.0,
        help="on SIGTERM, how long requests in work may take to finish",
    )
    term = sub.add_parser("terminal", help="enrol a terminal (prints its secret once)")
    term.add_argument(
        "action",
        choices=["add", "code"],
        help="add: enrol now and print the secret; code: a one-time enrolment code for"
        " `hall-sync enrol` on the terminal (the secret never leaves the two machines)",
    )
    term.add_argument("id")
    term.add_argument("--name", default="")
    term.add_argument("--data-dir", type=Path, default=Path("var/central"))
    term.add_argument("--hall", default="", help="the hall's code: its staff sign in there")
    term.add_argument(
        "--region", default="", help="code: the hall's 12-digit division code (required)"
    )
    term.add_argument("--hall-name", default="", help="code: the hall's name on its screens")
    term.add_argument("--hours", type=float, default=72.0, help="code: how long it is valid")
    term.add_argument(
        "--role",
        choices=["kiosk", "counter", "agent", "display", "online"],
        required=True,
        help="a kiosk is never sent staff accounts; counters and agent stations sign staff in",
    )
    staff = sub.add_parser("staff", help="staff accounts (sign-in at counters and stations)")
    staff.add_argument("action", choices=["add", "disable", "list"])
    staff.add_argument("number", nargs="?", default="", help="工号")
    staff.add_argument("--name", default="")
    staff.add_argument(
        "--role",
        choices=["clerk", "agent", "supervisor", "manager", "inspector"],
        default="clerk",
        help="manager (大厅负责人) and inspector (监管人员) sign in to the supervision console",
    )
    staff.add_argument("--hall", default="", help="the hall's code (empty: every hall)")
    staff.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    staff.add_argument("--data-dir", type=Path, default=Path("var/central"))
    status = sub.add_parser("status", help="move an application: 受理/补正/不予受理/办结")
    status.add_argument("official_number")
    status.add_argument("status", choices=list(PLATFORM_STATES))
    status.add_argument("--note", default="")
    status.add_argument("--data-dir", type=Path, default=Path("var/central"))
    cal = sub.add_parser(
        "calendar", help="the working-day calendar: load the published one, or a due date by it"
    )
    cal.add_argument("action", choices=["load", "due"])
    cal.add_argument("file", nargs="?", type=Path, help="load: the calendar file (TOML)")
    cal.add_argument("--from", dest="start", default="", help="due: the start day (not counted)")
    cal.add_argument("--days", type=int, default=0, help="due: working days")
    cal.add_argument("--data-dir", type=Path, default=Path("var/central"))
    sup = sub.add_parser(
        "supervise", help="电子监察: raise the time-limit warnings due (each once) and print them"
    )
    sup.add_argument("--today", default="", help="the day to look on (China's today by default)")
    sup.add_argument("--data-dir", type=Path, default=Path("var/central"))
    month = sub.add_parser(
        "demo-month",
        help="fill the platform with a month of the demo city (halls, applications, ratings,"
        " 差评 cases, queues) for the supervision console",
    )
    month.add_argument("--days", type=int, default=30)
    month.add_argument("--end", default="", help="the last day (China's today by default)")
    month.add_argument("--scale", type=float, default=1.0, help="citizens a day, relative")
    month.add_argument("--data-dir", type=Path, default=Path("var/central"))
    imp = sub.add_parser("import", help="deliver a bundle carried from an offline station")
    imp.add_argument("bundle", type=Path)
    imp.add_argument("--data-dir", type=Path, default=Path("var/central"))
    move = sub.add_parser(
        "migrate-to",
        help="move this platform's records (SQLite) to PostgreSQL, and its scans to object"
        " storage; repeatable while central runs, --final once it is stopped",
    )
    move.add_argument("database", help="postgresql://user@host/db")
    move.add_argument("--blobs", default="", help="s3://bucket/prefix: the scans go there too")
    move.add_argument(
        "--final",
        action="store_true",
        help="the last pass, central stopped: also remove what the store no longer holds",
    )
    move.add_argument("--data-dir", type=Path, default=Path("var/central"))
    rel = sub.add_parser(
        "release",
        help="signed updates: add a version's bundle (.tar.gz/.tar.xz) or .deb, offer it to"
        " terminals, withdraw it, list; key: the public key terminals pin",
    )
    rel.add_argument("action", choices=["add", "offer", "withdraw", "list", "key"])
    rel.add_argument("target", nargs="?", default="", help="add: the file; else the version")
    rel.add_argument("--version", default="", help="add: the version the bundle is")
    rel.add_argument(
        "--health-minutes",
        type=int,
        default=10,
        help="add: minutes a terminal's new version has to report healthy before it rolls back",
    )
    rel.add_argument("--role", action="append", default=[], help="offer: to this role only")
    rel.add_argument("--hall", action="append", default=[], help="offer: to this hall only")
    rel.add_argument("--terminal", action="append", default=[], help="offer: to this terminal")
    rel.add_argument("--data-dir", type=Path, default=Path("var/central"))
    usb = sub.add_parser(
        "usb",
        help="what a USB stick carries to a station without network, each signed with the"
        " platform's key: a release, the catalogue, a terminal's settings (hall-sync usb"
        " loads them)",
    )
    usb.add_argument("--to", type=Path, required=True, help="the folder (the stick)")
    usb.add_argument("--release", default="", help="this release's file")
    usb.add_argument("--catalogue", action="store_true", help="the whole catalogue")
    usb.add_argument(
        "--settings", action="append", default=[], help="the settings kept for this terminal"
    )
    usb.add_argument("--data-dir", type=Path, default=Path("var/central"))
    back = sub.add_parser(
        "backup",
        help="an online backup of the embedded platform (records, catalogue, scans) to a"
        " folder; restored by using that folder as the data folder (PostgreSQL: pg_dump)",
    )
    back.add_argument("--to", type=Path, required=True)
    back.add_argument("--data-dir", type=Path, default=Path("var/central"))
    args = parser.parse_args(argv)

    if args.command == "migrate-to":
        return _migrate(args)
    if args.command == "backup":
        from central.storage.moves import backup_data_dir

        if not (args.data_dir / "platform.sqlite").exists():
            print(f"backup: no platform in {args.data_dir}", file=sys.stderr)
            return 1
        done = backup_data_dir(args.data_dir, args.to)
        print(f"backup in {args.to}: records, catalogue, {done['scans_copied']} new scans")
        return 0

    if args.command == "import":
        try:
            with open(args.bundle, "rb") as f:  # streamed: bundles of weeks can be large
                a = Platform(args.data_dir).import_bundle(f, "usb")
        except (OSError, PlatformError) as e:
            print(getattr(e, "message", str(e)), file=sys.stderr)
            return 1
        print(json.dumps(a.doc, ensure_ascii=False))
        return 0

    if args.command == "staff":
        return _staff(args)
    if args.command == "release":
        return _release(args)
    if args.command == "usb":
        return _usb(args)
    if args.command == "demo-month":
        return _demo_month(args)
    if args.command == "calendar":
        return _calendar(args)
    if args.command == "supervise":
        return _supervise(args)
    if args.command == "terminal" and args.action == "code":
        try:
            issued = Platform(args.data_dir).issue_enrolment_code(
                args.id,
                args.role,
                hall=args.hall,
                region_code=args.region,
                hall_name=args.hall_name,
                name=args.name,
                hours=args.hours,
            )
        except PlatformError as e:
            print(e.message, file=sys.stderr)
            return 1
        print(f"enrolment code for {args.id} ({args.role}), valid {args.hours:g} hours, once:")
        print(issued["code"])
        print("on the terminal: hall-sync enrol --central <this platform's URL> --code CODE")
        return 0
    if args.command == "terminal":
        args.data_dir.mkdir(parents=True, exist_ok=True)
        secret = Platform(args.data_dir).add_terminal(args.id, args.name, args.hall, args.role)
        print(f"terminal {args.id} enrolled; its secret, for a mode-600 file that")
        print("[platform] secret_file names (or use `terminal code` and `hall-sync enrol`):")
        print(secret)
        return 0
    if args.command == "status":
        try:
            a = Platform(args.data_dir).set_status(args.official_number, args.status, args.note)
        except PlatformError as e:
            print(e.message, file=sys.stderr)
            return 1
        print(f"{a.doc['official_number']} → {a.doc['status']}")
        return 0

    return _serve(args)


def _serve(args: argparse.Namespace) -> int:
    """One process, or ``--workers`` processes on one port, each making the application
    from the settings put in the environment (central.app.from_environment)."""
    import os

    import uvicorn

    from central.app import admin_token_for
    from central.server import server_config
    from central.storage import BLOBS_ENV, DATABASE_ENV, database_url

    database = database_url(args.database)
    if args.workers > 1 and not database:
        print(
            "serve: several workers need PostgreSQL (--database postgresql://…); SQLite's"
            " file takes one writer process",
            file=sys.stderr,
        )
        return 2
    args.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "HALL_CENTRAL_DATA_DIR": str(args.data_dir.resolve()),
            "HALL_CENTRAL_QUOTA_BYTES": str(int(args.quota_gb * (1 << 30))),
            "HALL_CENTRAL_PARTIAL_UPLOAD_DAYS": str(args.partial_upload_days),
            "HALL_CENTRAL_MAX_IN_WORK": str(args.max_in_work),
            DATABASE_ENV: database,
        }
    )
    if args.blobs is not None:
        os.environ[BLOBS_ENV] = args.blobs
    admin_token_for(args.data_dir)
    print(f"admin token in {args.data_dir / 'admin.token'}", flush=True)
    if args.workers <= 1:  # made here: a wrong setting stops the command, said at once
        from central.app import from_environment
        from central.storage.migrations import SchemaTooNew

        try:
            target: Any = from_environment()
        except SchemaTooNew as e:  # a newer central moved the database on: said, no trace
            print(f"serve: {e.message}", file=sys.stderr)
            return 2
    else:
        target = "central.app:from_environment"
    config = server_config(
        target,
        host=args.host,
        port=args.port,
        log_level="info",
        access_log=args.access_log,
        proxy_headers=bool(args.forwarded_allow_ips),
        forwarded_allow_ips=args.forwarded_allow_ips or None,
        workers=args.workers,
        factory=args.workers > 1,
        timeout_graceful_shutdown=args.graceful_seconds,
    )
    if args.workers > 1:
        from uvicorn.supervisors import Multiprocess

        sock = config.bind_socket()  # as uvicorn.run does: one socket, the workers share it
        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run()
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from central.storage import database_url
    from central.storage.blobs import open_blobs
    from central.storage.moves import move_to_postgres

    if not (args.data_dir / "platform.sqlite").exists():
        print(f"migrate-to: no SQLite platform in {args.data_dir}", file=sys.stderr)
        return 1
    url = database_url(args.database)
    if not url.startswith(("postgresql://", "postgres://")):
        print("migrate-to: a postgresql:// URL", file=sys.stderr)
        return 2
    blobs = open_blobs(args.data_dir, args.blobs) if args.blobs else None
    report = move_to_postgres(args.data_dir, url, blobs=blobs, final=args.final)
    total = sum(report.rows.values())
    print(
        f"moved {total} rows of {len(report.rows)} tables"
        + (f", removed {sum(report.removed.values())}" if report.removed else "")
        + (f", {report.scans_copied} scans" if blobs is not None else "")
        + (
            "; final pass done: serve with --database" + (" and --blobs" if blobs else "")
            if args.final
            else "; run again with --final once central is stopped"
        )
    )
    return 0


def _release(args: argparse.Namespace) -> int:
    """Signed updates (central.releases) from the operator's chair."""
    args.data_dir.mkdir(parents=True, exist_ok=True)
    platform = Platform(args.data_dir)
    try:
        if args.action == "key":
            print(platform.public_key())
            return 0
        if args.action == "list":
            for r in platform.releases():
                m, offered = r["manifest"], r["offered"]
                to = (
                    "not offered"
                    if offered is None
                    else "offered to "
                    + (
                        ", ".join(offered["roles"] + offered["halls"] + offered["terminals"])
                        or "all"
                    )
                )
                print(f"{r['version']}\t{m['format']}\t{m['size'] / 1e6:.1f} MB\t{to}")
            return 0
        if not args.target:
            print(f"release {args.action}: which file or version?", file=sys.stderr)
            return 2
        if args.action == "add":
            if not args.version:
                print("release add: --version (the version the bundle is)", file=sys.stderr)
                return 2
            done = platform.add_release(
                Path(args.target), args.version, health_minutes=args.health_minutes
            )
            m = done["manifest"]
            said = "added and signed" if done["added"] else "already there, the same file"
            print(f"release {m['version']} ({m['format']}, {m['size'] / 1e6:.1f} MB): {said}")
            return 0
        if args.action == "offer":
            o = platform.offer_release(
                args.target, roles=args.role, halls=args.hall, terminals=args.terminal
            )["offered"]
            to = ", ".join(o["roles"] + o["halls"] + o["terminals"]) or "every terminal"
            print(f"release {args.target} offered to {to}: they take it with their next heartbeat")
            return 0
        if args.action == "withdraw":
            platform.withdraw_release(args.target)
            print(f"release {args.target} withdrawn (terminals that installed it keep it)")
            return 0
    except (OSError, PlatformError) as e:
        print(getattr(e, "message", str(e)), file=sys.stderr)
        return 1
    return 2


def _usb(args: argparse.Namespace) -> int:
    """A stick for a station without network: files and their signed manifests."""
    platform = Platform(args.data_dir)
    written: list[Path] = []
    try:
        if args.release:
            written.append(platform.export_release(args.release, args.to)[1])
        if args.catalogue:
            from central.catalogue_feed import Catalogues
            from central.catalogue_snapshot import Snapshots

            catalogues = Catalogues(args.data_dir / "catalogue.sqlite")
            snap = Snapshots(args.data_dir / "snapshots", platform, catalogues).current()
            exported = platform.export_catalogue(snap.path, snap.cursor, snap.sha256, args.to)
            written.append(exported[1])
        for terminal in args.settings:
            written.append(platform.export_settings(terminal, args.to)[1])
    except (OSError, PlatformError) as e:
        print(getattr(e, "message", str(e)), file=sys.stderr)
        return 1
    if not written:
        print("usb: --release V, --catalogue and/or --settings TERMINAL", file=sys.stderr)
        return 2
    for manifest in written:
        print(manifest)
    print("on the terminal: hall-sync usb <the stick>/*.manifest.json --config …")
    return 0


def _staff(args: argparse.Namespace) -> int:
    args.data_dir.mkdir(parents=True, exist_ok=True)
    platform = Platform(args.data_dir)
    try:
        if args.action == "list":
            for m in platform.staff_list().doc["staff"]:
                state = "" if m["enabled"] else "  (disabled)"
                print(f"{m['number']}\t{m['name']}\t{m['role']}\t{m['hall'] or '*'}{state}")
            return 0
        if not args.number:
            print("staff number (工号) required", file=sys.stderr)
            return 2
        if args.action == "disable":
            platform.disable_staff(args.number)
            print(f"staff {args.number} disabled; terminals drop it at their next sync")
            return 0
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("password: ")
            if getpass.getpass("again: ") != password:
                print("the passwords differ", file=sys.stderr)
                return 2
        m = platform.add_staff(args.number, args.name, args.role, password, args.hall)
    except PlatformError as e:
        print(e.message, file=sys.stderr)
        return 1
    print(
        f"staff {m['number']} {m['name']} ({m['role']}) saved; terminals get it at their next sync"
    )
    return 0


def _supervise(args: argparse.Namespace) -> int:
    """Raises the warnings due on the day (each once: a second run raises none) and prints
    them; the catalogue is the platform's (the items' time limits)."""
    from datetime import date

    from central.catalogue_feed import Catalogues

    platform = Platform(args.data_dir)
    catalogues = Catalogues(args.data_dir / "catalogue.sqlite")
    platform.catalogue_item = catalogues.item
    platform.router = catalogues.body_of
    try:
        today = date.fromisoformat(args.today) if args.today else None
    except ValueError:
        print("supervise: --today YYYY-MM-DD", file=sys.stderr)
        return 2
    report = platform.supervise(today)
    for w in report["raised"]:
        print(f"{w['seq']:06d} {w['rule']} {w['official_number']} 时限 {w['due']} {w['body']}")
    print(
        f"{len(report['raised'])} warnings raised, {report['looked_at']} 办件 looked at,"
        f" {report['calendar_missing']} without calendar data (日历缺失)"
    )
    return 0


def _calendar(args: argparse.Namespace) -> int:
    """`calendar load FILE` keeps the published arrangement; `calendar due --from D --days N`
    prints the due date by it (日历缺失 for a year it has no data for: exit 2)."""
    from datetime import date

    from core.supervision.calendar import CalendarMissing, load_calendar

    args.data_dir.mkdir(parents=True, exist_ok=True)
    platform = Platform(args.data_dir)
    if args.action == "load":
        if args.file is None:
            print("calendar load: the calendar file is needed", file=sys.stderr)
            return 2
        try:
            calendar = load_calendar(args.file)
        except (OSError, ValueError, KeyError, TypeError) as e:
            print(f"calendar {args.file}: {e}", file=sys.stderr)
            return 1
        platform.set_calendar(calendar)
        print(f"calendar {calendar.version}: years {', '.join(map(str, sorted(calendar.years)))}")
        return 0
    try:
        start = date.fromisoformat(args.start)
    except ValueError:
        print("calendar due: --from YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        print(platform.due(start, args.days).isoformat())
    except CalendarMissing as e:
        print(e.user_message, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def _demo_month(args: argparse.Namespace) -> int:
    from datetime import date

    from central.app import create_app
    from central.demo_month import DEMO_PASSWORD, INSPECTOR, MANAGERS, generate_month

    platform = create_app(args.data_dir).state.platform
    end = date.fromisoformat(args.end) if args.end else platform.china_now().date()
    done = generate_month(
        platform,
        args.data_dir / "catalogue.sqlite",
        end=end,
        days=args.days,
        scale=args.scale,
        log=print,
    )
    print(
        f"{done.applications} applications, {done.evaluations} ratings, {done.cases} 差评 cases,"
        f" {done.tickets} tickets, {done.overdue} overdue now"
    )
    print("console accounts (password " + DEMO_PASSWORD + "):")
    for number, name, role, hall in (*MANAGERS, INSPECTOR):
        print(f"  {number} {name} {role} {hall or '全部大厅'}")
    return 0
