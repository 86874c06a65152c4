"""The catalogue's change feed: the base every terminal starts from and the changes after it
(terminals never download the whole catalogue again)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from central.base import PlatformBase
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

    def record_catalogue_change(self, op: str, impl_code: str) -> int:
        with self.db.transaction() as c:
            cur = c.execute(
                "INSERT INTO catalogue_changes (op, impl_code, at) VALUES (?, ?, ?) RETURNING seq",
                (op, impl_code, self.now_iso()),
            )
            return int(cur.fetchone()[0])

    def catalogue_cursor(self) -> int:
        """The sequence number of the latest catalogue change (0: none yet)."""
        row = self.db.conn.execute("SELECT max(seq) FROM catalogue_changes").fetchone()
        return int(row[0] or 0)

    def catalogue_changes(self, since: int, limit: int) -> tuple[list[tuple[int, str, str]], int]:
        rows = self.db.conn.execute(
            "SELECT seq, op, impl_code FROM catalogue_changes WHERE seq > ? ORDER BY seq LIMIT ?",
            (since, limit),
        ).fetchall()
        return [(int(a), str(b), str(c)) for a, b, c in rows], (rows[-1][0] if rows else since)


class Catalogues:
    """The platform's catalogue, one CatalogueStore per server thread (SQLite connections stay
    on their thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

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
