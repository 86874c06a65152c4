"""Big bodies wait for the platform's ``100 Continue`` (sync/expect_continue.py), and central
keeps what a broken connection brought of a chunk (issue 22 item 14): a chunk the platform
would refuse, a dead link and a bad signature cost the headers, not the body; a reset costs
only what was in flight; a server that ignores ``Expect`` still gets its body."""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import random
import socket
import ssl
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from core import protocol
from sync.client import Credentials, LinkBroken, PlatformClient
from tests.helpers.central import RunningCentral
from tests.helpers.fault_proxy import FaultProxy

MB = 1_000_000
CHUNK = {protocol.BLOB_SIZE: str(MB), "Content-Type": "application/octet-stream"}


def _upstream(central: RunningCentral) -> tuple[str, int]:
    u = urlsplit(central.url)
    assert u.hostname is not None
    assert u.port is not None
    return u.hostname, u.port


def _client(url: str, terminal: str, secret: str) -> PlatformClient:
    session = requests.Session()
    session.headers["Connection"] = "close"  # one request per connection: one fault each
    return PlatformClient(url, Credentials(terminal, secret), read_timeout=30, session=session)


def _scan(seed: int, size: int = 2 * MB) -> tuple[bytes, str]:
    data = random.Random(seed).randbytes(size)
    return data, hashlib.sha256(data).hexdigest()


def test_a_chunk_the_platform_has_passed_is_refused_before_its_body(
    central: RunningCentral,
) -> None:
    data, sha = _scan(1)
    secret = central.enrol("K0001")
    direct = _client(central.url, "K0001", secret)
    assert direct.put_chunk(sha, len(data), 0, data[:MB])["received"] == MB
    proxy = FaultProxy(_upstream(central), lambda r: "pass").start()
    try:
        answer = _client(proxy.url, "K0001", secret).put_chunk(sha, len(data), 0, data[:MB])
    finally:
        proxy.stop()
    assert answer == {"received": MB, "complete": False, "conflict": True}
    assert proxy.bytes_from_client < 2048  # the headers, not the megabyte


def test_a_bad_signature_costs_the_headers_only(central: RunningCentral) -> None:
    data, sha = _scan(2, MB)
    central.enrol("K0001")
    proxy = FaultProxy(_upstream(central), lambda r: "pass").start()
    client = _client(proxy.url, "K0001", "not-the-secret")
    try:
        with pytest.raises(Exception, match="401"):
            client.put_chunk(sha, len(data), 0, data)
    finally:
        proxy.stop()
    assert proxy.bytes_from_client < 8192  # two signed attempts' headers (clock re-signed)
    assert client.bytes_sent == 0


def test_a_dead_link_is_given_up_after_the_headers(central: RunningCentral) -> None:
    """Once the platform has said 100 Continue, silence after a chunk's headers is a dead
    link: given up within the wait (a few times the small requests' latency, at least 1 s),
    with only the headers lost — no megabyte swallowed, no read time-out waited out."""
    data, sha = _scan(3)
    secret = central.enrol("K0001")
    modes = iter(["pass", "pass", "stall"])
    proxy = FaultProxy(_upstream(central), lambda r: next(modes), stall_seconds=60).start()
    client = _client(proxy.url, "K0001", secret)
    try:
        client.blob_status(sha)  # a small request: the link's latency
        client.put_chunk(sha, len(data), 0, data[:MB])  # the platform says 100 Continue
        assert client.link.continues
        before = proxy.bytes_from_client
        started = time.monotonic()
        with pytest.raises(LinkBroken, match="no answer within"):
            client._signed(  # one attempt, as the quick retries would each make
                "PUT",
                f"/v1/blobs/{sha}",
                {"offset": MB},
                data[MB:],
                {**CHUNK, protocol.BLOB_SIZE: str(len(data))},
                delivery=True,
            )
        waited = time.monotonic() - started
    finally:
        proxy.stop()
    assert proxy.bytes_from_client - before < 2048
    assert waited < 3.5, waited  # the continue wait (1 s on loopback), not 30 s
    assert client.link.backoff == 2.0  # the next wait doubles, as a read time-out's does


