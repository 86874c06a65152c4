"""Scans on disk: sealed with their application's data key, written durably before use.

Layout: ``<root>/<local_id>/<sha256>`` (sha256 of the plaintext), one folder per application so
a purge or an orphan sweep removes a folder. A file is written to ``<root>/.tmp/``, fsynced,
renamed into place and its folder fsynced: after :meth:`BlobStore.put` returns, the scan
survives a power cut, and a crash before the application's row commits leaves only an orphan
folder, which :meth:`BlobStore.sweep` removes at the next start.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from core.errors import StorageError
from sync.crypto import fsync_dir, open_segment, open_stream, seal_stream

log = logging.getLogger(__name__)


class _HashingReader(io.RawIOBase):
    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.sha = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.source.read(n)
        self.sha.update(data)
        return data


def _why_not_written(e: OSError) -> str:
    """A scan that could not be written, said for what stopped it: a full disk, a disk that
    fails or turned read-only, or the folder's permissions — three different fixes."""
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return "扫描件未保存：本机存储空间已满。请联系工作人员清理空间后重试。"
    if e.errno in (errno.EIO, errno.EROFS):
        return "扫描件未保存：本机存储读写出错（磁盘故障或只读）。请联系工作人员。"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "扫描件未保存：本机数据目录无写入权限。请联系技术人员检查配置。"
    return "扫描件未保存：本机存储出错。请联系工作人员。"


class BlobStore:
    def __init__(self, root: Path, *, create: bool = True) -> None:
        self.root = root
        self.tmp = root / ".tmp"
        if not create:  # a reader (the store check) that must change nothing
            return
        try:
            self.tmp.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(f"blob folder {root}: {e}") from e

    def path(self, local_id: uuid.UUID, sha256: str) -> Path:
        return self.root / str(local_id) / sha256

    @staticmethod
    def aad(local_id: uuid.UUID) -> bytes:
        return b"blob:" + local_id.bytes

    def put(
        self, key: bytes, local_id: uuid.UUID, sources: Sequence[Path | bytes]
    ) -> list[tuple[str, int]]:
        """Seals each of ``sources`` for ``local_id``; returns (sha256 of the plaintext, size)
        of each, in order. Durable when this returns: each file is written and synced apart,
        then all are moved into the application's folder and the folder is synced once.

        Raises:
            StorageError: disk full or unwritable (nothing is left half-written; what was
            moved in already is swept at the next start unless its application is saved).
        """
        parts: list[Path] = []  # written so far: removed if anything fails
        sealed: list[tuple[str, int]] = []
        try:
            for source in sources:
                tmp = self.tmp / f"{uuid.uuid4().hex}.part"
                parts.append(tmp)
                with open(source, "rb") if isinstance(source, Path) else io.BytesIO(source) as raw:
                    reader = _HashingReader(raw)
                    with open(tmp, "wb") as out:
                        size = seal_stream(key, reader, out, self.aad(local_id))  # type: ignore[arg-type]
                        out.flush()
                        os.fsync(out.fileno())
                sealed.append((reader.sha.hexdigest(), size))
            if not sealed:
                return []
            folder = self.root / str(local_id)
            folder.mkdir(exist_ok=True)
            for tmp, (sha, _) in zip(parts, sealed, strict=True):
                os.replace(tmp, folder / sha)
            fsync_dir(folder)
            fsync_dir(self.root)
        except OSError as e:
            for tmp in parts:
                tmp.unlink(missing_ok=True)
            raise StorageError(
                f"cannot store scan for {local_id}: {e}", user_message=_why_not_written(e)
            ) from e
        return sealed

    def read(self, key: bytes, local_id: uuid.UUID, sha256: str, size: int) -> Iterator[bytes]:
        with open(self.path(local_id, sha256), "rb") as f:
            yield from open_stream(key, f, self.aad(local_id), size)

    def segment(self, key: bytes, local_id: uuid.UUID, sha256: str, size: int, index: int) -> bytes:
        with open(self.path(local_id, sha256), "rb") as f:
            return open_segment(key, f, self.aad(local_id), index, size)

    def exists(self, local_id: uuid.UUID, sha256: str) -> bool:
        return self.path(local_id, sha256).is_file()

    def remove(self, local_id: uuid.UUID) -> None:
        folder = self.root / str(local_id)
        if folder.exists():
            shutil.rmtree(folder)
            fsync_dir(self.root)

    def folders(self) -> list[str]:
        """The applications that have scans here (one folder each)."""
        if not self.root.is_dir():
            return []
        return [p.name for p in self.root.iterdir() if p.is_dir() and p.name != ".tmp"]

    def sweep(self, known: set[str]) -> list[str]:
        """Removes temp files and the folders of applications that never committed."""
        removed = []
        for p in self.tmp.iterdir():
            p.unlink(missing_ok=True)
            removed.append(p.name)
        for p in self.root.iterdir():
            if p.is_dir() and p.name != ".tmp" and p.name not in known:
                shutil.rmtree(p)
                removed.append(p.name)
        if removed:
            fsync_dir(self.root)
            log.info("removed %d orphan scan files or folders", len(removed))
        return removed
