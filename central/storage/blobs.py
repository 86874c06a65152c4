"""Where central keeps scans: a folder (the default; shared by replicas on one machine or an
NFS mount) or S3-compatible object storage (MinIO, Ceph RGW, the Chinese clouds' object
services) for a city or a province.

A scan arrives in chunks, resumably (central.intake); a chunk is kept as it comes (appended to
``<sha>.part`` in the folder, or one object per chunk in the bucket), and when the last one is
in, the scan is checked against its sha256 in one streamed pass while it is made whole (the
folder: renamed; the bucket: a multipart upload of 8 MiB parts) — never whole in memory. A
scan is written by one replica at a time (the caller holds the scan's lock: records.lock), so
a chunk at an offset replaces what a dead replica left there and nothing else.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

#: the bucket's multipart part size (S3 wants ≥ 5 MiB but the last)
PART_SIZE = 8 << 20
#: the namespace (a "terminal" no terminal can be) of the release files kept with the scans
#: (central.releases)
RELEASE_BLOBS = "platform:releases"
#: the settings' names in the environment for object storage
ENDPOINT_ENV = "HALL_CENTRAL_S3_ENDPOINT"
REGION_ENV = "HALL_CENTRAL_S3_REGION"


class Blobs(Protocol):
    kind: str

    def put_whole(self, terminal: str, sha: str, data: bytes) -> None:
        """A scan that came in one chunk (its sha256 already checked)."""

    def write(self, terminal: str, sha: str, offset: int, data: bytes) -> None:
        """A chunk at ``offset``; what was kept past it (a chunk never recorded) is dropped."""

    def finish(self, terminal: str, sha: str) -> bool:
        """Makes the received chunks the scan if they hash to ``sha`` (True); else drops
        them (False)."""

    def discard(self, terminal: str, sha: str) -> None:
        """Drops a partial upload's chunks."""

    def read(self, terminal: str, sha: str, offset: int = 0) -> Iterator[bytes]:
        """The scan from ``offset``, in blocks."""

    def exists(self, terminal: str, sha: str) -> bool:
        """Whether the whole scan is kept."""

    def put_file(self, terminal: str, sha: str, f: BinaryIO) -> None:
        """A whole scan from an open file, streamed (a move, a restore)."""

    def problems(self) -> list[str]:
        """What keeps scans from being stored (empty: nothing)."""


def folder_of(terminal: str) -> str:
    """A terminal's folder (or key prefix): a digest of its id, never the id itself."""
    return hashlib.sha256(terminal.encode()).hexdigest()[:16]


