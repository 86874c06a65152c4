"""Bundles for stations offline for very long: the outbox on a USB stick.

``hall-sync export --to DIR`` writes one file holding every application (with its scans) and
evaluation that still waits for delivery. It is sealed with AES-256-GCM under a key derived
(HKDF-SHA256) from the terminal's own secret, which only the terminal and the platform know:
whoever carries the stick can neither read it nor alter it unnoticed, and the platform knows
which terminal made it. Carried to a connected terminal (``hall-sync import FILE`` forwards it)
or to the platform (``hall-central import FILE``), its items are delivered like any other:
with their Idempotency-Keys, so a bundle imported twice, or items the station sends again
when its own link returns, are recognised and never duplicated.

File layout: ``HTBUNDLE1\\n`` + one header line of JSON (terminal, created, item counts) + the
sealed stream (sync.crypto segments) of a tar archive: ``manifest.json``,
``applications/<id>.json``, ``evaluations/<id>.json``, ``blobs/<sha256>``.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import tarfile
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core import protocol
from core.errors import StorageError
from core.protocol import MAX_BLOB, SEGMENT
from sync.blobs import BlobStore
from sync.crypto import DecryptionError, open_stream, seal, sealed_size, unseal
from sync.documents import application_document
from sync.outbox import Outbox
from sync.store import LocalStore

MAGIC = b"HTBUNDLE1\n"  # format 1: read
MAGIC2 = b"HTBUNDLE2\n"  # format 2: written and read
#: what a sealed member of format 2 may hold at most (a document, its key and scan list)
_SEALED_LIMIT = 2 * protocol.JSON_LIMIT + (64 << 10)
_MANIFEST_LIMIT = 16 << 20


def bundle_key(secret: str, terminal_id: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"hall-terminal bundle v1",
        info=terminal_id.encode(),
    ).derive(secret.encode())


def _aad(header: dict[str, Any]) -> bytes:
    return b"bundle:" + json.dumps(header, sort_keys=True).encode()


def _member_aad(header: dict[str, Any], name: str) -> bytes:
    """A format 2 member is bound to its bundle and its name (not moved to another)."""
    return _aad(header) + b"|" + name.encode()


class _TarWriter:
    """A tar archive written straight to a file descriptor: small members from memory, files
    copied by the kernel (os.sendfile) without passing through Python."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.fd = out.fileno()

    def _head(self, name: str, size: int) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mode = size, 0o600
        self.out.write(info.tobuf(tarfile.PAX_FORMAT))

    def _pad(self, size: int) -> None:
        if size % tarfile.BLOCKSIZE:
            self.out.write(b"\0" * (tarfile.BLOCKSIZE - size % tarfile.BLOCKSIZE))

    def add_bytes(self, name: str, data: bytes) -> None:
        self._head(name, len(data))
        self.out.write(data)
        self._pad(len(data))

    def add_file(self, name: str, path: Path) -> int:
        """``path`` as member ``name``; returns its size."""
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            self._head(name, size)
            self.out.flush()
            sent = 0
            while sent < size:
                n = os.sendfile(self.fd, f.fileno(), sent, size - sent)
                if n == 0:
                    raise OSError(f"{path}: shorter than its size")
                sent += n
        self._pad(size)
        return size

    def close(self) -> None:
        self.out.write(b"\0" * (2 * tarfile.BLOCKSIZE))  # the archive's end


