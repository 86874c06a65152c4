"""Encryption of personal data at rest: per-application keys under a master key kept elsewhere.

* The **master key** (32 random bytes) lives in a key file outside the data directory (mode
  0600 in a 0700 folder; on a real terminal a path on the system partition or a TPM-backed
  mount). A store refuses a key file inside its own data directory. The key is made only by
  an explicit first-run step (:meth:`KeyRing.create`, ``hall-sync store init``): a missing
  key is an error naming the file, never a reason to make a new one (rows sealed under two
  keys could each be read by only one of them).
* Every application has its own **data key**, stored wrapped (AES-256-GCM) by the master key.
  Its personal fields and its scans are sealed with it. Purging an application destroys its
  data key first (crypto-shredding: whatever copy of the ciphertext survives in free pages or
  backups is unreadable), then deletes the rows and files.
* Scans are sealed in **segments** of 1 MiB, each with its own nonce and an AAD binding it to
  the application, the file, its index and whether it is the last one, so segments cannot be
  reordered, swapped between files or truncated unnoticed; segment *i* can be read alone, which
  is what a resumable upload needs.

AES-GCM from ``cryptography`` (pyca), the standard well-kept Python binding to OpenSSL.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.errors import MasterKeyMissing, StorageError
from core.messages import tr
from core.protocol import SEGMENT  # plaintext bytes per sealed segment, the uploads' unit

KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
_SEALED_MAGIC = b"HTS1"
_FILE_MAGIC = b"HTF1"
_SEG_HEADER = struct.Struct(">I")  # plaintext length of the segment


class DecryptionError(StorageError):
    """Ciphertext that does not open: tampered, truncated, or the wrong key."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_SIZE)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_SIZE)
    return _SEALED_MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def is_sealed(blob: bytes) -> bool:
    return blob.startswith(_SEALED_MAGIC)


