"""`hall-sync catalogue …` / `python -m sync.catalogue …`: build, search and show the catalogue."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

from core.catalogue.models import Audience, Level
from sync.catalogue import CatalogueStore, build_demo_catalogue

DEFAULT_REGION = "369901001000"  # a township hall of the demo city (青山区)


def default_db() -> Path:
    return Path(os.environ.get("HALL_DATA_DIR", "var")) / "catalogue.sqlite"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=None, help="catalogue file (default: %(default)s)"
    )
    sub = parser.add_subparsers(dest="catalogue_command", required=True)

    b = sub.add_parser("build", help="build the demo catalogue (about 52,700 items)")
    b.add_argument("--villages", type=int, default=6, help="villages per township")
    b.add_argument("--townships", type=int, default=13, help="townships per county")

    s = sub.add_parser("search", help="search items the way the kiosk does")
    s.add_argument("query", help="Chinese, full pinyin (shebao) or initials (sfz)")
    s.add_argument("--region", default=DEFAULT_REGION, help="terminal's 12-digit region code")
    s.add_argument("--anywhere", action="store_true", help="do not limit to the region")
    s.add_argument("--theme", help="only this theme, e.g. 户籍")
    s.add_argument("--level", choices=[lv.name.lower() for lv in Level])
    s.add_argument("--audience", choices=[a.value for a in Audience])
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--json", action="store_true")

    g = sub.add_parser("show", help="print an item's guide (办事指南)")
    g.add_argument("impl_code")

    sub.add_parser("themes", help="list themes with their number of items")


def _open(db: Path | None, quiet: bool = False) -> CatalogueStore:
    path = db or default_db()
    path.parent.mkdir(parents=True, exist_ok=True)
    store = CatalogueStore(path)
    if store.count() == 0:
        if not quiet:
            print(
                f"目录为空，正在生成演示目录 / building the demo catalogue in {path} …",
                file=sys.stderr,
            )
        build_demo_catalogue(store)
    return store


def run(args: argparse.Namespace) -> int:
    cmd = args.catalogue_command
    if cmd == "build":
        path = args.db or default_db()
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with CatalogueStore(path) as store:
            n = build_demo_catalogue(
                store,
                villages_per_township=args.villages,
                townships_per_county=args.townships,
                progress=lambda k: print(f"\r  {k:,} items", end="", file=sys.stderr),
            )
            print(file=sys.stderr)
            print(
                f"built {n:,} items ({len(store.themes())} themes) in "
                f"{time.monotonic() - started:.1f} s → {path}"
            )
        return 0
    with _open(args.db, quiet=getattr(args, "json", False)) as store:
        if cmd == "themes":
            for theme, n in store.themes():
                print(f"{theme}\t{n}")
            return 0
        if cmd == "show":
            try:
                item = store.get(args.impl_code)
            except KeyError:
                print(f"没有编码为 {args.impl_code} 的事项 / no such item", file=sys.stderr)
                return 1
            print(item.guide)
            return 0
        started = time.perf_counter()
        hits = store.search(
            args.query,
            region_code=None if args.anywhere else args.region,
            theme=args.theme,
            level=Level[args.level.upper()] if args.level else None,
            audience=Audience(args.audience) if args.audience else None,
            limit=args.limit,
        )
        elapsed = (time.perf_counter() - started) * 1000
        if args.json:
            out = [{**asdict(h), "level": h.level.label, "match": h.match.value} for h in hits]
            print(json.dumps(out, ensure_ascii=False, indent=2))
            return 0
        print(f"“{args.query}” — {len(hits)} 项，用时 {elapsed:.1f} ms")
        for i, h in enumerate(hits, start=1):
            more = f"（另有{h.other_bodies}个实施主体）" if h.other_bodies else ""
            print(f"{i:2d}. {h.name}  [{h.match.label}]")
            print(f"    {h.department} · {h.level.label} · {h.handling}{more} · {h.impl_code}")
        if not hits:
            print("没有找到相关事项，请换个说法试试，例如“身份证”“社保”“sfz”。")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sync.catalogue", description="Service catalogue (事项目录) tools."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