def write_bundle(
    store: LocalStore,
    terminal_id: str,
    secret: str,
    dest_dir: Path,
    *,
    now: datetime,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Writes every waiting item into a bundle (format 2) in ``dest_dir``; returns (path,
    header). ``on_progress(bytes done, bytes in all)`` as it goes. One pass: each scan's
    sealed file is copied as it is, the rest sealed under the bundle key; synced once at the
    end, and the bundle appears under its name only then (a pulled drive leaves a ``.part``,
    never a short bundle)."""
    box = Outbox(store)
    waiting = [i for i in box.items() if i.state in ("pending", "delivering", "held")]
    apps = [i for i in waiting if i.kind == "application"]
    evals = [i for i in waiting if i.kind == "evaluation"]
    header = {
        "terminal_id": terminal_id,
        "created_at": now.isoformat(),
        "bundle_id": str(uuid.uuid4()),
        "applications": len(apps),
        "evaluations": len(evals),
        "format": 2,
    }
    dest_dir.mkdir(parents=True, exist_ok=True)
    path = dest_dir / f"hall-{terminal_id}-{now:%Y%m%d-%H%M%S}.htb"
    tmp = path.with_suffix(".part")
    key = bundle_key(secret, terminal_id)
    loaded = [store.load(uuid.UUID(item.ref_id)) for item in apps]
    # progress in bytes of scans (and one a document: a station of evaluations alone moves)
    total = sum(a.size for app in loaded for a in app.attachments) + len(evals) + len(apps)
    done = 0

    def tick(done: int, n: int) -> int:
        if on_progress is not None:
            on_progress(done + n, total)
        return done + n

    def sealed(name: str, data: bytes) -> bytes:
        return seal(key, data, _member_aad(header, name))

    with open(tmp, "wb") as out:
        out.write(MAGIC2 + json.dumps(header, sort_keys=True).encode() + b"\n")
        tar = _TarWriter(out)
        manifest: dict[str, Any] = {"applications": [], "evaluations": []}
        for item, app in zip(apps, loaded, strict=True):
            files = [store.sealed_scan(app.local_id, a.sha256) for a in app.attachments]
            meta = {
                "local_id": str(app.local_id),
                # the key that opens its scans (one an application), for the platform alone
                "data_key": base64.b64encode(files[0][1] if files else b"").decode(),
                "scans": [{"sha256": a.sha256, "size": a.size} for a in app.attachments],
                "document": application_document(app).decode(),
            }
            name = f"applications/{item.ref_id}.sealed"
            tar.add_bytes(name, sealed(name, json.dumps(meta).encode()))
            for a, (file, _) in zip(app.attachments, files, strict=True):  # the key first
                tar.add_file(f"blobs/{app.local_id}/{a.sha256}", file)
                done = tick(done, a.size)
            manifest["applications"].append(item.ref_id)
            done = tick(done, 1)
        for item in evals:
            name = f"evaluations/{item.ref_id}.sealed"
            tar.add_bytes(name, sealed(name, store.evaluation_payload(item.ref_id)))
            manifest["evaluations"].append(item.ref_id)
            done = tick(done, 1)
        tar.add_bytes("manifest.sealed", sealed("manifest.sealed", json.dumps(manifest).encode()))
        tar.close()
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)
    return path, header


class _Window(io.RawIOBase):
    """Bytes [start, end) of a file, seekable, as if they were a file of their own."""

    def __init__(self, f: BinaryIO, start: int, end: int) -> None:
        self.f, self.start, self.end, self.pos = f, start, end, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, pos: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.pos, 2: self.end - self.start}[whence]
        self.pos = base + pos
        return self.pos

    def tell(self) -> int:
        return self.pos

    def read(self, n: int = -1) -> bytes:
        left = self.end - self.start - self.pos
        n = left if n < 0 else min(n, left)
        self.f.seek(self.start + self.pos)
        data = self.f.read(n)
        self.pos += len(data)
        return data


class _Plain(io.RawIOBase):
    """The decrypted stream, segment by segment (each verified before a byte is given out)."""

    def __init__(self, segments: Iterator[bytes]) -> None:
        self._it = segments
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            try:
                self._buf = next(self._it)
            except StopIteration:
                return 0
            if not self._buf:
                continue
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


_SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobStream:
    """A scan inside a bundle being read: ``read(n)`` its bytes in order, ``size`` in all.
    Valid until the next item of the bundle is asked for."""

    def __init__(self, f: Any, size: int) -> None:
        self._f = f
        self.size = size

    def read(self, n: int) -> bytes:
        return bytes(self._f.read(n))

    def skip(self, n: int) -> None:
        """Reads past ``n`` bytes without keeping them (a part already received)."""
        while n > 0:
            got = self._f.read(min(n, SEGMENT))
            if not got:
                return
            n -= len(got)


def _member_refused(member: tarfile.TarInfo) -> str:
    """Why a bundle member may not be imported ("" when it may): a member is only a regular
    file named ``blobs/<sha256>``, ``applications/<key>.json`` or ``evaluations/<key>.json``
    (no other folder, no ``..``), a document no larger than the HTTP routes take
    (``applications/../../../etc/passwd.json`` became an application keyed ``passwd``; a 40 MB
    document was stored, issue 22 item 6)."""
    if not member.isfile():
        return "not a regular file"
    if member.name == "manifest.json":
        return ""
    folder, _, leaf = member.name.partition("/")
    if folder == "blobs":
        if not _SHA256.fullmatch(leaf):
            return "a scan must be named by its sha256"
        if member.size > MAX_BLOB:
            return f"scan larger than {MAX_BLOB} bytes"
        return ""
    if folder not in ("applications", "evaluations"):
        return "unknown member"
    if not leaf.endswith(".json") or not protocol.valid_key(leaf[: -len(".json")]):
        return "the key must be 8-64 letters, digits or hyphens"
    if member.size > protocol.JSON_LIMIT:
        return f"document larger than {protocol.JSON_LIMIT} bytes"
    return ""


def _member_refused_v2(member: tarfile.TarInfo) -> str:
    """Why a member of a format 2 bundle may not be imported ("" when it may): its name and
    size as the writer makes them, and no larger than what the routes take."""
    if not member.isfile():
        return "not a regular file"
    if member.name == "manifest.sealed":
        return "" if member.size <= _MANIFEST_LIMIT else "manifest too large"
    folder, _, leaf = member.name.partition("/")
    if folder == "blobs":
        local_id, _, sha = leaf.partition("/")
        try:
            uuid.UUID(local_id)
        except ValueError:
            return "a scan's folder must be its application's local id"
        if not _SHA256.fullmatch(sha):
            return "a scan must be named by its sha256"
        if member.size > sealed_size(MAX_BLOB):
            return f"scan larger than {MAX_BLOB} bytes"
        return ""
    if folder not in ("applications", "evaluations"):
        return "unknown member"
    if not leaf.endswith(".sealed") or not protocol.valid_key(leaf[: -len(".sealed")]):
        return "the key must be 8-64 letters, digits or hyphens"
    if member.size > _SEALED_LIMIT:
        return f"document larger than {protocol.JSON_LIMIT} bytes"
    return ""


def iter_bundle(f: BinaryIO, secret_for: Any) -> Iterator[tuple[str, str, Any]]:
    """Streams a bundle's items as (kind, key, body) — kind is "blob" (body a
    :class:`BlobStream`), "application" or "evaluation" (body bytes, at most a JSON document's
    limit), or "refused" (body the reason) — holding at most one document in memory.
    ``secret_for(terminal_id)`` gives the terminal's secret (or None). The header is
    available as ``("header", "", json)``.

    Raises:
        StorageError / DecryptionError: not a bundle, unknown terminal, tampered or truncated.
    """
    f.seek(0)
    magic = f.read(len(MAGIC))
    if magic not in (MAGIC, MAGIC2):
        raise StorageError("not a Hall Terminal bundle")
    header = json.loads(f.readline())
    if magic == MAGIC2:
        secret = secret_for(str(header.get("terminal_id", "")))
        if not secret:
            raise StorageError(f"bundle from unknown terminal {header.get('terminal_id')!r}")
        yield "header", "", json.dumps(header).encode()
        yield from _iter_v2(f, header, bundle_key(secret, header["terminal_id"]))
        return
    sealed_start = f.tell()
    f.seek(0, io.SEEK_END)
    size = f.tell()
    f.seek(max(size - 32, 0))
    tail = f.read()
    cut = tail.rfind(b"\n")
    if cut < 0:
        raise StorageError("bundle truncated (no trailer)")
    plain_size = int(tail[cut + 1 :])
    sealed_end = size - len(tail) + cut
    secret = secret_for(str(header.get("terminal_id", "")))
    if not secret:
        raise StorageError(f"bundle from unknown terminal {header.get('terminal_id')!r}")
    key = bundle_key(secret, header["terminal_id"])
    yield "header", "", json.dumps(header).encode()
    window = _Window(f, sealed_start, sealed_end)
    plain = io.BufferedReader(_Plain(open_stream(key, window, _aad(header), plain_size)))  # type: ignore[arg-type]
    try:
        with tarfile.open(fileobj=plain, mode="r|") as tar:
            for member in tar:
                refused = _member_refused(member)
                if refused:  # said, not imported: the same checks the HTTP routes make
                    yield "refused", member.name[:200], refused.encode()
                    continue
                body_file = tar.extractfile(member)
                if body_file is None:
                    continue
                name = Path(member.name)
                if member.name.startswith("blobs/"):
                    # a scan streams (a 600 MB scan held whole took central to 2 GB, issue 22
                    # item 5): read it before the next item; checked against its name by
                    # whoever stores it (the platform does, as for an upload)
                    yield "blob", name.name, BlobStream(body_file, member.size)
                    continue
                body = body_file.read()
                if member.name.startswith("applications/"):
                    yield "application", name.stem, body
                elif member.name.startswith("evaluations/"):
                    yield "evaluation", name.stem, body
    except DecryptionError as e:
        raise DecryptionError(f"bundle does not open: {e.detail}") from None
    except tarfile.TarError as e:
        raise StorageError(f"bundle archive damaged: {e}") from None


def _iter_v2(f: BinaryIO, header: dict[str, Any], key: bytes) -> Iterator[tuple[str, str, Any]]:
    """A format 2 bundle's items, in :func:`iter_bundle`'s terms: an application is given
    after its scans (the platform stores scans first); each sealed member opened with the
    bundle key, each scan with its application's data key as it streams; a member that does
    not open, or a scan its application does not list, is refused and said; the manifest
    tells what a cut or pruned bundle lacks."""
    held: tuple[str, bytes] | None = None  # an application whose scans come next
    scans: dict[str, int] = {}
    data_key, local_id = b"", ""
    seen: dict[str, set[str]] = {"applications": set(), "evaluations": set()}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(fileobj=f, mode="r|") as tar:
            for member in tar:
                name = member.name
                refused = _member_refused_v2(member)
                body_file = None if refused else tar.extractfile(member)
                if name.startswith("blobs/") and not refused and body_file is not None:
                    _, owner, sha = name.split("/")
                    if held is None or owner != local_id or sha not in scans:
                        refused = "a scan its application does not list"
                    elif member.size != sealed_size(scans[sha]):
                        refused = "a scan of another size than its application says"
                    else:
                        size = scans.pop(sha)
                        segments = open_stream(
                            data_key, body_file, BlobStore.aad(uuid.UUID(owner)), size
                        )
                        stream = BlobStream(io.BufferedReader(_Plain(segments)), size)
                        yield "blob", sha, stream
                        # what its reader left (a scan the platform had) is checked all the
                        # same: every byte of a bundle is authenticated, or it is refused
                        stream.skip(size)
                        continue
                if held is not None:  # its scans are through
                    yield "application", held[0], held[1]
                    held = None
                if refused or body_file is None:
                    yield "refused", name[:200], (refused or "not a file").encode()
                    continue
                try:
                    plain = unseal(key, body_file.read(), _member_aad(header, name))
                except DecryptionError:  # altered, or another bundle's: the bundle is suspect
                    raise DecryptionError(f"{name[:200]} does not open") from None
                folder, _, leaf = name.partition("/")
                if name == "manifest.sealed":
                    manifest = json.loads(plain)
                elif folder == "evaluations":
                    seen["evaluations"].add(leaf.removesuffix(".sealed"))
                    yield "evaluation", leaf.removesuffix(".sealed"), plain
                else:
                    meta = json.loads(plain)
                    document = meta["document"].encode()
                    if len(document) > protocol.JSON_LIMIT:
                        yield (
                            "refused",
                            name,
                            f"document larger than {protocol.JSON_LIMIT} bytes".encode(),
                        )
                        continue
                    ref = leaf.removesuffix(".sealed")
                    seen["applications"].add(ref)
                    held = (ref, document)
                    scans = {s["sha256"]: int(s["size"]) for s in meta["scans"]}
                    data_key, local_id = base64.b64decode(meta["data_key"]), meta["local_id"]
            if held is not None:
                yield "application", held[0], held[1]
    except DecryptionError as e:
        raise DecryptionError(f"bundle does not open: {e.detail}") from None
    except tarfile.TarError as e:
        raise StorageError(f"bundle archive damaged: {e}") from None
    except (KeyError, TypeError, ValueError) as e:
        raise StorageError(f"bundle member malformed: {e}") from None
    if manifest is None:
        yield "refused", "manifest.sealed", b"the bundle ends early: no manifest (cut short?)"
        return
    for kind in ("applications", "evaluations"):
        for ref in sorted(set(manifest.get(kind, [])) - seen[kind]):
            yield "refused", f"{kind}/{ref}"[:200], b"listed in the manifest, not in the bundle"
