"""A station offline for days (代办站): what waits and the storage it takes, and USB bundles —
everything waiting exported to a removable drive, and a carried bundle imported at a hall
terminal that reaches the platform. The apps call these on their store thread.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.delivery import OutboxState
from core.errors import StorageError, ValidationError
from core.messages import tr
from sync.bundle import write_bundle
from sync.outbox import Outbox
from terminal.operations import Operations

__all__ = ["BundleDesk", "Exported", "StationStatus", "storage_warning"]

#: The share of the station's disk in use from which the agent is warned (issue: 80 %).
WARN_AT = 0.80

Progress = Callable[[int, int], None]  # (done, total)
DiskUsage = Callable[[Path], Any]  # shutil.disk_usage's shape: .total, .used, .free


def storage_warning(total: int, free: int) -> bool:
    """True when the disk is at least WARN_AT full."""
    return total > 0 and (total - free) / total >= WARN_AT


@dataclass(frozen=True)
class StationStatus:
    waiting: int  # applications and evaluations not delivered (held included)
    held: int
    oldest_waiting: str  # ISO time of the oldest, "" when nothing waits
    waiting_bytes: int  # what a bundle of them would hold, about
    disk_total: int
    disk_free: int
    purged: int = 0  # applications whose personal data and scans were removed on schedule
    last_purge: str = ""  # ISO time of the last one

    @property
    def disk_used(self) -> float:
        return (self.disk_total - self.disk_free) / self.disk_total if self.disk_total else 0.0

    @property
    def warn(self) -> bool:
        return storage_warning(self.disk_total, self.disk_free)


@dataclass(frozen=True)
class Exported:
    path: Path
    applications: int
    evaluations: int
    size: int


@dataclass(frozen=True)
class Imported:
    """What the platform made of a carried bundle."""

    applications_new: int
    applications_known: int
    evaluations_new: int
    evaluations_known: int
    refused: tuple[str, ...]


class BundleDesk:
    """``secret``: reads the terminal's platform secret (the bundle is sealed with a key
    derived from it: only the platform can open it). ``uploader``: builds a client with long
    time-outs that posts a carried bundle (a hall terminal that reaches the platform)."""

    def __init__(
        self,
        terminal_id: str,
        data_dir: Path,
        secret: Callable[[], str] | None,
        uploader: Callable[[], Any] | None = None,
        disk_usage: DiskUsage = shutil.disk_usage,
    ) -> None:
        self.terminal_id = terminal_id
        self.data_dir = data_dir
        self._secret = secret
        self._uploader = uploader
        self._disk_usage = disk_usage

    def status(self, ops: Operations) -> StationStatus:
        box = Outbox(ops.store)
        queue = box.status()
        undelivered = [i for i in box.items() if i.state is not OutboxState.DELIVERED]
        usage = self._disk_usage(self.data_dir)
        purged, last_purge = ops.store.conn.execute(
            "SELECT count(*), coalesce(max(at), '') FROM audit WHERE event = 'purged'"
        ).fetchone()
        return StationStatus(
            waiting=queue.depth,
            held=queue.held,
            oldest_waiting=queue.oldest_waiting,
            waiting_bytes=sum(i.size for i in undelivered),
            disk_total=int(usage.total),
            disk_free=int(usage.free),
            purged=int(purged),
            last_purge=str(last_purge),
        )

    def export(self, ops: Operations, dest_dir: Path, progress: Progress | None = None) -> Exported:
        """Everything waiting, sealed into one bundle on ``dest_dir`` (a USB drive).

        Raises:
            ValidationError: nothing waits, the station is not enrolled, or the drive is too
                small or not writable (said in the agent's words).
        """
        if self._secret is None:
            raise ValidationError(
                "no platform secret",
                user_message=tr("本机尚未在平台登记（没有终端密钥），无法导出数据包。"),
            )
        status = self.status(ops)
        if status.waiting == 0:
            raise ValidationError("nothing waits", user_message=tr("没有待上报的办件，无需导出。"))
        try:
            dest_dir.mkdir(parents=True, exist_ok=True)  # a folder on the drive, if chosen so
            free = int(self._disk_usage(dest_dir).free)
        except OSError as e:
            raise ValidationError(
                f"{dest_dir}: {e}", user_message=f"无法访问 {dest_dir}，请检查U盘是否插好。"
            ) from None
        need = status.waiting_bytes + status.waiting_bytes // 50 + (1 << 20)  # tar and seals
        if free < need:
            raise ValidationError(
                f"{dest_dir}: {free} bytes free, {need} needed",
                user_message=f"U盘空间不足：需要约 {_mb(need)}，剩余 {_mb(free)}。",
            )
        try:
            path, header = write_bundle(
                ops.store,
                self.terminal_id,
                self._secret(),
                dest_dir,
                now=ops.clock.now(),
                on_progress=progress,
            )
        except OSError as e:
            raise StorageError(
                f"bundle to {dest_dir}: {e}",
                user_message=f"写入U盘失败（{e.strerror or e}），已写的部分不会被当作完整数据包。",
            ) from None
        ops.store.audit(
            "bundle_exported", header["bundle_id"], f"{header['applications']} applications"
        )
        return Exported(
            path, int(header["applications"]), int(header["evaluations"]), path.stat().st_size
        )

    def carry_in(self, path: Path) -> Imported:
        """A bundle carried from a station, posted to the platform from this terminal."""
        if self._uploader is None:
            raise ValidationError(
                "not enrolled", user_message=tr("本机未连接平台（没有终端密钥），无法导入数据包。")
            )
        try:
            with open(path, "rb"):
                pass  # readable (it is streamed from disk to the platform, never held whole)
        except OSError as e:
            raise ValidationError(
                f"{path}: {e}", user_message=f"无法读取数据包 {path.name}。"
            ) from None
        client = self._uploader()
        try:
            doc = client.post_bundle(path)
        finally:
            client.close()
        return Imported(
            int(doc.get("applications_new", 0)),
            int(doc.get("applications_known", 0)),
            int(doc.get("evaluations_new", 0)),
            int(doc.get("evaluations_known", 0)),
            tuple(str(r.get("key", "")) for r in doc.get("refused", [])),
        )


def export_progress_text(done: int, total: int, elapsed: float) -> str:
    """导出进度 as the agent reads it: how far, and — once a second and a few per cent tell
    the pace — about how long is left."""
    share = done / total if total > 0 else 1.0
    text = f"正在导出… {share:.0%}"
    if elapsed < 1.0 or share < 0.02 or share >= 1.0:
        return text
    left = elapsed * (1 - share) / share
    if left < 60:
        return f"{text}，约剩 {max(1, round(left))} 秒"
    return f"{text}，约剩 {round(left / 60)} 分钟"


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.0f} MB" if n < (1 << 30) else f"{n / (1 << 30):.1f} GB"


def removable_drives() -> list[Path]:
    """Mounted removable drives where a desktop mounts them (/media/$USER, /run/media/$USER)."""
    import getpass

    user = getpass.getuser()
    found: list[Path] = []
    for root in (Path("/media") / user, Path("/run/media") / user, Path("/media")):
        try:
            found += [p for p in sorted(root.iterdir()) if p.is_dir() and p.name != user]
        except OSError:
            continue
    return found
