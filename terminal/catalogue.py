"""Finding a service: the catalogue search and guides as the windows use them."""

from __future__ import annotations

from pathlib import Path

from core.catalogue.models import Audience, ServiceItem
from sync.catalogue import CatalogueStore, SearchHit

__all__ = ["Catalogue", "SearchHit"]


class Catalogue:
    """The catalogue on the calling thread (its SQLite connection stays there)."""

    def __init__(self, path: Path, region_code: str) -> None:
        self.store = CatalogueStore(path)
        self.region_code = region_code

    def search(
        self, text: str, *, audience: Audience | None = Audience.PERSON, limit: int = 20
    ) -> list[SearchHit]:
        """Characters, pinyin or initials; items of this terminal's region first."""
        return self.store.search(
            text, region_code=self.region_code, prefer_audience=audience, limit=limit
        )

    def item(self, impl_code: str) -> ServiceItem:
        return self.store.get(impl_code)

    def close(self) -> None:
        self.store.close()
