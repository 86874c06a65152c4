"""The sync worker as the apps run it: in the background, on a thread of their choosing."""

from __future__ import annotations

from collections.abc import Callable

from core.clock import Clock, SystemClock
from core.delivery import SyncResult
from core.settings import Role, Settings
from sync.paths import DataPaths

#: How often the background job applies the retention rule (privacy: purge on schedule).
PURGE_EVERY_SECONDS = 3600.0


def make_sync_job(
    settings: Settings,
    paths: DataPaths,
    device_health: Callable[[], dict[str, str]] | None = None,
    clock: Clock | None = None,
) -> Callable[[Callable[[str, int, int], None]], object]:
    """The apps' background sync: builds its store connection and client on first use (on the
    thread that runs it) and returns a :class:`SyncResult` per run."""
    from sync.client import PlatformClient, client_for
    from sync.outbox import Outbox
    from sync.store import LocalStore
    from sync.worker import SyncWorker, next_wait

    clock = clock or SystemClock()  # the terminal's (Terminal.sync_job passes it)
    workers: list[SyncWorker] = []
    last_purge = [float("-inf")]

    def client() -> PlatformClient:
        return client_for(settings.platform, settings.terminal.id, paths.read_secret())

    def open_lane() -> tuple[LocalStore, PlatformClient]:
        return paths.open_store(clock), client()

    def job(progress: Callable[[str, int, int], None]) -> object:
        if not workers:
            workers.append(
                SyncWorker(
                    paths.open_store(clock),
                    client(),
                    on_progress=progress,
                    catalogue_path=paths.catalogue,  # made and filled from the platform if missing
                    device_health=device_health,
                    lanes=settings.platform.parallel_uploads,
                    open_lane=open_lane,
                    signs_staff_in=settings.terminal.role in (Role.COUNTER, Role.AGENT),
                    public_key_file=paths.public_key_file,
                )
            )
        worker = workers[0]
        report = worker.run_once()
        purged = 0
        now = worker.store.clock.monotonic()
        if now - last_purge[0] >= PURGE_EVERY_SECONDS:  # confirmed long enough ago: removed
            purged = len(worker.store.purge_due(settings.storage.retention_days))
            last_purge[0] = now
        box = Outbox(worker.store)
        return SyncResult(
            report,
            box.status(),
            purged,
            next_wait(report, worker.interval(settings.platform.sync_interval)),
        )

    return job
