"""Fixtures for the end-to-end tests: a platform on 127.0.0.1 and a terminal's store."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sync.store import LocalStore
from tests.helpers.central import RunningCentral, running_central
from tests.helpers.clock import ManualClock
from tests.helpers.keys import keyring, new_store


@pytest.fixture
def central(tmp_path: Path, demo_catalogue: Path) -> Iterator[RunningCentral]:
    with running_central(tmp_path / "central", demo_catalogue) as c:
        yield c


@pytest.fixture
def store(tmp_path: Path, clock: ManualClock) -> Iterator[LocalStore]:
    (tmp_path / "t").mkdir()
    with new_store(tmp_path / "t" / "store.sqlite", clock, keyring(tmp_path / "k" / "m.key")) as s:
        yield s


#: the last day of the generated city (a Friday)
CITY_END = date(2026, 11, 27)


_cities: dict[str, Path] = {}


@pytest.fixture
def city(
    tmp_path_factory: pytest.TempPathFactory,
    demo_catalogue: Path,
    request: pytest.FixtureRequest,
    central_backend: str,
) -> Path:
    """A platform's data with a fortnight of the demo city (central.demo_month), made once
    per test process and backend; tests copy it (:func:`copy_city`) before they change it.
    On PostgreSQL its records are the database ``city``, copied as a template."""
    if central_backend in _cities:
        return _cities[central_backend]
    from central.app import create_app
    from central.demo_month import generate_month

    data = tmp_path_factory.mktemp("city") / "central"
    data.mkdir()
    shutil.copy(demo_catalogue, data / "catalogue.sqlite")
    database, blobs = "", ""
    if central_backend == "postgresql":
        database = request.getfixturevalue("postgres_cluster").create_database("city")
        blobs = os.environ["HALL_CENTRAL_BLOBS"]  # the city has no scans
    platform = create_app(data, database=database, blobs=blobs).state.platform
    generate_month(platform, data / "catalogue.sqlite", end=CITY_END, days=14, scale=0.4)
    platform.db.conn.close()
    _cities[central_backend] = data
    return data


def copy_city(city: Path, data: Path, request: pytest.FixtureRequest) -> None:
    """The generated city copied to ``data`` for a test to change (on the PostgreSQL lane,
    the test's own database made a copy of the city's)."""
    shutil.copytree(city, data)
    if request.getfixturevalue("central_backend") == "postgresql":
        name = os.environ["HALL_CENTRAL_DATABASE"].rsplit("/", 1)[1]
        request.getfixturevalue("postgres_cluster").create_database(name, template="city")
