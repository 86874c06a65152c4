"""A new terminal's first catalogue (issue 31): from an empty catalogue to searching the
platform's 52,718 items, through a link throttled to 10 Mbit/s each way (a loopback proxy).

The snapshot file (GET /v1/catalogue/snapshot/file: the catalogue's tables, compressed) is
measured; ``--pages`` also measures the pages of item documents a platform without the file
gives (what every new terminal took before: several minutes on such a link), in the same run.
Target: searchable in < 30 s.

    python bench/first_catalogue.py [--mbit 10] [--pages]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_drain import start_central  # noqa: E402  (bench/sync_drain.py, beside this file)

import sync.catalogue_sync as catalogue_sync  # noqa: E402
from sync.catalogue import CatalogueStore  # noqa: E402
from sync.client import Credentials, PlatformClient  # noqa: E402
from tests.helpers.fault_proxy import FaultProxy  # noqa: E402


def first_catalogue(url: str, secret: str, work: Path, name: str) -> tuple[float, int, int]:
    """Seconds from an empty catalogue until a search answers; items; bytes received."""
    host, port = url.removeprefix("http://").split(":")
    proxy_rate = RATE
    proxy = FaultProxy((host, int(port)), lambda r: "pass", rate=proxy_rate, down_rate=proxy_rate)
    proxy.start()
    client = PlatformClient(proxy.url, Credentials("B1", secret), read_timeout=600)
    received = [0]
    real = client.session.request

    def counting(*a: object, **kw: object) -> object:
        r = real(*a, **kw)  # type: ignore[arg-type]
        received[0] += int(r.headers.get("Content-Length", 0) or 0)
        return r

    client.session.request = counting  # type: ignore[method-assign]
    path = work / name / "catalogue.sqlite"
    path.parent.mkdir()
    started = time.perf_counter()
    with CatalogueStore(path) as store:
        n = catalogue_sync.update_catalogue(store, client)
        assert store.search("shebao", region_code="369901001000", limit=1)
    took = time.perf_counter() - started
    proxy.stop()
    client.close()
    return took, n, received[0]


RATE = 10e6 / 8


def main() -> int:
    global RATE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mbit", type=float, default=10.0)
    parser.add_argument("--pages", action="store_true", help="also the pages, as before")
    args = parser.parse_args()
    RATE = args.mbit * 1e6 / 8
    work = Path(tempfile.mkdtemp(prefix="first-catalogue-"))
    server, url = start_central(work / "central")
    platform = server.config.app.state.platform  # type: ignore[attr-defined]
    secret = platform.add_terminal("B1")
    took, n, size = first_catalogue(url, secret, work, "file")
    met = took < 30
    print(
        f"snapshot file: {n} items searchable in {took:.1f} s over {args.mbit:g} Mbit/s,"
        f" {size / 1e6:.1f} MB received (target < 30 s: {'MET' if met else 'MISSED'})"
    )
    if args.pages:
        with mock.patch.object(catalogue_sync, "SNAPSHOT_FORMAT", "none/0"):
            ptook, pn, psize = first_catalogue(url, secret, work, "pages")
        print(
            f"pages as before: {pn} items in {ptook:.1f} s, {psize / 1e6:.1f} MB received"
            f" ({ptook / took:.0f}× the file's time)"
        )
    server.should_exit = True
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
