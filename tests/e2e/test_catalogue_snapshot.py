"""A new terminal's first catalogue (issue 31): one compressed file of the platform's catalogue
tables (GET /v1/catalogue/snapshot/file) instead of 53 pages of item documents — resumed where
a cut download stopped, checked by its sha256, loaded in one transaction; from a platform that
writes none in the terminal's format, the pages as before."""

from __future__ import annotations

import gzip
import io
import json
import time
from pathlib import Path

import pytest
import requests

import sync.catalogue_sync as catalogue_sync
from core.errors import StorageError
from sync.catalogue import SNAPSHOT_FORMAT, CatalogueStore
from sync.catalogue_sync import snapshot_part, update_catalogue
from sync.client import BadAnswer, Credentials, PlatformClient
from tests.helpers.central import ADMIN_TOKEN, RunningCentral, running_central

pytestmark = pytest.mark.sqlite_only  # the terminal's side; the file is the catalogue's


def _client(central: RunningCentral, terminal: str = "K0001") -> PlatformClient:
    return PlatformClient(central.url, Credentials(terminal, central.enrol(terminal)))


def _no_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: PlatformClient, after: str) -> None:
        raise AssertionError("took the pages")

    monkeypatch.setattr(PlatformClient, "catalogue_snapshot", refuse)


