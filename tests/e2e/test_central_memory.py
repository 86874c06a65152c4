"""Central's memory under bodies it must not read: `hall-central serve` in its own process, four
clients streaming 2 GiB unsigned uploads at once, an unsigned chunked bundle, and a signed
chunked upload past the chunk limit. Its resident memory, sampled throughout, rises by less
than 50 MB, and every sender is cut off long before its 2 GiB."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from core import protocol
from tests.helpers.central import free_port

ROOT = Path(__file__).resolve().parents[2]
GIB = 1 << 30


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _stream(port: int, head: str, *, chunked: bool, limit: int = 2 * GIB) -> tuple[int, str]:
    """Sends ``head`` then zeros until the server stops taking them (or ``limit``); returns
    (bytes of body sent, the status line the server answered, if any)."""
    block = b"\0" * (1 << 20)
    if chunked:
        block = f"{len(block):x}\r\n".encode() + block + b"\r\n"
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(head.encode())
        try:
            while sent < limit:
                s.sendall(block)
                sent += len(block)
        except OSError:
            pass  # the server closed or reset: it will not read this body
        try:
            s.settimeout(5)
            answer = s.recv(4096).decode("latin-1").split("\r\n")[0]
        except OSError:
            answer = ""
    return sent, answer


@pytest.mark.slow
def test_two_gib_uploads_do_not_grow_central(tmp_path: Path) -> None:
    data = tmp_path / "central"
    env_cmd = [sys.executable, "-m", "central"]
    add = subprocess.run(
        [*env_cmd, "terminal", "add", "K0001", "--role", "counter", "--data-dir", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    secret = add.stdout.strip().split()[-1]
    port = free_port()
    server = subprocess.Popen(
        [*env_cmd, "serve", "--data-dir", str(data), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(1200):  # up to a minute: a loaded machine starts central slowly
            try:
                requests.get(f"{url}/openapi.json", timeout=1)
                break
            except requests.ConnectionError:
                assert server.poll() is None, "central exited"
                time.sleep(0.05)
        for _ in range(20):  # warm: the first requests import and cache what they need
            requests.get(f"{url}/v1/catalogue/search", params={"q": "身份证"}, timeout=5)
        baseline = _rss_mb(server.pid)
        peak = [baseline]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], _rss_mb(server.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        sha = "a" * 64
        unsigned = (
            f"PUT /v1/blobs/{sha}?offset=0 HTTP/1.1\r\nHost: x\r\n"
            f"Content-Length: {2 * GIB}\r\n{protocol.BLOB_SIZE}: {2 * GIB}\r\n\r\n"
        )
        bundle = "POST /v1/bundles HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        path = f"/v1/blobs/{'b' * 64}?offset=0"
        ts, nonce = str(int(time.time())), protocol.new_nonce()
        size = {protocol.BLOB_SIZE: str(64 << 20)}
        # a chunked body is signed over its announced digest of nothing (it never completes)
        sig = protocol.sign(secret, "PUT", path, ts, nonce, protocol.body_digest(b""), size)
        signed = (
            f"PUT {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            f"{protocol.TERMINAL}: K0001\r\n{protocol.TIMESTAMP}: {ts}\r\n"
            f"{protocol.NONCE}: {nonce}\r\n{protocol.SIGNATURE}: {sig}\r\n"
            f"{protocol.BLOB_SIZE}: {64 << 20}\r\n\r\n"
        )
        results: list[tuple[str, int, str]] = []
        lock = threading.Lock()

        def send(name: str, head: str, chunked: bool) -> None:
            sent, answer = _stream(port, head, chunked=chunked)
            with lock:
                results.append((name, sent, answer))

        senders = [
            threading.Thread(target=send, args=(f"unsigned {i}", unsigned, False)) for i in range(4)
        ]
        senders.append(threading.Thread(target=send, args=("bundle", bundle, True)))
        senders.append(threading.Thread(target=send, args=("signed chunked", signed, True)))
        for t in senders:
            t.start()
        for t in senders:
            t.join(120)
        done.set()
        sampler.join()
        # still serving, still small
        assert requests.get(f"{url}/openapi.json", timeout=5).status_code == 200
        after = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    print(f"central RSS {baseline:.0f} MB, peak {peak[0]:.0f} MB, after {after:.0f} MB; {results}")
    assert len(results) == 6
    for name, sent, answer in results:
        assert sent < 256 << 20, f"{name}: central kept reading ({sent >> 20} MiB)"
        assert answer.split(" ")[1:2] in (["401"], ["413"], ["400"], []), (name, answer)
    assert peak[0] - baseline < 50, f"central grew {peak[0] - baseline:.0f} MB"
