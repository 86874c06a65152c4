"""Room for a journey on the store's disk (readiness), said before a citizen starts."""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

from core.flows.kiosk import KioskMode, unavailable
from core.ports import DeviceState
from sync.paths import JOURNEY_SPACE_BYTES, storage_state

Usage = namedtuple("Usage", "total used free")


def test_a_journey_needs_room_on_the_stores_disk(tmp_path: Path) -> None:
    def free(n: int):  # type: ignore[no-untyped-def]
        return lambda _: Usage(1 << 40, (1 << 40) - n, n)

    assert storage_state(tmp_path, free(JOURNEY_SPACE_BYTES)) is DeviceState.READY
    assert storage_state(tmp_path, free(JOURNEY_SPACE_BYTES - 1)) is DeviceState.FAULT

    def gone(_: Path) -> Usage:
        raise OSError("input/output error")

    assert storage_state(tmp_path, gone) is DeviceState.FAULT
    assert storage_state(tmp_path) is DeviceState.READY  # this machine's disk has room


def test_without_room_applying_and_rating_wait_and_reading_does_not() -> None:
    full = {"storage": DeviceState.FAULT}
    assert unavailable(KioskMode.APPLY, full) == "本机存储空间不足，请到窗口办理"
    assert unavailable(KioskMode.RATE, full) == "本机存储空间不足，请到窗口办理"
    assert unavailable(KioskMode.GUIDE, full) == ""
    assert unavailable(KioskMode.QUERY, full) == ""


def test_a_catalogue_download_that_fails_leaves_no_log_behind(
    tmp_path: Path, demo_catalogue: Path
) -> None:
    """A download failing half-way (network dropped, disk full) left its pages in the
    catalogue's write-ahead log (13 MB for the demo's), attempt after attempt, while the
    kiosk's search connection stayed open — on a disk already nearly full."""
    import shutil

    import pytest

    from sync.catalogue import WAL_LIMIT_BYTES, CatalogueStore

    path = tmp_path / "catalogue.sqlite"
    shutil.copy(demo_catalogue, path)
    with CatalogueStore(path) as search:  # the kiosk's own connection, open throughout
        items = [search.get(code) for code in search.codes_after("", 3000)]

        def dropped():  # type: ignore[no-untyped-def]
            for n, item in enumerate(items):
                if n == 2500:
                    raise OSError("connection reset")
                yield item

        for _ in range(3):
            with CatalogueStore(path) as sync, pytest.raises(OSError, match="reset"):
                sync.replace_all(dropped(), version="next")
            wal = path.with_name(path.name + "-wal")
            assert not wal.exists() or wal.stat().st_size <= WAL_LIMIT_BYTES
        assert search.count() > 50_000  # the catalogue as it was
