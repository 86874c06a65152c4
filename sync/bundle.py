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

import hashlib
import io
import json
import os
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.errors import StorageError
from sync.crypto import DecryptionError, SealingWriter, open_stream
from sync.store import LocalStore, Outbox, application_document

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


@dataclass
class BundleContents:
    header: dict[str, Any]
    applications: list[tuple[str, bytes]] = field(default_factory=list)  # (key, document)
    evaluations: list[tuple[str, bytes]] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)


def write_bundle(
    store: LocalStore, terminal_id: str, secret: str, dest_dir: Path, *, now: datetime
) -> tuple[Path, dict[str, Any]]:
    """Writes every waiting item into a sealed bundle in ``dest_dir``; returns (path, header)."""
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
        with tarfile.open(fileobj=sealer, mode="w") as tar:  # type: ignore[call-overload]

            def add(name: str, data: bytes) -> None:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))

            manifest: dict[str, Any] = {"applications": [], "evaluations": []}
            for item in apps:
                app = store.load(uuid.UUID(item.ref_id))
                add(f"applications/{item.ref_id}.json", application_document(app))
                for a in app.attachments:
                    add(f"blobs/{a.sha256}", store.read_scan(app.local_id, a.sha256, a.size))
                manifest["applications"].append(item.ref_id)
            for item in evals:
                add(f"evaluations/{item.ref_id}.json", store.evaluation_payload(item.ref_id))
                manifest["evaluations"].append(item.ref_id)
            add("manifest.json", json.dumps(manifest).encode())
        size = sealer.close()
        out.write(b"\n" + str(size).encode())  # plaintext size, needed to open the stream
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)
    return path, header


def read_header(path: Path) -> dict[str, Any]:
    with open(path, "rb") as f:
        if f.read(len(MAGIC)) != MAGIC:
            raise StorageError(f"{path} is not a Hall Terminal bundle")
        return dict(json.loads(f.readline()))


def read_bundle(data: bytes, secret_for: Any) -> BundleContents:
    """Opens a bundle; ``secret_for(terminal_id)`` gives the terminal's secret (or None).

    Raises:
        StorageError / DecryptionError: not a bundle, unknown terminal, tampered or truncated.
    """
    if not data.startswith(MAGIC):
        raise StorageError("not a Hall Terminal bundle")
    head_end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC) : head_end])
    tail = data.rindex(b"\n")
    plain_size = int(data[tail + 1 :])
    secret = secret_for(str(header.get("terminal_id", "")))
    if not secret:
        raise StorageError(f"bundle from unknown terminal {header.get('terminal_id')!r}")
    sealed = io.BytesIO(data[head_end + 1 : tail])
    key = bundle_key(secret, header["terminal_id"])
    try:
        plain = b"".join(open_stream(key, sealed, _aad(header), plain_size))
    except DecryptionError as e:
        raise DecryptionError(f"bundle does not open: {e.detail}") from None
    contents = BundleContents(header)
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r") as tar:
        for member in tar.getmembers():
            f = tar.extractfile(member)
            if f is None:
                continue
            body = f.read()
            if member.name.startswith("applications/"):
                contents.applications.append((Path(member.name).stem, body))
            elif member.name.startswith("evaluations/"):
                contents.evaluations.append((Path(member.name).stem, body))
            elif member.name.startswith("blobs/"):
                sha = Path(member.name).name
                if hashlib.sha256(body).hexdigest() != sha:
                    raise DecryptionError(f"bundle blob {sha[:12]} does not match its hash")
                contents.blobs[sha] = body
    return contents


def iter_bundles(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.glob("*.htb"))
