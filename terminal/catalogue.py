"""Finding a service: the catalogue search and guides as the windows use them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from core.catalogue.models import Audience, ServiceItem
from core.errors import TransientError
from core.messages import tr
from core.postal import with_delivery

if TYPE_CHECKING:
    from sync.catalogue import SearchHit as SearchHit  # the type of a search's results

__all__ = ["Catalogue", "CatalogueNotSynced"]


class CatalogueNotSynced(TransientError):
    """The terminal has no catalogue yet: it comes with the first sync (目录未同步)."""

    default_user_message = tr("事项目录尚未同步，请稍后再试，或咨询工作人员。")


class Catalogue:
    """The catalogue on the calling thread (its SQLite connection stays there)."""

    def __init__(self, path: Path, region_code: str) -> None:
        # the index and its pinyin tables load here, on the thread that opens the catalogue
        # (a kiosk's worker thread), not when an app imports this module at start
        from sync.catalogue import CatalogueStore

        self.store = CatalogueStore(path)
        self.region_code = region_code
        #: the streets a postal address picks from, with the catalogue version they are of
        self._streets: tuple[str | None, list[tuple[str, str]]] | None = None

    def search(
        self, text: str, *, audience: Audience | None = Audience.PERSON, limit: int = 20
    ) -> list[SearchHit]:
        """Characters, pinyin or initials; items of this terminal's region first.

        Raises:
            CatalogueNotSynced: the catalogue is empty (never "nothing found").
        """
        if not self.ready():
            raise CatalogueNotSynced("the catalogue is empty: not synced from the platform yet")
        return self.store.search(
            text, region_code=self.region_code, prefer_audience=audience, limit=limit
        )

    def ready(self) -> bool:
        self.store.refresh()  # filled by the sync thread meanwhile?
        return self.store.count() > 0

    def item(self, impl_code: str) -> ServiceItem:
        """The item as this terminal's forms ask it: one whose result may go by post asks
        窗口自取 or 邮政寄递, and the address (core.postal), with the streets this catalogue
        knows, this terminal's county first."""
        item = self.store.get(impl_code)
        if item.post_delivery:
            item = replace(item, form=with_delivery(item.form, self._postal_streets()))
        return item

    def _postal_streets(self) -> list[tuple[str, str]]:
        """The catalogue's streets, read once per catalogue version (a scan of every item)."""
        version = self.store.version
        if self._streets is None or self._streets[0] != version:
            self._streets = (version, self.store.streets(self.region_code))
        return self._streets[1]

    def close(self) -> None:
        self.store.close()
