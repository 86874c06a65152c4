"""The platform's signatures on what it sends terminals to install or load — a new version of
the software, a catalogue, settings — by network or on a USB stick.

The platform holds an Ed25519 key (central.releases); a terminal pins its public key when it
is enrolled (``hall-sync enrol`` writes it beside the settings, root's to change) and takes
nothing to install that the pinned key did not sign. What is signed is a *manifest*: a small
JSON document naming the payload by its sha256 and size, with its kind and version — the
payload itself is checked against the manifest's digest as it is read, so a 200 MB bundle is
never held in memory to check a signature.

A manifest is signed as its canonical bytes (JSON, keys sorted, no spaces, UTF-8): the
terminal recomputes them from the document it was given, so the same document is the same
bytes on both sides whatever a transport did to its spacing or key order.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

#: what a manifest may be the signature of
KINDS = ("terminal-update", "catalogue", "settings")
#: a version as releases are numbered (0.2.0, 0.2.1rc1, 2026.12.1)
VERSION = re.compile(r"[0-9][0-9A-Za-z.+-]{0,31}")


class SignatureRefused(ValueError):
    """A manifest the pinned key did not sign, or not a manifest at all."""


def canonical(doc: dict[str, Any]) -> bytes:
    """The bytes a manifest is signed as."""
    return json.dumps(
        doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode()


def settings_payload(doc: dict[str, Any]) -> bytes:
    """The bytes a terminal's settings are signed as (``GET /v1/config``'s version and config;
    the same bytes are the file a USB stick carries)."""
    return canonical({"version": int(doc["version"]), "config": doc["config"]})


def settings_manifest(terminal: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The manifest of a terminal's settings: for it alone, by version."""
    payload = settings_payload(doc)
    return {
        "kind": "settings",
        "version": str(int(doc["version"])),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "size": len(payload),
        "filename": re.sub(r"[^A-Za-z0-9._+-]", "_", f"settings-{terminal}-{doc['version']}.json"),
        "terminal": terminal,
    }


def catalogue_manifest(cursor: int, sha256: str, size: int) -> dict[str, Any]:
    """The manifest of a catalogue snapshot file (sync.catalogue's format) at ``cursor``."""
    return {
        "kind": "catalogue",
        "version": str(int(cursor)),
        "sha256": sha256,
        "size": size,
        "filename": f"catalogue-{int(cursor)}.gz",
    }


def new_private_key() -> bytes:
    """A new Ed25519 private key, raw (32 bytes)."""
    from cryptography.hazmat.primitives import serialization

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def public_key_text(private_key: bytes) -> str:
    """The public half of a raw private key, as the text a terminal pins (base64)."""
    from cryptography.hazmat.primitives import serialization

    raw = (
        Ed25519PrivateKey.from_private_bytes(private_key)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return base64.b64encode(raw).decode("ascii")


def sign(private_key: bytes, manifest: dict[str, Any]) -> str:
    """The manifest's signature (base64)."""
    check_manifest(manifest)
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(canonical(manifest))
    return base64.b64encode(signature).decode("ascii")


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A pinned public key from its text; ValueError when it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as e:
        raise ValueError(f"not an Ed25519 public key: {e}") from None


@dataclass(frozen=True)
class Manifest:
    """A checked manifest: what it names and how to check the payload against it."""

    kind: str
    version: str
    sha256: str
    size: int
    filename: str
    doc: dict[str, Any]


def check_manifest(doc: Any) -> Manifest:
    """The manifest's fields as they must be; SignatureRefused otherwise."""
    if not isinstance(doc, dict):
        raise SignatureRefused("the manifest is not a JSON object")
    kind, version = doc.get("kind"), doc.get("version")
    sha, size, filename = doc.get("sha256"), doc.get("size"), doc.get("filename", "")
    if kind not in KINDS:
        raise SignatureRefused(f"manifest kind {kind!r}: one of {', '.join(KINDS)}")
    if not isinstance(version, str) or not VERSION.fullmatch(version):
        raise SignatureRefused(f"manifest version {version!r}: not a version")
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise SignatureRefused("manifest sha256: 64 lower-case hex digits")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size < 1 << 40:
        raise SignatureRefused("manifest size: a positive number of bytes")
    if not isinstance(filename, str) or not re.fullmatch(r"[A-Za-z0-9._+-]{0,128}", filename):
        raise SignatureRefused("manifest filename: letters, digits and ._+- only")
    return Manifest(kind, version, sha, size, filename, doc)


def verify(public_key: str, manifest: Any, signature: Any) -> Manifest:
    """The manifest if ``public_key`` (the pinned text) signed it; SignatureRefused
    otherwise — a manifest signed by another key, changed after signing, or malformed."""
    checked = check_manifest(manifest)
    try:
        key = parse_public_key(public_key)
    except ValueError as e:
        raise SignatureRefused(f"the pinned key: {e}") from None
    try:
        raw = base64.b64decode(str(signature), validate=True)
        key.verify(raw, canonical(checked.doc))
    except (ValueError, InvalidSignature):
        raise SignatureRefused(
            "the signature is not the platform's (another key, or changed)"
        ) from None
    return checked
