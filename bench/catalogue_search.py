"""Catalogue search benchmark: the 52,700-item demo city (or a province of N items: the demo
city's catalogue repeated for more cities, each with its own division codes and names), 200
realistic queries.

Prints median and p99 latency of our search per query and of a naive ``LIKE '%q%'`` scan of
the same items table in the same run, their ratio, how often each finds anything, the
catalogue file's size and the process's peak memory. Targets (issues 2 and 31): median < 5 ms,
p99 < 20 ms on a 2-core machine, for a city and for a province (~500,000 items).

    python bench/catalogue_search.py [--db PATH] [--rounds N] [--items 500000]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.catalogue.text import pinyin_full, pinyin_initials  # noqa: E402
from sync.catalogue import CatalogueStore, build_demo_catalogue, load_demo_seed  # noqa: E402

REGION = "369901001000"

# What people type at a kiosk: colloquial words, item fragments, pinyin, initials.
TYPED = """
身份证 社保 医保 养老 公积金 户口 结婚 离婚 低保 生孩子 出生 上户口 驾照 房产证 过户 开公司 营业执照
个体户 退休 失业金 残疾证 护照 港澳通行证 居住证 补贴 高龄 报销 异地就医 宅基地 盖房 契税 发票
食品经营 工伤 就业 入学 转学 公租房 租房 水电 老年证 法律援助 调解 无犯罪 婚姻 社保卡 医保卡 年检
sfz sb yb yl gjj hk jh sbk jsz fcz yyzz ljb dbsq
shenfenzheng shebao yibao yanglao gongjijin hukou jiehun dibao jiazhao fangchanzheng kaigongsi
yingyezhizhao juzhuzheng huzhao canjiren shiyejin tuixiu zhaigongzuo
""".split()


def build_province(store: CatalogueStore, items: int) -> int:
    """About ``items`` items: the demo city's catalogue for as many cities as it takes, each
    with its own division codes (36 90 … 36 99) and names (示范一市 …); the queries' own city
    (3699) is one of them."""
    from core.catalogue.generate import expand
    from core.catalogue.regions import DEMO_CITY_NAME, Region, demo_city

    seed = load_demo_seed()
    city = demo_city()
    per_city = sum(1 for _ in expand(seed, city))
    count = max(1, min(10, round(items / per_city)))
    names = "一二三四五六七八九"

    def renamed(region: Region, code: str, name: str) -> Region:
        return dataclasses.replace(
            region,
            code=code + region.code[4:],
            name=region.name.replace(DEMO_CITY_NAME, name, 1),
            short_name=name if region.code == city.code else region.short_name,
            children=[renamed(child, code, name) for child in region.children],
        )

    cities = [city] + [
        renamed(city, f"36{90 + k:02d}", f"示范{names[k]}市") for k in range(count - 1)
    ]
    return store.replace_all(
        itertools.chain.from_iterable(expand(seed, c) for c in cities),
        version=f"demo-province-{count}",
        synonyms={k: list(v) for k, v in seed.synonyms.items()},
    )


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def queries(n: int = 200, seed: int = 7) -> list[str]:
    """The typed list, then fragments of item names, their pinyin and initials, and typos."""
    rng = random.Random(seed)
    names = [s.name for s in load_demo_seed().items]
    out = list(TYPED)
    while len(out) < n:
        name = rng.choice(names)
        kind = rng.randrange(5)
        if kind == 0:  # a fragment of the official name
            start = rng.randrange(max(len(name) - 3, 1))
            out.append(name[start : start + rng.choice((2, 3, 4))])
        elif kind == 1:  # full pinyin of a fragment
            start = rng.randrange(max(len(name) - 3, 1))
            out.append(pinyin_full(name[start : start + 3]))
        elif kind == 2:  # initials of the name's start
            out.append(pinyin_initials(name)[: rng.choice((3, 4, 5))])
        elif kind == 3:  # a typo in pinyin (two letters swapped)
            word = pinyin_full(name[: rng.choice((3, 4))])
            out.append(_typo(rng, word))
        else:  # the whole name
            out.append(name)
    return out[:n]


def _time(fn, qs: list[str], rounds: int) -> tuple[list[float], float]:  # type: ignore[no-untyped-def]
    per_query: list[float] = []
    found = 0
    for q in qs:
        samples = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            result = fn(q)
            samples.append((time.perf_counter() - t0) * 1000)
        found += bool(result)
        per_query.append(statistics.median(samples))
    return per_query, found / len(qs)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing catalogue (default: build one)")
    parser.add_argument("--rounds", type=int, default=3, help="timings per query (median kept)")
    parser.add_argument(
        "--items",
        type=int,
        default=0,
        help="a province: about this many items (10 cities ≈ 527,000)",
    )
    args = parser.parse_args()

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "catalogue.sqlite"
        t0 = time.perf_counter()
        with CatalogueStore(args.db) as s:
            n = build_province(s, args.items) if args.items else build_demo_catalogue(s)
        print(f"built demo catalogue: {n:,} items in {time.perf_counter() - t0:.1f} s")

    store = CatalogueStore(args.db)
    naive_db = sqlite3.connect(args.db)
    qs = queries()

    def ours(q: str) -> list[object]:
        return list(store.search(q, region_code=REGION, limit=10))

    def naive(q: str) -> list[object]:
        return naive_db.execute(
            "SELECT impl_code, name FROM items WHERE name LIKE '%' || ? || '%' LIMIT 10", (q,)
        ).fetchall()

    for q in qs[:20]:  # warm caches for both
        ours(q)
        naive(q)
    ours_ms, ours_found = _time(ours, qs, args.rounds)
    naive_ms, naive_found = _time(naive, qs, args.rounds)

    med, tail = statistics.median(ours_ms), p99(ours_ms)
    nmed, ntail = statistics.median(naive_ms), p99(naive_ms)
    print(f"items: {store.count():,}   queries: {len(qs)}   rounds: {args.rounds}")
    print(f"{'':24s}{'median ms':>10s}{'p99 ms':>10s}{'found':>8s}")
    print(f"{'hall search':24s}{med:10.2f}{tail:10.2f}{ours_found:8.0%}")
    print(f"{'naive LIKE scan':24s}{nmed:10.2f}{ntail:10.2f}{naive_found:8.0%}")
    print(f"ratio naive/ours: median {nmed / med:.1f}x, p99 {ntail / tail:.1f}x")
    slowest = sorted(zip(ours_ms, qs, strict=True), reverse=True)[:3]
    print("slowest: " + ", ".join(f"{q} {ms:.1f} ms" for ms, q in slowest))
    size = args.db.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"catalogue file {size / 1e6:.0f} MB; peak memory of this process {peak:.0f} MB")
    ok = med < 5 and tail < 20
    print(f"targets median < 5 ms, p99 < 20 ms: {'MET' if ok else 'NOT MET'}")
    store.close()
    naive_db.close()
    if tmp is not None:
        tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