def test_a_new_terminal_loads_the_file_not_the_pages(
    central: RunningCentral, tmp_path: Path, demo_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_pages(monkeypatch)
    client = _client(central)
    local = tmp_path / "t" / "catalogue.sqlite"
    local.parent.mkdir()
    with CatalogueStore(local) as cat, CatalogueStore(demo_catalogue) as platform_copy:
        started = time.monotonic()
        n = update_catalogue(cat, client)
        took = time.monotonic() - started
        assert n == cat.count() == platform_copy.count()
        assert cat.synonyms() == platform_copy.synonyms()
        code = platform_copy.codes_after("", 1)[0]
        assert cat.get(code) == platform_copy.get(code)
        assert cat.search("shebao", region_code="369901001000", limit=1)
        assert cat.meta("platform_base")
        assert cat.meta("platform_cursor") == "0"
        assert not snapshot_part(cat).exists()  # type: ignore[union-attr]
    print(f"first catalogue: {n} items in {took:.1f} s")
    assert took < 30  # 53 pages took minutes on a village line; here it is one small file
    file = next((central.data_dir / "snapshots").glob("catalogue-*.gz"))
    assert file.stat().st_size < 2_000_000  # 0.6 MB for 52,718 items (the pages: 166 MB)


def test_a_cut_download_resumes_and_a_changed_file_comes_whole(
    central: RunningCentral, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_pages(monkeypatch)
    client = _client(central)
    local = tmp_path / "t" / "catalogue.sqlite"
    local.parent.mkdir()
    part = local.with_name(local.name + ".snapshot")
    assert client.catalogue_snapshot_file(part, SNAPSHOT_FORMAT)
    whole = part.read_bytes()
    tag = part.with_name(part.name + ".etag").read_text()
    # the link dropped after 40 %: the rest is asked for, and only the rest comes
    part.write_bytes(whole[: len(whole) * 2 // 5])
    sent: list[dict[str, str]] = []
    real = requests.Session.request

    def spy(self: requests.Session, method: str, url: str, **kw: object) -> requests.Response:
        r = real(self, method, url, **kw)  # type: ignore[arg-type]
        sent.append(
            {"range": str(kw.get("headers", {}).get("Range", "")), "status": str(r.status_code)}
        )  # type: ignore[union-attr]
        return r

    monkeypatch.setattr(requests.Session, "request", spy)
    assert client.catalogue_snapshot_file(part, SNAPSHOT_FORMAT)
    assert sent[-1] == {"range": f"bytes={len(whole) * 2 // 5}-", "status": "206"}
    assert part.read_bytes() == whole
    # the part of another file (the catalogue changed since; its ETag no longer matches):
    # the platform sends the file whole, which replaces the part
    part.write_bytes(b"\x1f\x8b" + b"x" * 1000)
    part.with_name(part.name + ".etag").write_text('"' + "0" * 64 + '"')
    assert client.catalogue_snapshot_file(part, SNAPSHOT_FORMAT)
    assert sent[-1]["status"] == "200"
    assert part.read_bytes() == whole
    assert part.with_name(part.name + ".etag").read_text() == tag
    # a part with the right tag but wrong bytes: the sha256 catches it, and the next try
    # starts over
    part.write_bytes(b"\x00" * 100)
    part.with_name(part.name + ".etag").write_text(tag)
    with pytest.raises(BadAnswer, match="sha256"):
        client.catalogue_snapshot_file(part, SNAPSHOT_FORMAT)
    assert not part.exists()
    assert client.catalogue_snapshot_file(part, SNAPSHOT_FORMAT)
    assert part.read_bytes() == whole


def test_a_platform_without_the_terminals_format_gives_the_pages(
    tmp_path: Path, demo_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A city's 1,500 items (the demo's 52,718 as pages take 20 s even on loopback — what the
    file replaces): two pages of 1,000."""
    small = tmp_path / "central" / "catalogue.sqlite"
    small.parent.mkdir()
    with CatalogueStore(demo_catalogue) as demo, CatalogueStore(small) as cat:
        codes = demo.codes_after("", 1500)
        cat.replace_all([demo.get(c) for c in codes], version="small", synonyms=demo.synonyms())
    monkeypatch.setattr(catalogue_sync, "SNAPSHOT_FORMAT", "hall-catalogue-tables/99")
    pages: list[str] = []
    real = PlatformClient.catalogue_snapshot

    def counted(self: PlatformClient, after: str) -> dict[str, object]:
        pages.append(after)
        return real(self, after)

    monkeypatch.setattr(PlatformClient, "catalogue_snapshot", counted)
    local = tmp_path / "t" / "catalogue.sqlite"
    local.parent.mkdir()
    with running_central(tmp_path / "central") as central, CatalogueStore(local) as cat:
        assert update_catalogue(cat, _client(central)) == cat.count() == 1500
        assert len(pages) == 2  # the pages, two of 1,000
        assert cat.get(codes[-1]).impl_code == codes[-1]
        assert not snapshot_part(cat).exists()  # type: ignore[union-attr]


def test_the_file_follows_the_catalogue_and_old_files_still_serve(
    central: RunningCentral, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a change the newest file is served at once (its cursor older: the terminal
    pulls the change after it) while a new one is written behind; then the new one."""
    _no_pages(monkeypatch)
    client = _client(central)
    local = tmp_path / "t" / "catalogue.sqlite"
    local.parent.mkdir()
    with CatalogueStore(local) as cat:
        update_catalogue(cat, client)
        code = cat.codes_after("", 1)[0]
    r = requests.delete(
        f"{central.url}/v1/admin/catalogue/items/{code}",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=30,
    )
    assert r.status_code == 200
    fresh = tmp_path / "u" / "catalogue.sqlite"
    fresh.parent.mkdir()
    with CatalogueStore(fresh) as cat:
        n = update_catalogue(cat, client)
        with pytest.raises(KeyError):
            cat.get(code)  # the file's, or the change pulled after it
        assert cat.meta("platform_cursor") == "1"
        assert n >= cat.count()
    folder = central.data_dir / "snapshots"
    for _ in range(100):
        if any("-1." in p.name for p in folder.glob("catalogue-*.gz")):
            break
        time.sleep(0.1)
    assert any("-1." in p.name for p in folder.glob("catalogue-*.gz"))


def test_a_damaged_or_foreign_file_changes_nothing(tmp_path: Path, demo_catalogue: Path) -> None:
    with CatalogueStore(demo_catalogue) as platform_copy:
        good = io.BytesIO()
        platform_copy.write_snapshot(good, base="B", cursor=3)
        count = platform_copy.count()
    lines = gzip.decompress(good.getvalue()).split(b"\n")

    def file(rows: list[bytes]) -> io.BytesIO:
        return io.BytesIO(gzip.compress(b"\n".join(rows)))

    item_line = next(i for i, line in enumerate(lines) if line.startswith(b'["items"'))
    wrong_type = json.loads(lines[item_line])
    wrong_type[8] = "3"  # level: an int
    other_table = json.loads(lines[item_line])
    other_table[0] = "sqlite_master"
    cases = {
        "cut short": good.getvalue()[: len(good.getvalue()) // 2],
        "no end line": file(lines[:-2]).getvalue(),
        "a row of the wrong type": file(
            [*lines[:item_line], json.dumps(wrong_type).encode(), *lines[item_line + 1 :]]
        ).getvalue(),
        "a table it does not carry": file(
            [*lines[:item_line], json.dumps(other_table).encode(), *lines[item_line + 1 :]]
        ).getvalue(),
        "not gzip": b"PK\x03\x04 not a catalogue",
        "another format": file([json.dumps({"format": "x/1"}).encode(), *lines[1:]]).getvalue(),
    }
    local = tmp_path / "catalogue.sqlite"
    with CatalogueStore(local) as cat:
        cat.load_snapshot(io.BytesIO(good.getvalue()))
        assert cat.count() == count
        for name, data in cases.items():
            with pytest.raises(StorageError):
                cat.load_snapshot(io.BytesIO(data))
            assert cat.count() == count, name  # nothing changed
            assert cat.version == "B+3", name
        assert cat.search("shebao", region_code="369901001000", limit=1)
