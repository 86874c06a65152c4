"""The sync protocol's shared definitions: request signing, headers, chunk size.

Used by the terminal's client (sync.client) and by the reference platform (central/), so both
sides compute exactly the same canonical string.

Every terminal request carries::

    X-Hall-Terminal:  the terminal id
    X-Hall-Timestamp: Unix seconds (the platform refuses a skew over MAX_SKEW)
    X-Hall-Nonce:     32 random hex digits, never reused (the platform refuses replays)
    X-Hall-Signature: hex HMAC-SHA256(secret,
                          METHOD \\n PATH?QUERY \\n TS \\n NONCE \\n SHA256(body)
                          \\n x-hall-blob-size:VALUE \\n idempotency-key:VALUE)

PATH?QUERY is the request target exactly as sent on the request line (percent-encoded, not
decoded). Every header that carries meaning is signed (SIGNED_HEADERS; an absent one signs as
empty), so a middlebox cannot change the declared size of an upload or the key of a
submission.

Every request also declares ``X-Hall-Body-Sha256`` (the same sha256, in the clear): the
platform verifies the signature before it reads the body and the body against the declared
digest after; a bundle without it is refused (428).

A 401 answer carries ``X-Hall-Server-Time`` so a terminal with a wrong clock can correct its
offset and sign again once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping

TERMINAL = "X-Hall-Terminal"
TIMESTAMP = "X-Hall-Timestamp"
NONCE = "X-Hall-Nonce"
SIGNATURE = "X-Hall-Signature"
SERVER_TIME = "X-Hall-Server-Time"
BLOB_SIZE = "X-Hall-Blob-Size"
IDEMPOTENCY_KEY = "Idempotency-Key"
SIGNED_HEADERS = (BLOB_SIZE, IDEMPOTENCY_KEY)
#: the body's sha256, declared before the body: the platform checks the signature (which
#: covers that sha256) before it takes a byte of the body, then the body against it —
#: required for a bundle (up to 16 GiB: nobody spools it before proving who they are)
BODY_SHA256 = "X-Hall-Body-Sha256"

MAX_SKEW = 300  # seconds
#: one scan (a PDF of many pages) at most
MAX_BLOB = 4 << 30
#: a JSON document a terminal sends (an application, an evaluation), over HTTP or in a bundle
JSON_LIMIT = 1 << 20
#: an Idempotency-Key: a local id (a UUID), 8 to 64 letters, digits and hyphens
KEY_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{7,63}")


def valid_key(key: str) -> bool:
    return KEY_PATTERN.fullmatch(key) is not None


#: Plaintext bytes per sealed segment of a scan at rest (sync/crypto.py), the unit uploads are
#: measured in.
SEGMENT = 1 << 20
#: Upload chunks start at a quarter of a sealed segment, so a connection lost mid-chunk wastes at
#: most 256 KiB on a bad village link; each success doubles the next chunk up to MAX_CHUNK (a
#: good link then spends little on per-request costs), each failure starts again small.
CHUNK = SEGMENT // 4
MAX_CHUNK = 8 * SEGMENT


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def canonical(
    method: str,
    path_query: str,
    timestamp: str,
    nonce: str,
    digest: str,
    headers: Mapping[str, str] | None = None,
) -> bytes:
    """The string signed: the request line, time, nonce, the body's sha256 and every
    meaningful header (looked up case-insensitively in ``headers``)."""
    lower = {k.lower(): v for k, v in (headers or {}).items()}
    signed = [f"{name.lower()}:{lower.get(name.lower(), '')}" for name in SIGNED_HEADERS]
    return "\n".join((method.upper(), path_query, timestamp, nonce, digest, *signed)).encode()


def sign(
    secret: str,
    method: str,
    path_query: str,
    timestamp: str,
    nonce: str,
    digest: str,
    headers: Mapping[str, str] | None = None,
) -> str:
    text = canonical(method, path_query, timestamp, nonce, digest, headers)
    return hmac.new(secret.encode(), text, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    method: str,
    path_query: str,
    timestamp: str,
    nonce: str,
    digest: str,
    sig: str,
    headers: Mapping[str, str] | None = None,
) -> bool:
    expected = sign(secret, method, path_query, timestamp, nonce, digest, headers)
    return hmac.compare_digest(expected, sig)


def new_nonce() -> str:
    return secrets.token_hex(16)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


#: The catalogue snapshot file's sha256 (GET /v1/catalogue/snapshot/file): checked by the
#: terminal over the whole file before it is loaded.
SNAPSHOT_SHA256 = "X-Snapshot-SHA256"
#: a signed file's manifest (base64 of its canonical JSON) and the platform's signature of it
#: (core.signing): sent with the catalogue's snapshot file
MANIFEST = "X-Hall-Manifest"
MANIFEST_SIGNATURE = "X-Hall-Manifest-Signature"
