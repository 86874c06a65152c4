"""Master keys and stores for tests: the key is made on first use, as `hall-sync store init`
makes it on a new terminal (the product itself never makes one implicitly)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from core.clock import Clock
from sync.crypto import KeyRing
from sync.paths import DataPaths
from sync.store import LocalStore, default_key_path
from terminal.terminal import Terminal


def keyring(path: Path) -> KeyRing:
    return KeyRing(path) if path.exists() else KeyRing.create(path)


def new_store(path: Path, clock: Clock, ring: KeyRing | None = None, **kwargs: Any) -> LocalStore:
    """A store under ``ring``, or under the default key of ``path`` (made if missing)."""
    return LocalStore(path, clock, ring or keyring(default_key_path(path)), **kwargs)


def data_paths(store: Path, key_file: Path | None = None) -> DataPaths:
    """The paths of a test terminal whose store is ``store``, its master key made."""
    paths = DataPaths.for_store(store, key_file or "")
    keyring(paths.key_file)
    return paths


def counter_terminal(
    store: Path,
    key_file: Path | None = None,
    *,
    hall_name: str = "示范市青山区光明街道便民服务中心",
) -> Terminal:
    """A counter terminal whose store is ``store`` (its master key made)."""
    from core.settings import parse_settings

    paths = data_paths(store, key_file)
    settings = parse_settings(
        {
            "terminal": {
                "id": "C0001",
                "role": "counter",
                "region_code": "369901001000",
                "hall_name": hall_name,
            },
            "storage": {"data_dir": str(store.parent), "key_file": str(paths.key_file)},
        }
    )
    return Terminal(settings, paths)


def accepted_application(terminal: Terminal) -> uuid.UUID:
    """An application queued at ``terminal``'s counter (what a 受理 leaves): a rating can be
    bound to it."""
    from core.application import Applicant, Channel
    from terminal.operations import SubmitRequest
    from tests.helpers.samples import simple_item

    applicant = Applicant("张三丰", "110101199001010031", "resident", "13812345678", "示范路1号")
    with terminal.open() as ops:
        return ops.submit(SubmitRequest(simple_item(), applicant, Channel.COUNTER)).local_id
