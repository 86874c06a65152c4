"""Signed updates on the terminal: take a new version the platform offers, install it at a
quiet moment, keep it only if it reports healthy in time.

Two sides, two users, one folder (``<data>/updates``):

- **The sync service** (the terminal's user, :class:`Updates`): a heartbeat's answer may carry
  an offer — a manifest signed with the platform's key (central.releases). It is checked
  against the key pinned at enrolment (core.signing; no pinned key, no update), the file is
  downloaded in the background (resumable) and checked against the manifest's sha256 and size,
  then *staged* (``staged.json``). The state of each step goes to the platform with the next
  heartbeat (:func:`report`).
- **The installer** (root, :class:`Installer`, ``hall-sync update apply`` run every minute by
  ``hall-update.timer``): it trusts nothing the terminal's user wrote — it copies the staged
  file into the installation, checking the sha256 as it copies, and checks the signature again
  with the pinned key (a file root owns) — unpacks it beside the running version
  (``<root>/versions/<version>``), and at a quiet moment (no citizen at the kiosk, no clerk
  signed in: terminal.presence holds the busy lock while someone is) points
  ``<root>/current`` at it in one atomic rename and restarts the terminal's services. The new
  version then has the manifest's ``health_minutes`` for each of this role's apps to report
  healthy (:func:`mark_healthy`: an app that ran a minute, the sync service after a heartbeat
  the platform took); if one does not, ``current`` goes back to the version before, the
  services restart on it, and the version is never taken again. A version signed with another
  key, or a file that does not match its manifest, is refused and said.

The layout the Debian package installs: ``/opt/hall-terminal/versions/<version>/`` (the
PyInstaller bundle), ``/opt/hall-terminal/current`` → ``versions/<version>``, and the commands
in /usr/bin pointing into ``current``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import signing
from core.delivery import software_version
from core.errors import HallError
from sync.client import BadAnswer

log = logging.getLogger(__name__)

#: the apps that must report healthy after an update, by the terminal's role (the counter is
#: the clerk's own app, started by them: the sync service speaks for a counter's install)
HEALTHY_APPS = {
    "kiosk": ("sync", "kiosk"),
    "display": ("sync", "display"),
    "counter": ("sync",),
    "agent": ("sync",),
}
#: seconds an app runs before it calls itself healthy (a crash loop never gets there)
HEALTHY_AFTER = 60.0
#: the services restarted on a new version (those of them enabled on this terminal)
UNITS = ("hall-kiosk.service", "hall-display.service", "hall-sync.service")
#: downloads of a version whose whole file is not the one signed, before it is left alone
#: (a platform's damaged copy is not fetched again at every heartbeat)
MISMATCH_LIMIT = 3


def folder_of(data_dir: Path) -> Path:
    return data_dir / "updates"


def _write_json(path: Path, doc: dict[str, Any]) -> None:
    """``doc`` replaces ``path`` whole (a crash never leaves half), readable by the terminal's
    user when root writes it (the folder's owner gets it)."""
    partial = path.with_name(path.name + ".new")
    partial.write_text(json.dumps(doc, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    _owned_like(partial, path.parent)
    os.replace(partial, path)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _owned_like(path: Path, folder: Path) -> None:
    """Root making a file or folder in the terminal's data: the data's owner gets it."""
    if os.geteuid() == 0:
        st = folder.stat()
        with contextlib.suppress(OSError):
            os.chown(path, st.st_uid, st.st_gid)


def _folder(data_dir: Path, *parts: str) -> Path:
    path = folder_of(data_dir)
    for name in ("", *parts):
        path = path / name if name else path
        if not path.exists():
            path.mkdir(parents=True, exist_ok=True)
            _owned_like(path, data_dir)
    return path


def mark_healthy(data_dir: Path, app: str, version: str | None = None) -> None:
    """``app`` of this version runs well (the installer keeps a new version once every app of
    the role said so after it was installed)."""
    folder = _folder(data_dir, "health")
    _write_json(
        folder / f"{app}.json",
        {"app": app, "version": version or software_version(), "at": time.time()},
    )


def report(data_dir: Path) -> dict[str, Any] | None:
    """What the heartbeat tells the platform of updates: the latest step of the download
    (the sync service) or of the install (root), whichever came last."""
    folder = folder_of(data_dir)
    steps = [_read_json(folder / "download.json"), _read_json(folder / "install.json")]
    steps = [s for s in steps if s.get("state")]
    if not steps:
        return None
    last = max(steps, key=lambda s: float(s.get("at", 0)))
    return {k: last[k] for k in ("state", "version", "detail", "at") if k in last}


def read_public_key(path: Path | None) -> str | None:
    """The pinned key's text, or None when there is none (a terminal enrolled before keys
    were pinned takes no update until it is enrolled again)."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="ascii").strip()
        signing.parse_public_key(text)
    except (OSError, ValueError):
        return None
    return text


class Updates:
    """The sync service's side: offers checked, files downloaded and staged."""

    def __init__(self, data_dir: Path, public_key_file: Path | None) -> None:
        self.data_dir = data_dir
        self.public_key_file = public_key_file
        self.running = software_version()

    @property
    def folder(self) -> Path:
        return folder_of(self.data_dir)

    def public_key(self) -> str | None:
        """The platform's key this terminal pinned (None: none pinned)."""
        return read_public_key(self.public_key_file)

    def _say(self, state: str, version: str, detail: str = "") -> None:
        doc = {"state": state, "version": version, "detail": detail, "at": time.time()}
        before = _read_json(self.folder / "download.json")
        if {k: before.get(k) for k in ("state", "version", "detail")} == {
            k: doc[k] for k in ("state", "version", "detail")
        }:
            return  # said already (its time stays that of the step)
        _write_json(_folder(self.data_dir) / "download.json", doc)
        level = logging.WARNING if state == "refused" else logging.INFO
        log.log(level, "update %s: %s%s", version, state, f" ({detail})" if detail else "")

    def _verified(self, version: str, manifest: Any, signature: Any) -> signing.Manifest | None:
        """The manifest if the pinned key signed it; None, said, when not."""
        key = self.public_key()
        if key is None:
            self._say("refused", version, "未保存平台公钥：请重新注册本终端 (no key pinned)")
            return None
        try:
            return signing.verify(key, manifest, signature)
        except signing.SignatureRefused as e:
            self._say("refused", version, f"签名校验未通过：{e}")
            return None

    def consider(self, offer: Any, download: Callable[[str, Path, str], bool]) -> str:
        """Takes the platform's ``offer`` (a heartbeat's ``update``): checked, downloaded with
        ``download(version, part, sha256)`` (the client's update_file), staged. Returns what
        came of it (refused, current, staged, gone, …); raises the client's errors (the
        download goes on from where it stopped at the next heartbeat)."""
        if not isinstance(offer, dict):
            return "none"
        manifest, signature = offer.get("manifest"), offer.get("signature")
        version = str(manifest.get("version", "?")) if isinstance(manifest, dict) else "?"
        checked = self._verified(version, manifest, signature)
        if checked is None:
            return "refused"
        if checked.kind != "terminal-update" or checked.doc.get("format") not in ("tar", "deb"):
            self._say("refused", version, "不是可安装的版本 (not an installable version)")
            return "refused"
        if version == self.running:
            return "current"
        installing = _read_json(self.folder / "install.json")
        if version in installing.get("refused", []):
            return "refused before"
        if installing.get("version") == version and installing.get("state") in (
            "installed",
            "healthy",
        ):
            return str(installing["state"])  # the installer has it (the services restart)
        staged = _read_json(self.folder / "staged.json")
        if staged.get("manifest") == checked.doc:
            return "staged"
        folder = _folder(self.data_dir)
        mismatches = _read_json(folder / "mismatches.json")
        if int(mismatches.get(checked.sha256, 0)) >= MISMATCH_LIMIT:
            return "refused before"  # the platform's file is not what it signed: said once
        # the sync service and an app's own background sync may both be told: one downloads
        with _exclusive(folder / "download.lock") as alone:
            if not alone:
                return "downloading"
            name = checked.filename or f"hall-terminal-{version}"
            part = folder / (name + ".part")
            self._say("downloading", version)
            try:
                offered = download(version, part, checked.sha256)
            except BadAnswer:  # whole, and not the signed file: again, up to a limit
                mismatches[checked.sha256] = int(mismatches.get(checked.sha256, 0)) + 1
                _write_json(folder / "mismatches.json", mismatches)
                if mismatches[checked.sha256] < MISMATCH_LIMIT:
                    raise
                self._say(
                    "refused",
                    version,
                    f"平台的文件与签名清单不符，已下载 {MISMATCH_LIMIT} 次 (sha256 differs)",
                )
                return "refused"
            if not offered:
                self._say("withdrawn", version, "平台已撤回此版本")
                part.unlink(missing_ok=True)
                return "gone"
            return self._stage(checked, signature, part)

    def stage_file(self, manifest_file: Path) -> str:
        """A version brought on a USB stick: ``<file>.manifest.json`` (the manifest and its
        signature, as ``hall-central usb`` writes them) beside the file. Checked
        like an offer, copied into the staging folder, staged."""
        doc = _read_json(manifest_file)
        version = str(doc.get("manifest", {}).get("version", "?"))
        checked = self._verified(version, doc.get("manifest"), doc.get("signature"))
        if checked is None:
            return "refused"
        source = manifest_file.with_name(manifest_file.name.removesuffix(".manifest.json"))
        folder = _folder(self.data_dir)
        part = folder / ((checked.filename or f"hall-terminal-{version}") + ".part")
        if _copy_hashed(source, part) != checked.sha256:
            part.unlink(missing_ok=True)
            self._say("refused", version, "文件与平台签名的不符 (sha256 differs)")
            return "refused"
        return self._stage(checked, doc.get("signature"), part)

    def _stage(self, checked: signing.Manifest, signature: Any, part: Path) -> str:
        version = checked.version
        if part.stat().st_size != checked.size:
            part.unlink(missing_ok=True)
            self._say("refused", version, "文件大小与签名清单不符 (size differs from the manifest)")
            return "refused"
        folder = part.parent
        for old in folder.iterdir():  # files of versions staged before
            if old.is_file() and old.name.startswith("hall-terminal-") and old != part:
                old.unlink()
        final = folder / part.name.removesuffix(".part")
        os.replace(part, final)
        _owned_like(final, folder)
        _write_json(
            folder / "staged.json",
            {"manifest": checked.doc, "signature": signature, "file": final.name},
        )
        self._say("staged", version, "已下载并校验，终端空闲时安装")
        return "staged"


def busy_lock(data_dir: Path) -> Path:
    """The file the apps hold a shared lock on while someone is at the terminal
    (terminal.presence); the installer installs only when it can take it alone."""
    return _folder(data_dir, "run") / "busy.lock"


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[bool]:
    """``lock`` taken alone, without waiting (True: nobody else holds it — for the busy lock,
    nobody is at the terminal), held while the block runs."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o664)
    _owned_like(lock, lock.parent)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def restart_units(units: tuple[str, ...] = UNITS) -> None:
    """The terminal's services that are enabled here, restarted (a unit that gave up after
    crashing too often is reset first: a rollback must bring it back)."""
    for unit in units:
        enabled = subprocess.run(
            ["systemctl", "is-enabled", "--quiet", unit], check=False, capture_output=True
        )
        if enabled.returncode == 0:
            subprocess.run(["systemctl", "reset-failed", unit], check=False, capture_output=True)
            subprocess.run(
                ["systemctl", "restart", "--no-block", unit], check=False, capture_output=True
            )


class InstallRefused(HallError):
    """A staged file the installer will not install (said in the state, never retried)."""


@dataclass
class Installer:
    """Root's side: install what was staged at a quiet moment, keep it if healthy, else roll
    back. ``root`` holds ``versions/`` and ``current``; ``restart`` restarts the services."""

    root: Path
    data_dir: Path
    public_key_file: Path | None
    role: str
    clock: Callable[[], float] = time.time
    restart: Callable[[], None] = restart_units

    @property
    def folder(self) -> Path:
        return folder_of(self.data_dir)

    @property
    def current(self) -> Path:
        return self.root / "current"

    def running_version(self) -> str:
        """The version ``current`` points at ('' when it points nowhere)."""
        try:
            return Path(os.readlink(self.current)).name
        except OSError:
            return ""

    def _state(self) -> dict[str, Any]:
        return _read_json(self.folder / "install.json")

    def _say(self, state: str, version: str, detail: str = "", **more: Any) -> None:
        doc = {**self._state(), **more}
        doc.update(state=state, version=version, detail=detail, at=self.clock())
        _write_json(_folder(self.data_dir) / "install.json", doc)
        level = logging.WARNING if state in ("refused", "rolled_back") else logging.INFO
        log.log(level, "update %s: %s%s", version, state, f" ({detail})" if detail else "")

    def step(self) -> str:
        """One look (the timer runs it every minute): a pending version judged healthy or
        rolled back, else a staged one installed when the terminal is quiet. Returns what it
        did or waits for."""
        state = self._state()
        if state.get("state") == "installed":
            return self._judge(state)
        staged = _read_json(self.folder / "staged.json")
        if not staged:
            return "nothing staged"
        version = str(staged.get("manifest", {}).get("version", "?"))
        if version == self.running_version():
            (self.folder / "staged.json").unlink(missing_ok=True)
            return "current"
        if version in state.get("refused", []):
            return "refused before"
        try:
            target = self._unpack(staged)
        except InstallRefused as e:
            self._refuse(version, e.detail)
            return "refused"
        with _exclusive(busy_lock(self.data_dir)) as quiet:
            if not quiet:
                if state.get("state") != "waiting" or state.get("version") != version:
                    self._say("waiting", version, "有人正在使用终端，空闲时安装")
                return "waiting"
            previous = self.running_version()
            self._point_current_at(target)
            now = self.clock()
            minutes = int(staged["manifest"].get("health_minutes", 10))
            self._say(
                "installed",
                version,
                f"等待 {', '.join(self._apps())} 在 {minutes} 分钟内报告运行正常",
                previous=previous,
                installed_at=now,
                deadline=now + minutes * 60,
            )
            (self.folder / "staged.json").unlink(missing_ok=True)
            self.restart()
        return "installed"

    def _apps(self) -> tuple[str, ...]:
        return HEALTHY_APPS.get(self.role, ("sync",))

    def _judge(self, state: dict[str, Any]) -> str:
        version = str(state["version"])
        since = float(state.get("installed_at", 0))
        healthy = []
        for app in self._apps():
            mark = _read_json(self.folder / "health" / f"{app}.json")
            if mark.get("version") == version and float(mark.get("at", 0)) >= since:
                healthy.append(app)
        if len(healthy) == len(self._apps()):
            self._say("healthy", version, f"运行正常：{', '.join(healthy)}", deadline=None)
            self._prune()
            return "healthy"
        if self.clock() < float(state.get("deadline", 0)):
            return "waiting for health"
        missing = [a for a in self._apps() if a not in healthy]
        previous = str(state.get("previous", ""))
        if previous and (self.root / "versions" / previous).is_dir():
            self._point_current_at(self.root / "versions" / previous)
            self.restart()
            detail = f"{', '.join(missing)} 未按时报告运行正常，已回退到 {previous}"
        else:
            detail = f"{', '.join(missing)} 未按时报告运行正常，且无可回退的版本"
        refused = sorted({*state.get("refused", []), version})
        self._say("rolled_back", version, detail, refused=refused, deadline=None)
        if previous:
            shutil.rmtree(self.root / "versions" / version, ignore_errors=True)
        return "rolled_back"

    def _refuse(self, version: str, detail: str) -> None:
        refused = sorted({*self._state().get("refused", []), version})
        self._say("refused", version, detail, refused=refused)
        (self.folder / "staged.json").unlink(missing_ok=True)

    def _point_current_at(self, target: Path) -> None:
        """``current`` → ``target`` in one rename (a reader sees the old or the new)."""
        link = self.root / ".current.new"
        link.unlink(missing_ok=True)
        link.symlink_to(target.relative_to(self.root))
        os.replace(link, self.current)

    def _prune(self) -> None:
        """Versions other than the current one and the one before it go."""
        versions = self.root / "versions"
        keep = {self.running_version(), str(self._state().get("previous", ""))}
        for path in versions.iterdir():
            if path.name not in keep and not path.name.startswith("."):
                shutil.rmtree(path, ignore_errors=True)

    def _unpack(self, staged: dict[str, Any]) -> Path:
        """The staged file copied where only root writes (hashed as it is copied), its
        manifest checked against the pinned key, and unpacked beside the running version."""
        key = read_public_key(self.public_key_file)
        if key is None:
            raise InstallRefused("未保存平台公钥 (no platform key pinned)")
        try:
            manifest = signing.verify(key, staged.get("manifest"), staged.get("signature"))
        except signing.SignatureRefused as e:
            raise InstallRefused(f"签名校验未通过：{e}") from None
        target = self.root / "versions" / manifest.version
        if (target / "hall-sync").is_file():
            return target  # unpacked by an earlier look that found the terminal busy
        source = self.folder / Path(str(staged.get("file", ""))).name
        incoming = self.root / "versions" / f".incoming-{manifest.version}"
        shutil.rmtree(incoming, ignore_errors=True)
        incoming.mkdir(parents=True, mode=0o755)
        copy = incoming / "file"
        try:
            sha = _copy_hashed(source, copy)
        except OSError as e:
            shutil.rmtree(incoming, ignore_errors=True)
            raise InstallRefused(f"待安装文件无法读取：{e.strerror}") from None
        if sha != manifest.sha256 or copy.stat().st_size != manifest.size:
            shutil.rmtree(incoming, ignore_errors=True)
            raise InstallRefused("待安装文件与平台签名的不符 (sha256 differs)")
        tree = incoming / "tree"
        try:
            _extract(copy, tree, str(manifest.doc.get("format")))
            bundle = _bundle_in(tree)
        except (OSError, tarfile.TarError, subprocess.SubprocessError, ValueError) as e:
            shutil.rmtree(incoming, ignore_errors=True)
            raise InstallRefused(f"文件不是可安装的程序包：{e}") from None
        inside = bundle_version(bundle)
        if inside != manifest.version:  # its apps would never report this version healthy
            shutil.rmtree(incoming, ignore_errors=True)
            raise InstallRefused(f"程序包的版本是 {inside or '?'}，不是 {manifest.version}")
        shutil.rmtree(target, ignore_errors=True)
        os.rename(bundle, target)
        shutil.rmtree(incoming, ignore_errors=True)
        return target


def _copy_hashed(source: Path, dest: Path) -> str:
    """``source`` copied to ``dest``, hashed as it is read (what is checked is what was
    copied); its sha256."""
    digest = hashlib.sha256()
    with open(source, "rb") as src, open(dest, "wb") as out:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def _extract(file: Path, into: Path, fmt: str) -> None:
    """A bundle's tar (gz, xz, plain) or the bundle inside a .deb (its
    opt/hall-terminal/versions/ alone) into ``into``; tar's data filter refuses what would land
    outside it, device files and set-id bits."""
    into.mkdir()
    if fmt == "deb":

        def bundle_only(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
            if not member.name.lstrip("./").startswith("opt/hall-terminal/versions/"):
                return None  # /usr/bin's links, the units, the docs: the package's, not ours
            return tarfile.data_filter(member, dest)

        with tempfile.TemporaryFile() as tar:
            subprocess.run(["dpkg-deb", "--fsys-tarfile", str(file)], stdout=tar, check=True)
            tar.seek(0)
            with tarfile.open(fileobj=tar, mode="r:") as archive:
                archive.extractall(into, filter=bundle_only)
        return
    with tarfile.open(file, mode="r:*") as archive:
        archive.extractall(into, filter="data")


def _bundle_in(tree: Path) -> Path:
    """The folder of an unpacked file that holds the bundle: where ``hall-sync`` is."""
    found = sorted(
        (p for p in tree.rglob("hall-sync") if p.is_file() and os.access(p, os.X_OK)),
        key=lambda p: len(p.parts),
    )
    if not found:
        raise ValueError("no hall-sync command in it")
    bundle = found[0].parent
    for command in ("hall-kiosk", "hall-counter"):
        if not (bundle / command).is_file():
            raise ValueError(f"no {command} beside hall-sync")
    return bundle


def bundle_version(bundle: Path) -> str:
    """The version a bundle's apps will report (its package's metadata), '' if none."""
    for info in bundle.glob("*/hall_terminal-*.dist-info"):
        return info.name.removeprefix("hall_terminal-").removesuffix(".dist-info")
    return ""
