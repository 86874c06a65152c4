"""`hall-central`: run the reference platform."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

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
    term = sub.add_parser("terminal", help="enrol a terminal (prints its secret once)")
    term.add_argument("action", choices=["add"])
    term.add_argument("id")
    term.add_argument("--name", default="")
    term.add_argument("--data-dir", type=Path, default=Path("var/central"))
    status = sub.add_parser("status", help="move an application: 受理/补正/不予受理/办结")
    status.add_argument("official_number")
    status.add_argument("status", choices=list(PLATFORM_STATES))
    status.add_argument("--note", default="")
    status.add_argument("--data-dir", type=Path, default=Path("var/central"))
    imp = sub.add_parser("import", help="deliver a bundle carried from an offline station")
    imp.add_argument("bundle", type=Path)
    imp.add_argument("--data-dir", type=Path, default=Path("var/central"))
    args = parser.parse_args(argv)

    if args.command == "import":
        try:
            with open(args.bundle, "rb") as f:  # streamed: bundles of weeks can be large
                a = Platform(args.data_dir).import_bundle(f, "usb")
        except (OSError, PlatformError) as e:
            print(getattr(e, "message", str(e)), file=sys.stderr)
            return 1
        print(json.dumps(a.doc, ensure_ascii=False))
        return 0

    if args.command == "terminal":
        args.data_dir.mkdir(parents=True, exist_ok=True)
        secret = Platform(args.data_dir).add_terminal(args.id, args.name)
        print(f"terminal {args.id} enrolled; put this secret in its settings ([platform] secret):")
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

    import uvicorn

    from central.app import admin_token_for, create_app

    app = create_app(args.data_dir)
    admin_token_for(args.data_dir)
    print(f"admin token in {args.data_dir / 'admin.token'}")
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
