"""`hall-central`: run the reference platform."""

from __future__ import annotations

import argparse
from pathlib import Path


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
    args = parser.parse_args(argv)

    import uvicorn

    from central.app import create_app

    app = create_app(args.data_dir)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
