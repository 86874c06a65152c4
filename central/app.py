"""The platform's HTTP application. OpenAPI is published at /openapi.json and /docs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query

from core.catalogue.codec import item_to_dict
from core.catalogue.models import Level
from sync.catalogue import CatalogueStore, build_demo_catalogue

API_VERSION = "1"


class _Catalogues:
    """One CatalogueStore per server thread (SQLite connections stay on their thread)."""

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


def create_app(data_dir: Path) -> FastAPI:
    """Builds the platform over ``data_dir`` (created, and seeded with the demo catalogue)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    catalogue_path = data_dir / "catalogue.sqlite"
    with CatalogueStore(catalogue_path) as store:
        if store.count() == 0:
            build_demo_catalogue(store)
    catalogues = _Catalogues(catalogue_path)
    app = FastAPI(
        title="Hall Terminal central platform",
        version=API_VERSION,
        description="Reference platform for Hall Terminal kiosks and counters.",
    )

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        with catalogues.store() as s:
            return {"status": "ok", "api": API_VERSION, "catalogue_version": s.version}

    @app.get("/v1/catalogue")
    def catalogue_info() -> dict[str, Any]:
        with catalogues.store() as s:
            return {
                "version": s.version,
                "items": s.count(),
                "themes": [{"name": t, "items": n} for t, n in s.themes()],
            }

    @app.get("/v1/catalogue/search")
    def search(
        q: str = Query(min_length=1, max_length=50),
        region: str | None = Query(default=None, pattern=r"^\d{12}$"),
        limit: int = Query(default=10, ge=1, le=50),
    ) -> list[dict[str, Any]]:
        with catalogues.store() as s:
            hits = s.search(q, region_code=region, limit=limit)
        return [
            {
                "name": h.name,
                "impl_code": h.impl_code,
                "department": h.department,
                "level": Level(h.level).label,
                "match": h.match.value,
                "other_bodies": h.other_bodies,
            }
            for h in hits
        ]

    @app.get("/v1/catalogue/items/{impl_code}")
    def item(impl_code: str) -> dict[str, Any]:
        with catalogues.store() as s:
            try:
                return item_to_dict(s.get(impl_code))
            except KeyError:
                raise HTTPException(404, f"no item {impl_code}") from None

    return app
