"""The catalogue as one compressed file, for a new terminal (issue 31): its tables as
sync.catalogue writes them (0.6 MB for the demo city's 52,718 items, where the pages of item
documents were 166 MB), kept on disk per change cursor and served with Range, so a download
cut on a village line resumes where it stopped.

A terminal may take any snapshot not older than the last reset of the catalogue's base: it pulls
the changes after the snapshot's cursor. So the newest file is served while a newer one is
written in the background after a change; a terminal waits only when there is none at all.
The bytes are the same for the same catalogue (gzip without a time stamp), so a replica
answers a resumed download with the part another replica began.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from central.catalogue_feed import Catalogues
from central.platform import Platform

log = logging.getLogger(__name__)

# catalogue-<the base, hex>-<cursor>.<sha256>.gz
_NAME = re.compile(
    r"catalogue-(?P<base>[0-9a-f]{0,256})-(?P<cursor>\d+)\.(?P<sha>[0-9a-f]{64})\.gz"
)
KEEP = 2  # snapshot files kept (a download under way keeps its file)


@dataclass(frozen=True)
class Snapshot:
    path: Path
    base: str
    cursor: int
    sha256: str


class Snapshots:
    def __init__(self, folder: Path, platform: Platform, catalogues: Catalogues) -> None:
        self.folder = folder
        self.platform = platform
        self.catalogues = catalogues
        self._building = threading.Lock()

    def _files(self) -> list[Snapshot]:
        found = []
        if self.folder.is_dir():
            for p in self.folder.iterdir():
                m = _NAME.fullmatch(p.name)
                if m:
                    base = bytes.fromhex(m["base"]).decode(errors="replace")
                    found.append(Snapshot(p, base, int(m["cursor"]), m["sha"]))
        return sorted(found, key=lambda s: s.cursor)

    def _usable(self, base: str, cursor: int) -> list[Snapshot]:
        """The files a terminal may take now: of this base, not ahead of this catalogue."""
        return [s for s in self._files() if s.base == base and s.cursor <= cursor]

    def current(self) -> Snapshot:
        """The newest snapshot of the catalogue's base; written now when there is none, in
        the background when the catalogue changed since."""
        base = self.platform.catalogue_base()
        cursor = self.catalogues.catch_up(now=True)
        usable = self._usable(base, cursor)
        if not usable:
            with self._building:
                usable = self._usable(base, cursor)  # another request may have written it
                if not usable:
                    return self._write()
        newest = usable[-1]
        if newest.cursor < cursor and not self._building.locked():
            threading.Thread(target=self._refresh, name="catalogue-snapshot", daemon=True).start()
        return newest

    def _refresh(self) -> None:
        if not self._building.acquire(blocking=False):
            return
        try:
            self._write()
        except Exception:  # served the older one meanwhile; tried again at the next ask
            log.exception("catalogue snapshot not written")
        finally:
            self._building.release()

    def _write(self) -> Snapshot:
        self.folder.mkdir(parents=True, exist_ok=True)
        base = self.platform.catalogue_base()
        with self.catalogues.store() as store:
            cursor = self.catalogues.catch_up(now=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".catalogue-", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as out:
                    store.write_snapshot(out, base=base, cursor=cursor)
                    out.flush()
                    os.fsync(out.fileno())
                with open(tmp, "rb") as f:
                    sha = hashlib.file_digest(f, "sha256").hexdigest()
                final = self.folder / f"catalogue-{base.encode().hex()}-{cursor}.{sha}.gz"
                os.replace(tmp, final)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        snapshot = Snapshot(final, base, cursor, sha)
        for old in self._files()[:-KEEP]:
            old.path.unlink(missing_ok=True)
        log.info("catalogue snapshot %s+%d written (%d bytes)", base, cursor, final.stat().st_size)
        return snapshot
