"""The platform without HTTP, made of its parts: terminals and staff (central/terminals.py),
intake (central/intake.py), progress and look-up (central/progress.py) and the catalogue's
change feed (central/catalogue_feed.py). central/app.py maps it onto routes."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from central.base import Answer, PlatformError
from central.calendar import Calendars
from central.cases import Cases
from central.catalogue_feed import CatalogueFeed
from central.enrolment import Enrolment
from central.hall_desk import HallDesk
from central.hall_queue import HallQueue
from central.intake import Intake
from central.licences import Licences
from central.payments import Payments
from central.portal import Portal
from central.progress import PLATFORM_STATES
from central.releases import Releases
from central.replay import ReplayGuard
from central.statistics import Statistics
from central.storage import open_records
from central.storage.blobs import open_blobs
from central.storage.postgres import PostgresRecords
from central.supervision import Supervision
from central.terminals import Terminals
from core.catalogue.models import ServiceItem

__all__ = ["PLATFORM_STATES", "Answer", "Platform", "PlatformError"]


class Platform(
    Terminals,
    Enrolment,
    Intake,
    HallDesk,
    HallQueue,
    Licences,
    Calendars,
    Supervision,
    Cases,
    Payments,
    Portal,
    Statistics,
    CatalogueFeed,
    Releases,
):
    def __init__(
        self,
        data_dir: Path,
        *,
        clock: Any = time.time,
        quota_bytes: int = 200 << 30,
        database: str | None = None,
        blobs: str | None = None,
    ) -> None:
        """``database``: the records' PostgreSQL URL ("" for SQLite in ``data_dir``);
        ``blobs``: the scans' bucket (``s3://bucket/prefix``; "" for the data folder); None:
        the environment's settings (central.storage)."""
        #: what one terminal may store on the platform (scans, whole and partial)
        self.quota_bytes = quota_bytes
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.db = open_records(data_dir, database)
        self.blobs = open_blobs(data_dir, blobs)
        self.clock = clock
        #: nonces of the skew window, in memory: no durable write to authenticate a request
        self.replays = ReplayGuard(clock())
        if isinstance(self.db, PostgresRecords):  # replicas: a replay to another is refused
            db = self.db
            self.replays = ReplayGuard(
                clock(), shared=db.first_nonce, shared_since=lambda: db.server_started
            )
        #: manifests signed lately (central.releases): the same one is signed once
        self._signed: dict[bytes, str] = {}
        self._key: bytes | None = None
        #: terminal secrets read lately: terminal id → (secret, when read)
        self._secrets: dict[str, tuple[str, float]] = {}
        #: 一事一码: an item's implementation code names the body that implements it; the
        #: router finds that body (region code, level, department) in the catalogue.
        self.router: Callable[[str], tuple[str, str, str] | None] = lambda impl: None
        #: an item of the catalogue (central.app sets the catalogue's; none without one)
        self.catalogue_item: Callable[[str], ServiceItem | None] = lambda impl: None
        self.catalogue_counts: Callable[[], tuple[int, int]] = lambda: (0, 0)

    def readiness_problems(self) -> list[str]:
        """What keeps this process from taking requests (empty: ready): its records must
        answer and its scans' storage take a write."""
        problems = []
        try:
            self.db.conn.execute("SELECT 1").fetchone()
        except Exception as e:  # any driver's failure: not ready, said why
            problems.append(f"records: {type(e).__name__}")
        return problems + self.blobs.problems()

    def counts(self) -> dict[str, int]:
        c = self.db.conn
        return {
            "applications": c.execute("SELECT count(*) FROM applications").fetchone()[0],
            "evaluations": c.execute("SELECT count(*) FROM evaluations").fetchone()[0],
            "blobs": c.execute("SELECT count(*) FROM blobs WHERE complete = 1").fetchone()[0],
        }
