"""Where a terminal keeps its data, and its keys: derived from the settings in one place.

Every opener of a terminal's store — the apps, their sync thread, ``hall-sync``, the demo and
the benchmarks — builds a :class:`DataPaths` and opens through it, so none of them can pick
another master key or another layout. Relative paths in a settings file are resolved against
that file's folder by :func:`core.settings.load_settings` (one base for all of them).

    data_dir/
        store.sqlite (+ -wal, -shm)   applications, evaluations, outbox, audit log
        store.sqlite.app-lock         held by the app running on this store (one at a time)
        blobs/                        sealed scans, one folder per application
        catalogue.sqlite              the service catalogue and its search index
    key_file                          the master key: never inside data_dir
    secret_file                       the terminal's platform secret
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from core.clock import Clock
from core.errors import AlreadyRunning
from core.ports import DeviceState
from core.settings import Settings
from sync.crypto import KeyRing
from sync.store import LocalStore, default_key_path


@dataclass(frozen=True)
class DataPaths:
    data_dir: Path
    key_file: Path
    secret_file: Path | None = None
    store_name: str = "store.sqlite"
    #: the platform's signing key pinned at enrolment (None: none; no update is taken)
    public_key_file: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> DataPaths:
        data_dir = settings.storage.data_dir
        key = settings.storage.key_file
        secret = settings.platform.secret_file
        pinned = settings.platform.public_key_file
        return cls(
            data_dir=data_dir,
            key_file=Path(key) if key else default_key_path(data_dir / "store.sqlite"),
            secret_file=Path(secret) if secret else None,
            public_key_file=Path(pinned) if pinned else None,
        )

    @classmethod
    def for_store(cls, store: Path, key_file: str | Path = "") -> DataPaths:
        """For a tool given a store file instead of settings (``--db``)."""
        return cls(
            data_dir=store.parent,
            key_file=Path(key_file) if key_file else default_key_path(store),
            store_name=store.name,
        )

    @property
    def store(self) -> Path:
        return self.data_dir / self.store_name

    @property
    def blobs(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def catalogue(self) -> Path:
        return self.data_dir / "catalogue.sqlite"

    def keyring(self) -> KeyRing:
        """The master key; MasterKeyMissing (naming the file) when there is none."""
        return KeyRing(self.key_file)

    def initialise(self) -> bool:
        """The explicit first-run step: the data folder and the master key. Returns whether
        a key was made (an existing one is kept)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.key_file.exists():
            return False
        KeyRing.create(self.key_file)
        return True

    def open_store(self, clock: Clock, *, sweep: bool = False) -> LocalStore:
        """The store, on the calling thread (a SQLite connection stays on its thread)."""
        return LocalStore(self.store, clock, self.keyring(), self.blobs, sweep=sweep)

    def read_secret(self) -> str:
        if self.secret_file is None:
            return ""
        return self.secret_file.read_text(encoding="utf-8").strip()


def claim(paths: DataPaths, app: str) -> IO[str]:
    """Makes this process the one app running on the terminal's store, for its lifetime: an
    exclusive lock on ``<store>.app-lock`` (released by the system when the process ends, a
    kill -9 included). Keep the returned file open.

    A second counter on one store failed its catalogue download with "database is locked"
    and showed staff 系统出现问题 (issue 29 item 21); it is now refused at start, naming the
    running one. Tools (``hall-sync``) do not claim: they may look at a running terminal's
    store.

    Raises:
        AlreadyRunning: another process holds it (its pid and app in the detail).
    """
    import fcntl

    paths.data_dir.mkdir(parents=True, exist_ok=True)
    lock = paths.data_dir / f"{paths.store_name}.app-lock"
    handle = open(lock, "a+", encoding="utf-8")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise AlreadyRunning(f"{lock} is held by {holder}") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{app} pid {os.getpid()}\n")
    handle.flush()
    return handle


#: Free space a citizen's journey needs on the store's disk: an application's scans (30 pages
#: under 300 KB each), its sealed record, outbox row and write-ahead log, with room to spare.
#: Below it a kiosk does not start 我要办事 (it learnt of a full disk only at 确认提交).
JOURNEY_SPACE_BYTES = 64 * 1024 * 1024


def storage_state(data_dir: Path, disk_usage: Callable[[Path], Any] | None = None) -> DeviceState:
    """READY with room for a journey on ``data_dir``'s disk; FAULT below it or unreadable."""
    try:
        free = int((disk_usage or shutil.disk_usage)(data_dir).free)
    except OSError:
        return DeviceState.FAULT
    return DeviceState.READY if free >= JOURNEY_SPACE_BYTES else DeviceState.FAULT
