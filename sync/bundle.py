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
from sync.crypto import DecryptionError, SealingWriter, open_stream
from sync.documents import application_document
from sync.outbox import Outbox
from sync.store import LocalStore

MAGIC = b"HTBUNDLE1\n"


def bundle_key(secret: str, terminal_id: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"hall-terminal bundle v1",
        info=terminal_id.encode(),
    ).derive(secret.encode())


def _aad(header: dict[str, Any]) -> bytes:
    return b"bundle:" + json.dumps(header, sort_keys=True).encode()


def write_bundle(
    store: LocalStore,
    terminal_id: str,
    secret: str,
    dest_dir: Path,
    *,
    now: datetime,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Writes every waiting item into a sealed bundle in ``dest_dir``; returns (path, header).
    ``on_progress(done, total)`` after each item. The bundle appears under its name only when
    complete and fsynced (a pulled drive leaves a ``.part``, never a short bundle)."""
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
    }
    dest_dir.mkdir(parents=True, exist_ok=True)
    path = dest_dir / f"hall-{terminal_id}-{now:%Y%m%d-%H%M%S}.htb"
    tmp = path.with_suffix(".part")
    key = bundle_key(secret, terminal_id)
    with open(tmp, "wb") as out:
        out.write(MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n")
        sealer = SealingWriter(key, out, _aad(header))  # plaintext never reaches the disk
        with tarfile.open(fileobj=sealer, mode="w", copybufsize=SEGMENT) as tar:  # type: ignore[call-overload]

            def add(name: str, data: bytes) -> None:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))

            def add_scan(name: str, local_id: uuid.UUID, sha256: str, size: int) -> None:
                """A scan streamed from its sealed file, a segment at a time."""
                info = tarfile.TarInfo(name)
                info.size = size
                segments = store.scan_segments(local_id, sha256, size)
                tar.addfile(info, io.BufferedReader(_Plain(segments), buffer_size=SEGMENT))

            manifest: dict[str, Any] = {"applications": [], "evaluations": []}
            total, done = len(apps) + len(evals), 0
            for item in apps:
                app = store.load(uuid.UUID(item.ref_id))
                for a in app.attachments:  # scans first: a reader can deliver as it goes
                    add_scan(f"blobs/{a.sha256}", app.local_id, a.sha256, a.size)
                add(f"applications/{item.ref_id}.json", application_document(app))
                manifest["applications"].append(item.ref_id)
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
            for item in evals:
                add(f"evaluations/{item.ref_id}.json", store.evaluation_payload(item.ref_id))
                manifest["evaluations"].append(item.ref_id)
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
            add("manifest.json", json.dumps(manifest).encode())
        size = sealer.close()
        out.write(b"\n" + str(size).encode())  # plaintext size, needed to open the stream
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
    if f.read(len(MAGIC)) != MAGIC:
        raise StorageError("not a Hall Terminal bundle")
    header = json.loads(f.readline())
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
