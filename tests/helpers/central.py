"""The reference platform on 127.0.0.1 in a thread, for tests that speak HTTP to it."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from central.app import create_app
from central.platform import Platform
from central.server import server_config
from core import protocol

ADMIN_TOKEN = "test-admin-token"


@dataclass
class RunningCentral:
    url: str
    platform: Platform
    data_dir: Path
    app: Any = None  # the FastAPI application (its state holds the limits)

    def enrol(self, terminal_id: str, role: str = "") -> str:
        return self.platform.add_terminal(terminal_id, role=role)


@contextmanager
def running_central(
    data_dir: Path, catalogue: Path | None = None, *, port: int = 0
) -> Iterator[RunningCentral]:
    """``port`` 0: any free one; a fixed port lets a test stop central and start it again
    where its terminals look for it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if catalogue is not None and not (data_dir / "catalogue.sqlite").exists():
        shutil.copy(catalogue, data_dir / "catalogue.sqlite")
    app = create_app(data_dir, admin_token=ADMIN_TOKEN)
    # served as hall-central serves it (central.server)
    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        threading.Event().wait(0.025)
    assert server.started, "central did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield RunningCentral(f"http://127.0.0.1:{port}", app.state.platform, data_dir, app)
    finally:
        server.should_exit = True
        thread.join(10)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def signed_headers(terminal_id: str, secret: str, method: str, path: str) -> dict[str, str]:
    """The headers of one signed body-less request, made by hand: a request captured on the
    wire, to send again."""
    ts, nonce = str(int(time.time())), protocol.new_nonce()
    return {
        protocol.TERMINAL: terminal_id,
        protocol.TIMESTAMP: ts,
        protocol.NONCE: nonce,
        protocol.SIGNATURE: protocol.sign(
            secret, method, path, ts, nonce, protocol.body_digest(b"")
        ),
    }


#: an item the reference platform routes (居民身份证申领)
ITEM = "3699010000000101001"


def application_body(
    terminal: str, scans: list[bytes] | tuple[bytes, ...] = ()
) -> tuple[str, bytes]:
    """A new application a terminal would send, with ``scans`` as its attachments:
    (Idempotency-Key, body)."""
    import hashlib
    import json
    import uuid

    key = str(uuid.uuid4())
    doc = {
        "local_id": key,
        "receipt_number": f"{terminal}-{key[:8].upper()}",
        "item_impl_code": ITEM,
        "item_name": "居民身份证申领",
        "applicant": {"name": "张三", "id_number": "110101199001010031"},
        "attachments": [
            {
                "material_code": "id_card",
                "sha256": hashlib.sha256(scan).hexdigest(),
                "pages": 1,
                "media_type": "image/jpeg",
                "size": len(scan),
            }
            for scan in scans
        ],
    }
    return key, json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()


def fleet(central: RunningCentral) -> list[dict[str, Any]]:
    """The platform's fleet view (every terminal), as an administrator reads it."""
    import requests

    return list(
        requests.get(
            f"{central.url}/v1/admin/fleet",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            timeout=5,
        ).json()["terminals"]
    )
