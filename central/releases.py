"""Signed updates: the platform offers a new version of the terminals' software to its fleet.

An operator adds a release (``hall-central release add FILE --version V``: the PyInstaller
bundle as a .tar.gz/.tar.xz, or the .deb a technician would install); the platform keeps the
file with its scans (the data folder or the bucket: every replica serves it), and signs its
manifest — kind, version, sha256, size, file name, how long the new version has to report
healthy — with the platform's Ed25519 key (core.signing). Offering it (``release offer V
[--role R] [--hall H] [--terminal T]``) puts the signed manifest in the heartbeat answers of
the terminals it is for; each downloads the file in the background (``GET
/v1/updates/{version}/file``, resumable), checks it against the manifest and the key it
pinned at enrolment, installs it at a quiet moment and rolls back by itself when the new
version does not report healthy in time (sync.updates). Every step comes back in the
terminals' heartbeats and is shown on the fleet page.

The key: ``platform-signing.key`` in the data folder (mode 600, made at first need), or the
file ``HALL_CENTRAL_SIGNING_KEY`` names — the same file for every replica. A terminal enrolled
with this platform pins its public half; losing the key means enrolling the fleet again, so it
is backed up with the records.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from central.base import PlatformBase, PlatformError
from central.storage.blobs import RELEASE_BLOBS
from core import signing

#: the file naming the signing key (a path), for replicas that share one
KEY_ENV = "HALL_CENTRAL_SIGNING_KEY"
#: the formats a terminal can install
FORMATS = {".tar.gz": "tar", ".tgz": "tar", ".tar.xz": "tar", ".tar": "tar", ".deb": "deb"}
#: signatures kept in memory (manifests of settings and catalogues)
SIGNED_KEPT = 50_000
#: seconds the releases on offer are read from memory
OFFERS_TTL = 10.0
#: minutes a new version has to report healthy before a terminal rolls back (the default)
HEALTH_MINUTES = 10


#: a terminal's update steps as its heartbeat reports them (sync.updates), as the fleet page
#: shows them, and how: ok, bad or under way
UPDATE_STATES = {
    "downloading": ("下载中", "yellow"),
    "staged": ("已下载，待安装", "yellow"),
    "waiting": ("等待空闲时安装", "yellow"),
    "installed": ("已安装，待确认", "yellow"),
    "healthy": ("已更新", "green"),
    "rolled_back": ("已回滚", "red"),
    "refused": ("已拒绝", "red"),
    "withdrawn": ("已撤回", "yellow"),
}


def _write_signed(
    folder: Path, manifest: dict[str, Any], signature: str, blocks: Iterator[bytes]
) -> tuple[Path, Path]:
    """``blocks`` as ``folder/<manifest filename>`` and the signed manifest beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / manifest["filename"]
    with open(file, "wb") as out:
        for block in blocks:
            out.write(block)
        out.flush()
        os.fsync(out.fileno())  # a stick pulled out at once keeps it
    signed = folder / (file.name + ".manifest.json")
    signed.write_text(
        json.dumps({"manifest": manifest, "signature": signature}, indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    return file, signed


def release_suffix(name: str) -> str:
    """The suffix that makes a file installable (``FORMATS`` tells its format: tar, a bundle,
    or deb); 422 otherwise."""
    for suffix in FORMATS:
        if name.endswith(suffix):
            return suffix
    raise PlatformError(422, f"{name}: a bundle (.tar.gz, .tar.xz) or a .deb")


class Releases(PlatformBase):
    _offers_read: tuple[float, list[tuple[dict[str, Any], str, dict[str, list[str]]]]] | None = None
    #: signatures made, by the manifest's canonical bytes (central.platform makes it)
    _signed: dict[bytes, str]
    #: the private key, once read (central.platform sets None)
    _key: bytes | None

    def signing_key_file(self) -> Path:
        configured = os.environ.get(KEY_ENV, "")
        return Path(configured) if configured else self.data_dir / "platform-signing.key"

    def signing_key(self) -> bytes:
        """The platform's private key (read once a process); made (mode 600) when there is
        none yet — by one process at a time: a replica racing another takes the file the
        first one wrote."""
        if self._key is None:
            self._key = self._read_signing_key()
        return self._key

    def _read_signing_key(self) -> bytes:
        path = self.signing_key_file()
        try:
            key = path.read_bytes()
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return self._read_signing_key()  # another process made it this moment
            try:
                os.write(fd, signing.new_private_key())
                os.fsync(fd)
            finally:
                os.close(fd)
            key = path.read_bytes()
        if len(key) != 32:
            raise PlatformError(500, f"{path}: not an Ed25519 key (32 bytes)")
        return key

    def public_key(self) -> str:
        """What a terminal pins at enrolment."""
        return signing.public_key_text(self.signing_key())

    def sign_manifest(self, manifest: dict[str, Any]) -> str:
        """The manifest's signature; the same manifest signed once (every terminal's pull of
        its settings carries one: kept in memory, at most SIGNED_KEPT)."""
        key = signing.canonical(manifest)
        signed = self._signed.get(key)
        if signed is None:
            if len(self._signed) >= SIGNED_KEPT:
                self._signed.clear()
            signed = self._signed[key] = signing.sign(self.signing_key(), manifest)
        return signed

    def signed_config(self, terminal: str) -> dict[str, Any]:
        """``GET /v1/config``'s answer with its settings signed (``signed``: manifest and
        signature, core.signing.settings_manifest): a terminal that pinned the key takes
        only settings the platform signed."""
        doc = dict(self.config(terminal).doc)
        manifest = signing.settings_manifest(terminal, doc)
        doc["signed"] = {"manifest": manifest, "signature": self.sign_manifest(manifest)}
        return doc

    def add_release(
        self, path: Path, version: str, *, health_minutes: int = HEALTH_MINUTES
    ) -> dict[str, Any]:
        """Keeps ``path`` as release ``version`` (streamed: never whole in memory) with its
        signed manifest; the same version twice must be the same file."""
        suffix = release_suffix(path.name)
        if not signing.VERSION.fullmatch(version):
            raise PlatformError(422, f"version {version!r}: digits first, then 0-9 a-z . + -")
        if not 1 <= health_minutes <= 240:
            raise PlatformError(422, "health minutes: between 1 and 240")
        with open(path, "rb") as f:
            sha = hashlib.file_digest(f, "sha256").hexdigest()
        size = path.stat().st_size
        manifest = {
            "kind": "terminal-update",
            "version": version,
            "sha256": sha,
            "size": size,
            "format": FORMATS[suffix],
            "filename": re.sub(r"[^A-Za-z0-9._+-]", "_", f"hall-terminal-{version}{suffix}"),
            "health_minutes": health_minutes,
        }
        row = self.db.conn.execute(
            "SELECT manifest FROM releases WHERE version = ?", (version,)
        ).fetchone()
        if row is not None:
            kept = json.loads(row[0])
            if kept["sha256"] != sha:
                raise PlatformError(409, f"release {version} exists with another file")
            return {"manifest": kept, "added": False}
        if not self.blobs.exists(RELEASE_BLOBS, sha):
            with open(path, "rb") as f:
                self.blobs.put_file(RELEASE_BLOBS, sha, f)
        signature = self.sign_manifest(manifest)
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO releases (version, manifest, signature, offered, created_at)"
                " VALUES (?, ?, ?, '', ?) ON CONFLICT (version) DO NOTHING",
                (version, json.dumps(manifest, sort_keys=True), signature, self.now_iso()),
            )
        return {"manifest": manifest, "added": True}

    def offer_release(
        self,
        version: str,
        *,
        roles: list[str] | None = None,
        halls: list[str] | None = None,
        terminals: list[str] | None = None,
    ) -> dict[str, Any]:
        """Offers ``version`` to the terminals it is for (every list empty: all of them);
        another version offered before to the same terminals gives way to it."""
        targets = {"roles": roles or [], "halls": halls or [], "terminals": terminals or []}
        with self.db.transaction() as c:
            n = c.execute(
                "UPDATE releases SET offered = ? WHERE version = ?",
                (json.dumps(targets, sort_keys=True), version),
            ).rowcount
        if not n:
            raise PlatformError(404, f"no release {version}")
        self._offers_read = None
        return {"version": version, "offered": targets}

    def withdraw_release(self, version: str) -> None:
        with self.db.transaction() as c:
            if not c.execute(
                "UPDATE releases SET offered = '' WHERE version = ?", (version,)
            ).rowcount:
                raise PlatformError(404, f"no release {version}")
        self._offers_read = None

    def releases(self) -> list[dict[str, Any]]:
        rows = self.db.conn.execute(
            "SELECT version, manifest, offered, created_at FROM releases ORDER BY created_at"
        ).fetchall()
        return [
            {
                "version": v,
                "manifest": json.loads(m),
                "offered": json.loads(o) if o else None,
                "created_at": at,
            }
            for v, m, o, at in rows
        ]

    def export_release(self, version: str, folder: Path) -> tuple[Path, Path]:
        """Release ``version``'s file and ``<file>.manifest.json`` (manifest and signature)
        written to ``folder`` (a USB stick): ``hall-sync usb`` on the terminal takes them."""
        row = self.db.conn.execute(
            "SELECT manifest, signature FROM releases WHERE version = ?", (version,)
        ).fetchone()
        if row is None:
            raise PlatformError(404, f"no release {version}")
        manifest = json.loads(row[0])
        blocks = self.blobs.read(RELEASE_BLOBS, manifest["sha256"])
        return _write_signed(folder, manifest, row[1], blocks)

    def signed_catalogue(self, path: Path, cursor: int, sha256: str) -> dict[str, Any]:
        """A catalogue snapshot file's manifest and signature (sent with the file, written
        beside it on a USB stick)."""
        manifest = signing.catalogue_manifest(cursor, sha256, path.stat().st_size)
        return {"manifest": manifest, "signature": self.sign_manifest(manifest)}

    def export_catalogue(
        self, path: Path, cursor: int, sha256: str, folder: Path
    ) -> tuple[Path, Path]:
        """A catalogue snapshot file for a USB stick, signed as it is on the network."""
        signed = self.signed_catalogue(path, cursor, sha256)

        def blocks() -> Iterator[bytes]:
            with open(path, "rb") as f:
                yield from iter(lambda: f.read(1 << 20), b"")

        return _write_signed(folder, signed["manifest"], signed["signature"], blocks())

    def export_settings(self, terminal: str, folder: Path) -> tuple[Path, Path]:
        """The settings the platform keeps for ``terminal`` (what GET /v1/config answers),
        signed as they are on the network, for a station without network."""
        doc = self.config(terminal).doc
        if not doc["version"]:
            raise PlatformError(404, f"no settings are kept for terminal {terminal}")
        manifest = signing.settings_manifest(terminal, doc)
        blocks = iter([signing.settings_payload(doc)])
        return _write_signed(folder, manifest, self.sign_manifest(manifest), blocks)

    def _offers(self) -> list[tuple[dict[str, Any], str, dict[str, list[str]]]]:
        """The releases on offer, newest first, parsed — (manifest, signature, targets) — read
        at most every OFFERS_TTL seconds (every heartbeat asks; an offer reaches the fleet
        within that time, on every replica)."""
        now = time.monotonic()
        cached = self._offers_read
        if cached is not None and now - cached[0] < OFFERS_TTL:
            return cached[1]
        rows = self.db.conn.execute(
            "SELECT manifest, signature, offered FROM releases WHERE offered != ''"
            " ORDER BY created_at DESC"
        ).fetchall()
        offers = [(json.loads(m), str(sig), json.loads(o)) for m, sig, o in rows]
        self._offers_read = (now, offers)
        return offers

    def update_offer(self, terminal: str) -> dict[str, Any] | None:
        """The newest release offered to ``terminal`` (signed manifest), or None."""
        offers = self._offers()
        if not offers:
            return None
        row = self.db.conn.execute(
            "SELECT hall, role FROM terminals WHERE id = ?", (terminal,)
        ).fetchone()
        if row is None:
            return None
        hall, role = row
        for manifest, signature, targets in offers:
            if (
                (not targets["roles"] or role in targets["roles"])
                and (not targets["halls"] or hall in targets["halls"])
                and (not targets["terminals"] or terminal in targets["terminals"])
            ):
                return {"manifest": dict(manifest), "signature": signature}
        return None

    def offered_manifest(self, terminal: str, version: str) -> dict[str, Any]:
        """The manifest of release ``version`` if it is offered to ``terminal``; 404 else."""
        offer = self.update_offer(terminal)
        if offer is None or offer["manifest"]["version"] != version:
            raise PlatformError(404, f"no update {version} is offered to this terminal")
        return dict(offer["manifest"])

    def release_blocks(self, manifest: dict[str, Any], offset: int) -> Iterator[bytes]:
        """A release's file from ``offset``, in blocks."""
        return self.blobs.read(RELEASE_BLOBS, manifest["sha256"], offset)