def test_a_reset_chunk_keeps_what_arrived(central: RunningCentral) -> None:
    """A connection reset 300 KB into a 1 MB chunk: central keeps those bytes and the chunk
    goes on from there; the scan completes and checks out."""
    data, sha = _scan(4, MB)
    secret = central.enrol("K0001")
    modes = iter(["reset", "pass", "pass", "pass"])
    proxy = FaultProxy(
        _upstream(central), lambda r: next(modes), reset_within=300_000, seed=7
    ).start()
    client = _client(proxy.url, "K0001", secret)
    try:
        with pytest.raises(LinkBroken):
            client._signed("PUT", f"/v1/blobs/{sha}", {"offset": 0}, data, CHUNK, delivery=True)
        for _ in range(100):  # central notices the broken connection and keeps the part
            kept = central.platform.blob_status("K0001", sha).doc["received"]
            if kept:
                break
            time.sleep(0.05)
        assert 0 < kept < 300_000, kept
        # sent again from the start (as a quick retry does): refused before the body, with
        # where to go on
        answer = client.put_chunk(sha, len(data), 0, data)
        assert answer == {"received": kept, "complete": False, "conflict": True}
        done = client.put_chunk(sha, len(data), kept, data[kept:])
    finally:
        proxy.stop()
    assert done["complete"] is True
    assert central.platform.blob_status("K0001", sha).doc["complete"] is True
    # the part that arrived was not sent again: lost are the headers and what was in flight
    # at the cut (the proxy takes 64 KB at a time), not the 97 KB that arrived
    assert proxy.bytes_from_client < len(data) + 70_000, proxy.bytes_from_client


def test_a_server_that_ignores_expect_still_gets_the_body() -> None:
    """Until a platform has said 100 Continue, a client that waited in vain sends the body
    anyway (RFC 9110 §10.1.1): a proxy or an old server that does not know Expect keeps
    working, a second or so slower on a chunk."""
    listener = socket.create_server(("127.0.0.1", 0))
    got: list[bytes] = []

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            while len(body) < length:
                body += conn.recv(65536)
            got.append(body)
            answer = b'{"received": 100000, "complete": true}'
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(answer)).encode()
                + b"\r\n\r\n"
                + answer
            )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    body = random.Random(5).randbytes(100_000)
    client = _client(f"http://127.0.0.1:{listener.getsockname()[1]}", "K0001", "s")
    client.link.floor = 0.5  # the wait before the body goes anyway
    started = time.monotonic()
    answer = client.put_chunk(hashlib.sha256(body).hexdigest(), len(body), 0, body)
    thread.join(5)
    listener.close()
    assert answer["complete"] is True
    assert got == [body]
    assert 0.4 < time.monotonic() - started < 5
    assert not client.link.continues  # never heard: silence stays no proof of a dead link


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hall-central.test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp / "cert.pem", tmp / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_over_tls_as_a_hall_serves_it(central: RunningCentral, tmp_path: Path) -> None:
    """Behind TLS (a hall's reverse proxy terminates it), verified against the CA file the
    session names, as requests verifies: chunks wait for 100 Continue there too, and a
    certificate the terminal does not trust is refused."""
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def pump(a: socket.socket, b: socket.socket) -> None:
        try:
            while piece := a.recv(65536):
                b.sendall(piece)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
            a.close()  # each socket is the source of one pump

    def terminate() -> None:  # TLS in front of central, as nginx would be
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                raw, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                tls = context.wrap_socket(raw, server_side=True)
            except (ssl.SSLError, OSError):
                raw.close()
                continue
            up = socket.create_connection(_upstream(central))
            threading.Thread(target=pump, args=(tls, up), daemon=True).start()
            threading.Thread(target=pump, args=(up, tls), daemon=True).start()

    front = threading.Thread(target=terminate, daemon=True)
    front.start()
    url = f"https://127.0.0.1:{listener.getsockname()[1]}"
    data, sha = _scan(6, 3 * MB)
    secret = central.enrol("K0001")
    try:
        client = _client(url, "K0001", secret)
        client.session.verify = str(cert)
        assert client.put_chunk(sha, len(data), 0, data[: 2 * MB])["received"] == 2 * MB
        assert client.link.continues  # the 100 came through TLS
        assert client.put_chunk(sha, len(data), 0, data[: 2 * MB])["conflict"] is True
        assert client.put_chunk(sha, len(data), 2 * MB, data[2 * MB :])["complete"] is True
        stranger = _client(url, "K0001", secret)  # trusts only the usual CAs
        with pytest.raises(LinkBroken, match="CERTIFICATE_VERIFY_FAILED"):
            stranger.put_chunk(sha, len(data), 0, data[:MB])
    finally:
        stop.set()
        front.join(5)
        listener.close()
    assert central.platform.blob_status("K0001", sha).doc["complete"] is True


def test_a_process_with_more_than_1024_open_files_still_waits_for_100_continue(
    central: RunningCentral,
) -> None:
    """The wait for the platform's 100 used select(), which refuses a descriptor above 1,024:
    "filedescriptor out of range in select()" for every chunk of a gateway or a load test
    with many connections open."""
    data, sha = _scan(7, MB)
    secret = central.enrol("K0001")
    held = [open("/dev/null", "rb") for _ in range(1100)]  # noqa: SIM115 - held on purpose
    try:
        client = _client(central.url, "K0001", secret)
        assert client.put_chunk(sha, len(data), 0, data)["complete"]
    finally:
        for f in held:
            f.close()
