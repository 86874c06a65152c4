"""Test-wide setup: Qt offscreen before Qt loads, unexpected warning logs fail the test."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Master keys of test stores live outside their data directories, in a folder of the run.
os.environ.setdefault("HALL_KEY_DIR", tempfile.mkdtemp(prefix="hall-keys-"))
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(Path(__file__).parent.parent / ".venv"))

import pytest

from tests.helpers.clock import ManualClock

#: the longest tests (minutes and tens of seconds on a 2-core machine), started first: a test
#: process that begins the demo at the end of the run keeps the whole run waiting for it
LONGEST_FIRST = ("test_demo.py", "test_frozen.py", "test_crash.py", "test_atspi.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest first (``LONGEST_FIRST``, then every ``slow`` test), each group in its
    collected order: pytest-xdist hands tests out in that order."""

    def rank(item: pytest.Item) -> int:
        name = Path(str(item.fspath)).name
        if name in LONGEST_FIRST:
            return LONGEST_FIRST.index(name)
        return len(LONGEST_FIRST) + (0 if item.get_closest_marker("slow") else 1)

    items.sort(key=rank)  # stable: the collected order within a rank


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_warning_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test fails when code logs a warning it did not expect (qutebrowser's logfail).

    Tests that provoke warnings on purpose request the ``expected_warnings`` fixture.
    """
    collector = _WarningCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    yield
    root.removeHandler(collector)
    if "expected_warnings" not in request.fixturenames and collector.records:
        messages = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in collector.records)
        pytest.fail(f"unexpected warning logs:\n{messages}")


@pytest.fixture
def expected_warnings() -> None:
    """Request this in a test that logs warnings on purpose."""


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(scope="session")
def demo_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The full demo catalogue (about 52,700 items), built once per test session."""
    from sync.catalogue import CatalogueStore, build_demo_catalogue

    path = tmp_path_factory.mktemp("catalogue") / "catalogue.sqlite"
    with CatalogueStore(path) as store:
        build_demo_catalogue(store)
    return path


# Central's storage: SQLite and its data folder (the default), or PostgreSQL and S3 object
# storage. HALL_TEST_CENTRAL_BACKENDS=sqlite,postgresql (make test) runs central's tests on
# both: each of them twice, [sqlite] and [postgresql] (each its own database and bucket prefix).
CENTRAL_BACKENDS = os.environ.get("HALL_TEST_CENTRAL_BACKENDS", "sqlite").split(",")
#: central's test modules (tests/e2e/ and tests/contract/), run on every backend asked
CENTRAL_MODULES = frozenset(
    {
        "test_central_bodies.py", "test_central_http.py", "test_central_limits.py",
        "test_central_writes.py", "test_sync_central.py", "test_supervision.py",
        "test_payments.py", "test_portal.py", "test_hall_queue.py", "test_licence_library.py",
        "test_console.py", "test_queue_outage.py", "test_calendar_cli.py", "test_sync_cli.py",
        "test_openapi_fuzz.py", "test_replicas.py", "test_enrolment.py",
        "test_central_migrations.py", "test_updates.py",
    }
)  # fmt: skip
#: modules whose tests need PostgreSQL (replicas share one)
POSTGRES_ONLY = frozenset({"test_replicas.py"})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Central's tests on each backend asked; the rest on SQLite alone, ids unchanged."""
    if "central_backend" not in metafunc.fixturenames:
        return
    module = Path(str(metafunc.definition.fspath)).name
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return  # the terminal's side of it: the platform's storage changes nothing
    if module in POSTGRES_ONLY:
        backends = ["postgresql"]
    elif module in CENTRAL_MODULES:
        backends = CENTRAL_BACKENDS
    else:
        return
    metafunc.parametrize("central_backend", backends, indirect=True, scope="function")


@pytest.fixture
def central_backend(request: pytest.FixtureRequest) -> str:
    """Where this test's central keeps its records and scans: sqlite or postgresql."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[object]:
    """A PostgreSQL of this test process (tests.helpers.postgres)."""
    from tests.helpers.postgres import PostgresCluster

    cluster = PostgresCluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """An S3 endpoint of this test process on 127.0.0.1 (moto's server) with the bucket
    ``hall``; its URL."""
    import boto3
    from moto.server import ThreadedMotoServer

    from tests.helpers.postgres import _free_port

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=url, region_name="us-east-1").create_bucket(Bucket="hall")
    yield url
    server.stop()


_databases = iter(range(1, 1 << 30))


@pytest.fixture(autouse=True)
def _central_records(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, central_backend: str
) -> None:
    """On PostgreSQL, every central the test makes keeps its records in the test's own fresh
    database and its scans under the test's own prefix of an S3 bucket (central.storage reads
    HALL_CENTRAL_DATABASE and HALL_CENTRAL_BLOBS)."""
    if central_backend != "postgresql":
        return
    cluster = request.getfixturevalue("postgres_cluster")
    n = next(_databases)
    monkeypatch.setenv("HALL_CENTRAL_DATABASE", cluster.create_database(f"t{n}"))  # type: ignore[attr-defined]
    monkeypatch.setenv("HALL_CENTRAL_S3_ENDPOINT", request.getfixturevalue("s3_endpoint"))
    monkeypatch.setenv("HALL_CENTRAL_BLOBS", f"s3://hall/t{n}")
