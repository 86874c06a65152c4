"""Incremental catalogue updates from the platform: only the items that changed.

The terminal remembers the platform's catalogue base and the last change it applied; each pull
asks for the changes after it, applies them in one go (the later change of an item wins) and
moves the cursor. A terminal whose catalogue is not the platform's base is told so
(``reset_required``) instead of being fed changes that would not fit.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from core import signing
from core.catalogue.codec import item_from_dict
from core.catalogue.models import ServiceItem
from core.errors import PermanentError, RejectedByPlatform, StorageError
from core.messages import tr
from sync.catalogue import SNAPSHOT_FORMAT, CatalogueStore
from sync.client import BadAnswer, PlatformClient

log = logging.getLogger(__name__)


class CatalogueReset(PermanentError):
    default_user_message = tr(
        "本机事项目录版本与平台不一致，需要重新下载完整目录，请联系技术人员。"
    )


def download_catalogue(
    store: CatalogueStore,
    client: PlatformClient,
    on_progress: Callable[[str, int, int], None] | None = None,
    public_key: str | None = None,
) -> int:
    """Replaces the local catalogue with the platform's, in one transaction (searches see
    the old one until then): for a terminal whose catalogue is empty, or whose base the
    platform no longer knows. The snapshot file first (one compressed download, resumed
    where a cut one stopped: seconds on a village line) — with ``public_key`` (pinned at
    enrolment), only a file whose manifest the platform signed; from a platform that writes
    none, page by page. Returns the number of items."""
    part = snapshot_part(store)
    if part is not None:
        signed: dict[str, Any] = {}
        try:
            whole = client.catalogue_snapshot_file(part, SNAPSHOT_FORMAT, signed)
        except RejectedByPlatform as e:
            log.info("catalogue snapshot file refused (%s): page by page", e.detail)
            whole = False
        if whole and public_key is not None:
            _check_signed(part, signed, public_key)
        if whole:
            try:
                return load_snapshot_file(store, part, on_progress)
            except StorageError as e:  # checked by its sha256, yet no catalogue: the pages
                log.warning("catalogue snapshot file not loaded (%s): page by page", e.detail)
    return _download_pages(store, client, on_progress)


def _check_signed(part: Path, signed: dict[str, Any], public_key: str) -> None:
    """The snapshot file is the one whose manifest the platform signed; BadAnswer (the file
    dropped, the catalogue unchanged) when not."""
    try:
        manifest = signing.verify(public_key, signed.get("manifest"), signed.get("signature"))
        with open(part, "rb") as f:
            if hashlib.file_digest(f, "sha256").hexdigest() != manifest.sha256:
                raise signing.SignatureRefused("the file is not the one the manifest names")
        if manifest.kind != "catalogue":
            raise signing.SignatureRefused(f"a {manifest.kind} manifest, not a catalogue's")
    except signing.SignatureRefused as e:
        part.unlink(missing_ok=True)
        part.with_name(part.name + ".etag").unlink(missing_ok=True)
        raise BadAnswer(f"catalogue snapshot file: {e}") from None


def snapshot_part(store: CatalogueStore) -> Path | None:
    """Where a snapshot download is kept until it is whole: beside the catalogue."""
    return None if store.path is None else store.path.with_name(store.path.name + ".snapshot")


def load_snapshot_file(
    store: CatalogueStore, part: Path, on_progress: Callable[[str, int, int], None] | None
) -> int:
    """Loads a whole snapshot file (checked against its sha256 by the caller) and records the
    platform's base and cursor it holds; the file goes once loaded, or when it is damaged."""

    def progress(done: int, total: int) -> None:
        if on_progress is not None:
            on_progress("catalogue", done, total)

    try:
        with open(part, "rb") as f:
            head = store.load_snapshot(f, progress=progress)
    except StorageError:
        part.unlink(missing_ok=True)
        part.with_name(part.name + ".etag").unlink(missing_ok=True)
        raise
    store.set_meta(platform_base=str(head["base"]), platform_cursor=str(int(head["cursor"])))
    part.unlink(missing_ok=True)
    part.with_name(part.name + ".etag").unlink(missing_ok=True)
    return store.count()


def _download_pages(
    store: CatalogueStore,
    client: PlatformClient,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> int:
    first = client.catalogue_snapshot("")
    total = int(first.get("total", 0))

    def pages() -> Iterator[ServiceItem]:  # fetched while written: one page in memory
        page, done = first, 0
        while True:
            for d in page["items"]:
                yield item_from_dict(d)
            done += len(page["items"])
            if on_progress is not None:
                on_progress("catalogue", done, max(total, done))
            if not page["next"]:
                return
            page = client.catalogue_snapshot(str(page["next"]))

    base, cursor = str(first["base"]), int(first["cursor"])
    n = store.replace_all(pages(), version=f"{base}+{cursor}", synonyms=first.get("synonyms") or {})
    store.set_meta(platform_base=base, platform_cursor=str(cursor))
    return n


def update_catalogue(
    store: CatalogueStore,
    client: PlatformClient,
    on_progress: Callable[[str, int, int], None] | None = None,
    public_key: str | None = None,
) -> int:
    """The terminal's catalogue step of a drain: the whole catalogue when there is none (a
    new terminal never invents one) or the platform asks for a reset, else the changes."""
    if store.count() == 0:
        n = download_catalogue(store, client, on_progress, public_key)
        return n + pull_catalogue(store, client, on_progress)
    try:
        return pull_catalogue(store, client, on_progress)
    except CatalogueReset:
        download_catalogue(store, client, on_progress, public_key)
        return store.count() + pull_catalogue(store, client, on_progress)


def pull_catalogue(
    store: CatalogueStore,
    client: PlatformClient,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Applies the platform's catalogue changes; returns how many were applied."""
    base = store.meta("platform_base") or store.version or ""
    cursor = int(store.meta("platform_cursor") or 0)
    applied = 0
    while True:
        doc = client.catalogue_changes(cursor, base)
        if doc.get("reset_required"):
            raise CatalogueReset(
                f"local catalogue {base!r} is not the platform's base {doc.get('base')!r}"
            )
        changes = doc["changes"]
        if not changes:
            return applied
        final: dict[str, dict[str, object]] = {}
        for ch in changes:
            final[str(ch["impl_code"])] = ch
        upserts = [
            item_from_dict(ch["item"])  # type: ignore[arg-type]
            for ch in final.values()
            if ch["op"] == "upsert" and ch.get("item")
        ]
        removes = [code for code, ch in final.items() if ch["op"] == "remove"]
        nxt = int(doc["next"])
        version = f"{doc['base']}+{nxt}"
        if upserts:
            store.upsert(upserts, version=version)
        if removes:
            store.remove(removes, version=version)
        store.set_meta(platform_base=str(doc["base"]), platform_cursor=str(nxt))
        applied += len(changes)
        if on_progress is not None:
            on_progress("catalogue", applied, applied)
        if nxt == cursor:
            return applied
        cursor = nxt
