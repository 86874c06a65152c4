"""The catalogue's change feed: the base every terminal starts from and the changes after it
(terminals never download the whole catalogue again).

The feed lives in the records every replica shares, each change with its item as it was
changed; a replica's own catalogue (its search index, a SQLite file) catches up with the feed
before it answers (:meth:`Catalogues.catch_up`, at most once a second), so an item changed
through one replica is served by every other the same."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from central.base import PlatformBase
from core.catalogue.codec import item_from_dict
from core.catalogue.models import Handling, ServiceItem
from sync.catalogue import CatalogueStore


class CatalogueFeed(PlatformBase):
    def set_catalogue_base(self, version: str) -> None:
        """The catalogue every terminal starts from; changes are counted after it."""
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO platform_meta VALUES ('catalogue_base', ?) ON CONFLICT DO NOTHING",
                (version,),
            )

    def catalogue_base(self) -> str:
        row = self.db.conn.execute(
            "SELECT value FROM platform_meta WHERE key = 'catalogue_base'"
        ).fetchone()
        return str(row[0]) if row else ""

    def record_catalogue_change(self, op: str, impl_code: str, doc: str = "") -> int:
        """A change of the catalogue (``doc``: the upserted item, as JSON); its number."""
        with self.db.transaction() as c:
            cur = c.execute(
                "INSERT INTO catalogue_changes (op, impl_code, at, doc) VALUES (?, ?, ?, ?)"
                " RETURNING seq",
                (op, impl_code, self.now_iso(), doc),
            )
            return int(cur.fetchone()[0])

    def catalogue_cursor(self) -> int:
        """The sequence number of the latest catalogue change (0: none yet)."""
        row = self.db.conn.execute("SELECT max(seq) FROM catalogue_changes").fetchone()
        return int(row[0] or 0)

    def catalogue_changes(
        self, since: int, limit: int
    ) -> tuple[list[tuple[int, str, str, str]], int]:
        """(seq, op, impl_code, item document or "") after ``since``, and the next cursor."""
        rows = self.db.conn.execute(
            "SELECT seq, op, impl_code, doc FROM catalogue_changes WHERE seq > ?"
            " ORDER BY seq LIMIT ?",
            (since, limit),
        ).fetchall()
        return [(int(a), str(b), str(c), str(d)) for a, b, c, d in rows], (
            rows[-1][0] if rows else since
        )


class Catalogues:
    """The platform's catalogue, one CatalogueStore per server thread (SQLite connections stay
    on their thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        #: the shared change feed this catalogue follows (central.app sets the platform's)
        self.feed: CatalogueFeed | None = None
        self._next_check = 0.0
        self._catching_up = threading.Lock()

    def catch_up(self, *, now: bool = False) -> int:
        """Applies the feed's changes this catalogue has not (another replica's), at most
        once a second unless ``now``; the last change applied."""
        feed = self.feed
        if feed is None:
            return 0
        with self.store() as s:
            applied = applied_seq(s.version)
        if not now and time.monotonic() < self._next_check:
            return applied
        self._next_check = time.monotonic() + 1.0
        if feed.catalogue_cursor() <= applied:
            return applied
        with self._catching_up, feed.db.lock("catalogue"), self.store() as s:
            applied = applied_seq(s.version)  # another thread or process may have done it
            base = feed.catalogue_base()
            while True:
                changes, _ = feed.catalogue_changes(applied, 500)
                if not changes:
                    return applied
                for seq, op, code, doc in changes:
                    version = f"{base}+{seq}"
                    if op == "upsert" and doc:
                        s.upsert([item_from_dict(json.loads(doc))], version=version)
                    elif op == "remove":
                        s.remove([code], version=version)
                    applied = seq

    @contextmanager
    def store(self) -> Iterator[CatalogueStore]:
        store = getattr(self._local, "store", None)
        if store is None:
            store = CatalogueStore(self.path)
            self._local.store = store
        yield store

    def counts(self) -> tuple[int, int]:
        """(items, of them 即办件)."""
        with self.store() as store:
            return store.count(), store.count_handling(Handling.IMMEDIATE)

    def item(self, impl_code: str) -> ServiceItem | None:
        self.catch_up()
        with self.store() as store:
            try:
                return store.get(impl_code)
            except KeyError:
                return None

    def body_of(self, impl_code: str) -> tuple[str, str, str] | None:
        """The implementing body of an item (region code, level, department)."""
        with self.store() as store:
            try:
                item = store.get(impl_code)
            except KeyError:
                return None
        return item.region_code, str(item.level.value), item.department


def applied_seq(version: str | None) -> int:
    """The last change a catalogue holds, from its version (``base+seq``; 0: none)."""
    tail = (version or "").rpartition("+")[2]
    return int(tail) if tail.isdigit() else 0
