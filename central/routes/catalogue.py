"""The catalogue area: the platform's catalogue for terminals (health, search, items, the change
feed and the snapshot a new terminal starts from) and its administration."""

from __future__ import annotations

import base64
import json
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse, JSONResponse

from central.auth import API_VERSION, MAX_SEQ, AdminGate, Auth
from central.base import PlatformError
from central.catalogue_feed import Catalogues
from central.catalogue_snapshot import Snapshots
from central.platform import Platform
from core import protocol, signing
from core.catalogue.codec import item_from_dict, item_to_dict
from core.catalogue.models import Level
from core.protocol import SNAPSHOT_SHA256
from sync.catalogue import SNAPSHOT_FORMAT


def router(
    platform: Platform, catalogues: Catalogues, admin: AdminGate, snapshots: Snapshots
) -> APIRouter:
    router = APIRouter()

    @router.get("/v1/health")
    def health() -> dict[str, Any]:
        catalogues.catch_up()
        with catalogues.store() as s:
            return {"status": "ok", "api": API_VERSION, "catalogue_version": s.version}

    @router.get("/v1/catalogue")
    def catalogue_info() -> dict[str, Any]:
        catalogues.catch_up()
        with catalogues.store() as s:
            return {
                "version": s.version,
                "items": s.count(),
                "themes": [{"name": t, "items": n} for t, n in s.themes()],
            }

    @router.get("/v1/catalogue/search")
    def search(
        q: str = Query(min_length=1, max_length=50),
        region: str | None = Query(default=None, pattern=r"^\d{12}$"),
        limit: int = Query(default=10, ge=1, le=50),
    ) -> list[dict[str, Any]]:
        catalogues.catch_up()
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

    @router.get("/v1/catalogue/items/{impl_code}")
    def item(impl_code: str) -> dict[str, Any]:
        catalogues.catch_up()
        with catalogues.store() as s:
            try:
                return item_to_dict(s.get(impl_code))
            except KeyError:
                raise PlatformError(404, f"no item {impl_code}") from None

    @router.get("/v1/catalogue/changes")
    def catalogue_changes(
        auth: Auth,
        since: int = Query(default=0, ge=0, le=MAX_SEQ),
        base: str = Query(default=""),
        limit: int = Query(default=500, ge=1, le=2000),
    ) -> JSONResponse:
        """Item changes after ``since`` (terminals never download the whole catalogue again)."""
        current = platform.catalogue_base()
        if base and base != current:
            return JSONResponse({"base": current, "reset_required": True, "changes": []})
        changes, nxt = platform.catalogue_changes(since, limit)
        out = []
        with catalogues.store() as s:
            for seq, op, code, doc in changes:
                item = None
                if op == "upsert" and doc:  # the item as it was changed (the shared feed)
                    item = json.loads(doc)
                elif op == "upsert":  # a change recorded before the feed kept its item
                    try:
                        item = item_to_dict(s.get(code))
                    except KeyError:
                        op = "remove"  # upserted, then removed later: the later change wins
                out.append({"seq": seq, "op": op, "impl_code": code, "item": item})
        return JSONResponse({"base": current, "changes": out, "next": nxt})

    @router.get("/v1/catalogue/snapshot")
    def catalogue_snapshot(
        auth: Auth,
        after: str = Query(default="", max_length=64),
        limit: int = Query(default=1000, ge=1, le=2000),
    ) -> JSONResponse:
        """The whole catalogue, a page at a time in code order, for a terminal whose own is
        empty or told ``reset_required``. ``cursor`` is the change sequence the snapshot
        includes: the terminal pulls changes after it."""
        current = platform.catalogue_base()
        # the changes this replica's catalogue holds: one after them comes with the changes
        cursor = catalogues.catch_up(now=not after)
        with catalogues.store() as s:
            codes = s.codes_after(after, limit)
            items = [item_to_dict(s.get(c)) for c in codes]
            doc: dict[str, Any] = {
                "base": current,
                "items": items,
                "next": codes[-1] if len(codes) == limit else "",
            }
            if not after:
                doc.update(cursor=cursor, total=s.count(), synonyms=s.synonyms())
        return JSONResponse(doc)

    gzip_file = {"application/gzip": {"schema": {"type": "string", "format": "binary"}}}

    @router.get(
        "/v1/catalogue/snapshot/file",
        response_class=FileResponse,
        responses={
            200: {"description": "the snapshot file", "content": gzip_file},
            206: {"description": "a range of it (Range, If-Range)", "content": gzip_file},
        },
    )
    def catalogue_snapshot_file(
        auth: Auth, format: str = Query(default=SNAPSHOT_FORMAT, max_length=64)
    ) -> FileResponse:
        """The whole catalogue as one compressed file (CatalogueStore.write_snapshot), for a
        terminal whose own is empty or told ``reset_required`` — ranges served, so a cut
        download resumes (``If-Range`` with its ETag, the file's sha256). Its header line
        holds the change ``cursor`` it includes: the terminal pulls the changes after it.
        A terminal asking for a ``format`` this platform does not write is told 404 and
        takes the pages of /v1/catalogue/snapshot."""
        if format != SNAPSHOT_FORMAT:
            raise PlatformError(404, f"no catalogue snapshot in format {format!r}")
        snap = snapshots.current()
        signed = platform.signed_catalogue(snap.path, snap.cursor, snap.sha256)
        return FileResponse(
            snap.path,
            media_type="application/gzip",
            headers={
                "ETag": f'"{snap.sha256}"',
                SNAPSHOT_SHA256: snap.sha256,
                "Cache-Control": "no-store",
                # its manifest signed with the platform's key (core.signing): a terminal that
                # pinned the key loads no other
                protocol.MANIFEST: base64.b64encode(signing.canonical(signed["manifest"])).decode(),
                protocol.MANIFEST_SIGNATURE: signed["signature"],
            },
        )

    @router.put("/v1/admin/catalogue/items/{impl_code}", dependencies=[Depends(admin)])
    def put_item(impl_code: str, doc: dict[str, Any]) -> dict[str, Any]:
        try:
            item = item_from_dict(doc)
        except (KeyError, TypeError, ValueError) as e:
            raise PlatformError(422, f"not a service item: {e}") from None
        if item.impl_code != impl_code:
            raise PlatformError(422, "impl_code in the path and the item differ")
        as_changed = json.dumps(item_to_dict(item), ensure_ascii=False, sort_keys=True)
        seq = platform.record_catalogue_change("upsert", impl_code, as_changed)
        catalogues.catch_up(now=True)
        return {"impl_code": impl_code, "seq": seq}

    @router.delete("/v1/admin/catalogue/items/{impl_code}", dependencies=[Depends(admin)])
    def delete_item(impl_code: str) -> dict[str, Any]:
        seq = platform.record_catalogue_change("remove", impl_code)
        catalogues.catch_up(now=True)
        return {"impl_code": impl_code, "seq": seq}

    return router