class FileBlobs:
    """Scans in ``root``: ``<terminal digest>/<sha>``, a partial one ``<sha>.part``."""

    kind = "files"

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, terminal: str, sha: str, *, part: bool = False) -> Path:
        folder = self.root / folder_of(terminal)
        folder.mkdir(exist_ok=True)
        return folder / (sha + (".part" if part else ""))

    def put_whole(self, terminal: str, sha: str, data: bytes) -> None:
        part = self.path(terminal, sha, part=True)
        with open(part, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, self.path(terminal, sha))

    def write(self, terminal: str, sha: str, offset: int, data: bytes) -> None:
        part = self.path(terminal, sha, part=True)
        with open(part, "r+b" if part.exists() else "wb") as f:
            f.seek(offset)
            f.write(data)
            f.truncate(offset + len(data))  # drop bytes of a chunk the records never took
            f.flush()
            os.fsync(f.fileno())

    def finish(self, terminal: str, sha: str) -> bool:
        part = self.path(terminal, sha, part=True)
        h = hashlib.sha256()
        with open(part, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        if h.hexdigest() != sha:
            part.unlink()
            return False
        os.replace(part, self.path(terminal, sha))
        return True

    def discard(self, terminal: str, sha: str) -> None:
        self.path(terminal, sha, part=True).unlink(missing_ok=True)

    def read(self, terminal: str, sha: str, offset: int = 0) -> Iterator[bytes]:
        with open(self.path(terminal, sha), "rb") as f:
            f.seek(offset)
            yield from iter(lambda: f.read(1 << 20), b"")

    def exists(self, terminal: str, sha: str) -> bool:
        return self.path(terminal, sha).exists()

    def put_file(self, terminal: str, sha: str, f: BinaryIO) -> None:
        part = self.path(terminal, sha, part=True)
        with open(part, "wb") as out:
            shutil.copyfileobj(f, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, self.path(terminal, sha))

    def problems(self) -> list[str]:
        probe = self.root / ".ready"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as e:
            return [f"scans: {e.strerror}"]
        return []


class S3Blobs:
    """Scans in a bucket: ``<prefix>/blobs/<terminal digest>/<sha>``; a partial one's chunks
    ``<prefix>/parts/<terminal digest>/<sha>/<offset>`` (offset in 16 digits: listed in
    order)."""

    kind = "s3"

    def __init__(self, url: str, *, endpoint: str | None = None, client: Any = None) -> None:
        import boto3
        from botocore.config import Config

        rest = url.removeprefix("s3://")
        self.bucket, _, prefix = rest.partition("/")
        if not self.bucket:
            raise ValueError(f"blobs {url!r}: s3://bucket/prefix")
        self.prefix = prefix.strip("/")
        self.s3 = client or boto3.client(
            "s3",
            endpoint_url=endpoint or os.environ.get(ENDPOINT_ENV) or None,
            region_name=os.environ.get(REGION_ENV, "us-east-1"),
            config=Config(
                retries={"max_attempts": 5, "mode": "standard"},
                # path-style addressing: what MinIO and most private object stores take
                s3={"addressing_style": "path"},
            ),
        )

    def _key(self, *parts: str) -> str:
        return "/".join(p for p in (self.prefix, *parts) if p)

    def _final(self, terminal: str, sha: str) -> str:
        return self._key("blobs", folder_of(terminal), sha)

    def _parts_prefix(self, terminal: str, sha: str) -> str:
        return self._key("parts", folder_of(terminal), sha) + "/"

    def _parts(self, terminal: str, sha: str) -> list[tuple[int, str]]:
        """The chunks kept of a partial upload: (offset, key), in order."""
        found = []
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self._parts_prefix(terminal, sha)
        )
        for page in pages:
            for item in page.get("Contents", []):
                key = str(item["Key"])
                found.append((int(key.rsplit("/", 1)[1]), key))
        return sorted(found)

    def put_whole(self, terminal: str, sha: str, data: bytes) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=self._final(terminal, sha), Body=data)

    def write(self, terminal: str, sha: str, offset: int, data: bytes) -> None:
        # chunks at or past this offset are what a dead replica or a refused chunk left
        self._delete([key for at, key in self._parts(terminal, sha) if at >= offset])
        self.s3.put_object(
            Bucket=self.bucket,
            Key=self._parts_prefix(terminal, sha) + f"{offset:016d}",
            Body=data,
        )

    def finish(self, terminal: str, sha: str) -> bool:
        parts = self._parts(terminal, sha)
        final = self._final(terminal, sha)
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key=final)["UploadId"]
        h, buffer = hashlib.sha256(), bytearray()
        done: list[dict[str, Any]] = []

        def send(block: bytes) -> None:
            n = len(done) + 1
            tag = self.s3.upload_part(
                Bucket=self.bucket, Key=final, UploadId=upload, PartNumber=n, Body=block
            )["ETag"]
            done.append({"PartNumber": n, "ETag": tag})

        try:
            for _, key in parts:
                for block in self._blocks(key):
                    h.update(block)
                    buffer += block
                    if len(buffer) >= PART_SIZE:
                        send(bytes(buffer[:PART_SIZE]))
                        del buffer[:PART_SIZE]
            if h.hexdigest() != sha:
                self.s3.abort_multipart_upload(Bucket=self.bucket, Key=final, UploadId=upload)
                self._delete([key for _, key in parts])
                return False
            if buffer or not done:
                send(bytes(buffer))
            self.s3.complete_multipart_upload(
                Bucket=self.bucket, Key=final, UploadId=upload, MultipartUpload={"Parts": done}
            )
        except BaseException:
            self.s3.abort_multipart_upload(Bucket=self.bucket, Key=final, UploadId=upload)
            raise
        self._delete([key for _, key in parts])
        return True

    def discard(self, terminal: str, sha: str) -> None:
        self._delete([key for _, key in self._parts(terminal, sha)])

    def read(self, terminal: str, sha: str, offset: int = 0) -> Iterator[bytes]:
        return self._blocks(self._final(terminal, sha), offset)

    def exists(self, terminal: str, sha: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.s3.head_object(Bucket=self.bucket, Key=self._final(terminal, sha))
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def put_file(self, terminal: str, sha: str, f: BinaryIO) -> None:
        from boto3.s3.transfer import TransferConfig

        # boto3's managed transfer: multipart in PART_SIZE parts, streamed from the file
        self.s3.upload_fileobj(
            f,
            self.bucket,
            self._final(terminal, sha),
            Config=TransferConfig(multipart_chunksize=PART_SIZE, max_concurrency=4),
        )

    def _blocks(self, key: str, offset: int = 0) -> Iterator[bytes]:
        ranged = {"Range": f"bytes={offset}-"} if offset else {}
        body = self.s3.get_object(Bucket=self.bucket, Key=key, **ranged)["Body"]
        yield from iter(lambda: body.read(1 << 20), b"")

    def problems(self) -> list[str]:
        try:
            self.s3.head_bucket(Bucket=self.bucket)
        except Exception as e:  # botocore's errors and the network's: not ready, said why
            return [f"scans: bucket {self.bucket}: {type(e).__name__}"]
        return []

    def _delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            batch = keys[start : start + 1000]
            if batch:
                self.s3.delete_objects(
                    Bucket=self.bucket,
                    Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True},
                )


def open_blobs(data_dir: Path, blobs: str | None = None) -> Blobs:
    """The scans' storage: ``blobs`` (``s3://bucket/prefix``), else the environment's
    HALL_CENTRAL_BLOBS, else the data folder's ``blobs/``."""
    from central.storage import BLOBS_ENV

    url = (blobs if blobs is not None else os.environ.get(BLOBS_ENV, "")).strip()
    if url.startswith("s3://"):
        return S3Blobs(url)
    if url:
        raise ValueError(f"blobs {url!r}: only s3:// URLs (or none: the data folder)")
    return FileBlobs(data_dir / "blobs")