def unseal(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if not is_sealed(blob):
        raise DecryptionError("not a sealed value")
    nonce = blob[4 : 4 + NONCE_SIZE]
    try:
        return AESGCM(key).decrypt(nonce, blob[4 + NONCE_SIZE :], aad)
    except InvalidTag:
        raise DecryptionError("sealed value does not open (tampered or wrong key)") from None


class KeyRing:
    """The master key, loaded from ``path``.

    Raises:
        MasterKeyMissing: there is no key file at ``path`` (see :meth:`create`).
        StorageError: the file is unreadable, damaged or readable by others.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key = self._load(path)

    @classmethod
    def create(cls, path: Path) -> KeyRing:
        """Makes a new master key at ``path`` (first run); refuses to replace one."""
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, new_key())
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # unlike a rename, never replaces an existing key
        except FileExistsError:
            raise StorageError(
                f"key file {path} exists already; not replaced",
                user_message=tr("本机数据密钥已存在，未覆盖。"),
            ) from None
        finally:
            os.unlink(tmp)
        fsync_dir(path.parent)
        return cls(path)

    @staticmethod
    def _load(path: Path) -> bytes:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MasterKeyMissing(
                f"master key {path} not found: on a new terminal create it with"
                " `hall-sync store init --config …`; on a terminal with data, restore it"
                " (a new key cannot open what the old one sealed)"
            ) from None
        except OSError as e:
            raise StorageError(
                f"key file {path}: {e}", user_message=tr("无法读取本机数据密钥，请联系技术人员。")
            ) from e
        if len(data) != KEY_SIZE:
            raise StorageError(
                f"key file {path} has {len(data)} bytes, expected {KEY_SIZE}",
                user_message=tr("本机数据密钥文件已损坏，请联系技术人员。"),
            )
        mode = stat.S_IMODE(path.stat().st_mode)
        if os.name == "posix" and mode & 0o077:
            raise StorageError(
                f"key file {path} is readable by others (mode {mode:o}); chmod 600 it",
                user_message=tr("本机数据密钥文件权限不安全，请联系技术人员。"),
            )
        return data

    def check_value(self) -> str:
        """A fingerprint a store keeps to tell its own key from another (reveals nothing)."""
        return hmac.new(self._key, b"hall-terminal master key check v1", hashlib.sha256).hexdigest()

    def check_outside(self, data_dir: Path) -> None:
        """The key must never sit beside the data it protects."""
        key = self.path.resolve()
        data = data_dir.resolve()
        if key == data or data in key.parents:
            raise StorageError(
                f"key file {key} lies inside the data directory {data}",
                user_message=tr("数据密钥不能与数据存放在同一目录，请联系技术人员调整配置。"),
            )

    def digest(self, purpose: bytes, text: str) -> str:
        """A keyed digest of ``text`` for ``purpose`` (recognising the same person again
        without keeping who it is)."""
        return hmac.new(self._key, purpose + b"\0" + text.encode(), hashlib.sha256).hexdigest()[:32]

    def wrap(self, data_key: bytes, aad: bytes) -> bytes:
        return seal(self._key, data_key, b"wrap:" + aad)

    def unwrap(self, wrapped: bytes, aad: bytes) -> bytes:
        return unseal(self._key, wrapped, b"wrap:" + aad)


def fsync_dir(path: Path) -> None:
    """Makes a rename or create in ``path`` durable (POSIX; a no-op where unsupported)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _segment_aad(aad: bytes, index: int, last: bool) -> bytes:
    return aad + struct.pack(">IB", index, 1 if last else 0)


def seal_stream(key: bytes, source: BinaryIO, dest: BinaryIO, aad: bytes) -> int:
    """Writes ``source`` sealed in segments to ``dest``; returns the plaintext size."""
    dest.write(_FILE_MAGIC)
    aead = AESGCM(key)
    total = 0
    index = 0
    chunk = source.read(SEGMENT)
    while True:
        following = source.read(SEGMENT) if len(chunk) == SEGMENT else b""
        last = not following
        nonce = secrets.token_bytes(NONCE_SIZE)
        dest.write(_SEG_HEADER.pack(len(chunk)) + nonce)
        dest.write(aead.encrypt(nonce, chunk, _segment_aad(aad, index, last)))
        total += len(chunk)
        if last:
            return total
        chunk = following
        index += 1


def sealed_size(plain_size: int) -> int:
    segments = max((plain_size + SEGMENT - 1) // SEGMENT, 1)
    return len(_FILE_MAGIC) + plain_size + segments * (_SEG_HEADER.size + NONCE_SIZE + TAG_SIZE)


def open_segment(key: bytes, sealed: BinaryIO, aad: bytes, index: int, plain_size: int) -> bytes:
    """Plaintext segment ``index`` of a sealed file of ``plain_size`` plaintext bytes."""
    segments = max((plain_size + SEGMENT - 1) // SEGMENT, 1)
    if not 0 <= index < segments:
        raise IndexError(index)
    sealed.seek(0)
    if sealed.read(len(_FILE_MAGIC)) != _FILE_MAGIC:
        raise DecryptionError("not a sealed file")
    sealed.seek(len(_FILE_MAGIC) + index * (_SEG_HEADER.size + NONCE_SIZE + SEGMENT + TAG_SIZE))
    head = sealed.read(_SEG_HEADER.size + NONCE_SIZE)
    if len(head) != _SEG_HEADER.size + NONCE_SIZE:
        raise DecryptionError(f"sealed file truncated before segment {index}")
    (n,) = _SEG_HEADER.unpack(head[: _SEG_HEADER.size])
    nonce = head[_SEG_HEADER.size :]
    body = sealed.read(n + TAG_SIZE)
    try:
        return AESGCM(key).decrypt(nonce, body, _segment_aad(aad, index, index == segments - 1))
    except InvalidTag:
        raise DecryptionError(f"segment {index} does not open (tampered or truncated)") from None


def open_stream(key: bytes, sealed: IO[bytes], aad: bytes, plain_size: int) -> Iterator[bytes]:
    """A sealed file's plaintext read front to back from where ``sealed`` stands — a file, or
    a stream that cannot seek (a member of a bundle's tar) — each segment checked before it is
    given out (:func:`open_segment` reads one alone)."""
    if sealed.read(len(_FILE_MAGIC)) != _FILE_MAGIC:
        raise DecryptionError("not a sealed file")
    segments = max((plain_size + SEGMENT - 1) // SEGMENT, 1)
    aead = AESGCM(key)
    for index in range(segments):
        want = min(SEGMENT, plain_size - index * SEGMENT)
        head = sealed.read(_SEG_HEADER.size + NONCE_SIZE)
        if len(head) != _SEG_HEADER.size + NONCE_SIZE:
            raise DecryptionError(f"sealed file truncated before segment {index}")
        (n,) = _SEG_HEADER.unpack(head[: _SEG_HEADER.size])
        if n != want:
            raise DecryptionError(f"segment {index}: {n} bytes where {want} belong")
        body = sealed.read(n + TAG_SIZE)
        last = index == segments - 1
        try:
            yield aead.decrypt(head[_SEG_HEADER.size :], body, _segment_aad(aad, index, last))
        except InvalidTag:
            raise DecryptionError(
                f"segment {index} does not open (tampered or truncated)"
            ) from None


class SealingWriter:
    """A write-only file object that seals what is written, segment by segment, in the format
    of :func:`seal_stream` — so plaintext never touches the disk (used for bundles, whose tar
    is written straight through it). :meth:`close` returns the plaintext size."""

    def __init__(self, key: bytes, dest: BinaryIO, aad: bytes) -> None:
        self._aead = AESGCM(key)
        self._dest = dest
        self._aad = aad
        # what is written, not yet sealed: always less than a segment after a write, plus the
        # bytes of the write — a full segment is sealed only once a byte follows it (the last
        # segment is marked so)
        self._parts: list[bytes] = []
        self._held = 0
        self._index = 0
        self.size = 0
        dest.write(_FILE_MAGIC)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:
        n = len(data)
        if not n:
            return 0
        self.size += n
        self._parts.append(bytes(data))
        self._held += n
        if self._held > SEGMENT:
            # one join a write, then segments cut from it without a copy each
            joined = b"".join(self._parts)
            view = memoryview(joined)
            full = (len(joined) - 1) // SEGMENT  # a byte always stays behind
            for i in range(full):
                self._emit(view[i * SEGMENT : (i + 1) * SEGMENT], last=False)
            rest = joined[full * SEGMENT :]
            self._parts = [rest]
            self._held = len(rest)
        return n

    def flush(self) -> None:
        pass

    def tell(self) -> int:
        return self.size

    def _emit(self, chunk: bytes | memoryview, *, last: bool) -> None:
        nonce = secrets.token_bytes(NONCE_SIZE)
        self._dest.write(_SEG_HEADER.pack(len(chunk)) + nonce)
        self._dest.write(
            self._aead.encrypt(nonce, chunk, _segment_aad(self._aad, self._index, last))
        )
        self._index += 1

    def close(self) -> int:
        rest = b"".join(self._parts)
        if len(rest) > SEGMENT:  # cannot happen (write leaves less); said rather than trusted
            raise AssertionError("sealing writer held more than a segment")
        self._emit(rest, last=True)
        self._parts, self._held = [], 0
        return self.size
