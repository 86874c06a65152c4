"""Fixtures for the end-to-end tests: a platform on 127.0.0.1 and a terminal's store."""

from __future__ import annotations

from collections.abc import Iterator
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
