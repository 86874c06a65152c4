"""Signed updates end to end: the platform adds and signs a release and offers it; an enrolled
terminal (its key pinned by `hall-sync enrol`) takes it with a heartbeat, downloads and checks
it; the installer (`hall-sync update apply`, root's timer) installs it at a quiet moment and
keeps it when this role's apps report healthy, or rolls back; every step in the heartbeats and
on the fleet page. Refused: another key's signature, a file changed after signing, a bundle
whose entries would land outside its folder."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from core import signing
from core.clock import SystemClock
from core.settings import load_settings
from sync.client import BadAnswer, Credentials, PlatformClient
from sync.paths import DataPaths
from sync.updates import Installer, mark_healthy, report
from sync.worker import SyncWorker
from terminal.presence import Presence
from tests.e2e.test_console import Browser, sign_in
from tests.helpers.central import RunningCentral

SYNC = [sys.executable, "-m", "sync"]
CENTRAL = [sys.executable, "-m", "central"]


def _bundle(folder: Path, version: str, *, evil: bool = False) -> Path:
    """A bundle as `make bundle` lays it out (the commands, the package's metadata), tarred."""
    out = folder / f"hall-terminal-{version}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:

        def add(name: str, data: bytes, mode: int = 0o644) -> None:
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), mode
            tar.addfile(info, io.BytesIO(data))

        for command in ("hall-sync", "hall-kiosk", "hall-counter", "hall-display"):
            add(f"hall-terminal/{command}", f"#!/bin/sh\necho {version}\n".encode(), 0o755)
        add(f"hall-terminal/_internal/hall_terminal-{version}.dist-info/METADATA", b"x")
        if evil:
            add("../../escaped", b"outside the bundle")
    return out


def _central(central: RunningCentral, *args: str) -> str:
    done = subprocess.run(
        [*CENTRAL, *args, "--data-dir", str(central.data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _offer(central: RunningCentral, file: Path, version: str) -> None:
    """``file`` added as release ``version`` and offered to every terminal, as an operator
    does it (hall-central release add, offer)."""
    _central(central, "release", "add", str(file), "--version", version)
    _central(central, "release", "offer", version)


@contextmanager
def _kiosk(
    central: RunningCentral, tmp_path: Path, *, catalogue: bool = False
) -> Iterator[tuple[Path, SyncWorker]]:
    """A kiosk enrolled by code (its key pinned) and its sync, as hall-sync runs it."""
    out = _central(
        central, "terminal", "code", "K0100", "--role", "kiosk", "--region", "369901001000"
    )
    code = re.search(r"\b([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\b", out)
    assert code
    config = tmp_path / "etc" / "hall.toml"
    enrol = ["enrol", "--central", central.url, "--code", code.group(1)]
    done = subprocess.run(
        [*SYNC, *enrol, "--config", str(config), "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    settings = load_settings(config)
    paths = DataPaths.from_settings(settings)
    client = PlatformClient(central.url, Credentials("K0100", paths.read_secret()))
    with paths.open_store(SystemClock()) as store:
        yield (
            config,
            SyncWorker(
                store,
                client,
                signs_staff_in=False,
                public_key_file=paths.public_key_file,
                catalogue_path=paths.catalogue if catalogue else None,
            ),
        )
    client.close()


def _installed(tmp_path: Path, version: str = "0.1.0") -> Path:
    """/opt/hall-terminal as the package installs it: versions/<v> and current → it."""
    root = tmp_path / "opt"
    (root / "versions").mkdir(parents=True)
    with tarfile.open(_bundle(tmp_path, version)) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (tmp_path / "unpacked" / "hall-terminal").rename(root / "versions" / version)
    (root / "current").symlink_to(f"versions/{version}")
    return root


def _installer(
    tmp_path: Path, worker: SyncWorker, clock: Callable[[], float] = time.time
) -> tuple[Installer, Path, list[int]]:
    """The kiosk's installer as its timer runs it, over /opt/hall-terminal as the package
    left it (``_installed``) and the key the terminal pinned; the services' restarts
    counted. Returns (installer, root, restarts)."""
    root, restarts = _installed(tmp_path), []
    installer = Installer(
        root,
        worker.updates.data_dir,
        worker.updates.public_key_file,
        "kiosk",
        clock=clock,
        restart=lambda: restarts.append(1),
    )
    return installer, root, restarts


def _fleet_update(central: RunningCentral) -> dict[str, str]:
    rows = central.platform.fleet().doc["terminals"]
    return next(t for t in rows if t["id"] == "K0100")["heartbeat"]["update"]


def _fleet_page(central: RunningCentral) -> str:
    """The console's fleet page as the city's inspector reads it."""
    central.platform.add_staff("I001", "李监察", "inspector", "Correct-Horse-Battery-77")
    browser = Browser(central.url)
    sign_in(browser, "I001", "Correct-Horse-Battery-77")
    return browser.get("/console/fleet").text


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_a_signed_update_is_taken_installed_at_a_quiet_moment_and_kept_when_healthy(
    central: RunningCentral, tmp_path: Path
) -> None:
    release = _bundle(tmp_path, "0.2.0")
    _central(central, "release", "add", str(release), "--version", "0.2.0")
    with _kiosk(central, tmp_path) as (config, worker):
        pinned = load_settings(config).platform.public_key_file
        assert Path(pinned).read_text().strip() == central.platform.public_key()
        worker.run_once()
        assert report(worker.updates.data_dir) is None  # not offered yet: nothing taken
        _central(central, "release", "offer", "0.2.0", "--role", "kiosk")
        central.platform._offers_read = None  # the CLI changed the records; not this process
        worker.run_once()
        data = worker.updates.data_dir
        staged = json.loads((data / "updates" / "staged.json").read_text())
        assert staged["manifest"]["version"] == "0.2.0"
        assert (data / "updates" / staged["file"]).read_bytes() == release.read_bytes()
        assert report(data)["state"] == "staged"  # type: ignore[index]
        worker.run_once()  # the heartbeat tells the platform
        assert _fleet_update(central)["state"] == "staged"

        clock = Clock()
        installer, root, restarts = _installer(tmp_path, worker, clock)
        # a citizen at the kiosk (the kiosk holds the busy lock): nothing moves under them
        citizen = Presence(data)
        citizen.set(True)
        assert installer.step() == "waiting"
        assert os.readlink(root / "current") == "versions/0.1.0"
        assert (root / "versions" / "0.2.0" / "hall-kiosk").is_file()  # unpacked meanwhile
        citizen.set(False)
        assert installer.step() == "installed"
        assert os.readlink(root / "current") == "versions/0.2.0"
        assert restarts == [1]
        clock.now += 120
        assert installer.step() == "waiting for health"
        mark_healthy(data, "sync", "0.1.0")  # the old version's word counts for nothing
        mark_healthy(data, "kiosk", "0.2.0")
        assert installer.step() == "waiting for health"
        mark_healthy(data, "sync", "0.2.0")
        assert installer.step() == "healthy"
        assert sorted(p.name for p in (root / "versions").iterdir()) == ["0.1.0", "0.2.0"]
        worker.run_once()
        assert _fleet_update(central)["state"] == "healthy"
    page = central.platform.fleet().doc["terminals"][0]["heartbeat"]["update"]
    assert page["version"] == "0.2.0"


@pytest.mark.sqlite_only  # the terminal's side: central's storage changes nothing
def test_a_version_not_healthy_in_time_is_rolled_back_and_not_taken_again(
    central: RunningCentral, tmp_path: Path, expected_warnings: None
) -> None:
    _offer(central, _bundle(tmp_path, "0.3.0"), "0.3.0")
    with _kiosk(central, tmp_path) as (_config, worker):
        worker.run_once()
        data = worker.updates.data_dir
        clock = Clock()
        installer, root, restarts = _installer(tmp_path, worker, clock)
        assert installer.step() == "installed"
        mark_healthy(data, "sync", "0.3.0")  # the kiosk itself never comes up
        clock.now += 9 * 60
        assert installer.step() == "waiting for health"
        clock.now += 2 * 60  # past the ten minutes
        assert installer.step() == "rolled_back"
        assert os.readlink(root / "current") == "versions/0.1.0"
        assert restarts == [1, 1]  # on the new version, then back on the old
        assert not (root / "versions" / "0.3.0").exists()
        said = report(data)
        assert said is not None
        assert said["state"] == "rolled_back"
        assert "kiosk" in said["detail"]
        worker.run_once()  # offered still: not downloaded again, the platform told
        assert not (data / "updates" / "staged.json").exists()
        assert _fleet_update(central)["state"] == "rolled_back"
        assert "0.3.0 已回滚" in _fleet_page(central)
        assert installer.step() == "nothing staged"


@pytest.mark.sqlite_only  # the terminal's side: central's storage changes nothing
def test_an_update_signed_with_another_key_or_changed_is_refused(
    central: RunningCentral, tmp_path: Path, expected_warnings: None
) -> None:
    with _kiosk(central, tmp_path) as (config, worker):
        # the platform's key replaced (an impostor, or a key lost and made again): what it
        # signs now is not what the terminal pinned
        central.platform.signing_key_file().unlink()
        _offer(central, _bundle(tmp_path, "0.4.0"), "0.4.0")
        central.platform._offers_read = None
        worker.run_once()
        said = report(worker.updates.data_dir)
        assert said is not None
        assert said["state"] == "refused"
        assert "not the platform's" in said["detail"]
        assert not (worker.updates.data_dir / "updates" / "staged.json").exists()
        assert not list((worker.updates.data_dir / "updates").glob("hall-terminal-*"))
        worker.run_once()
        assert _fleet_update(central)["state"] == "refused"
        assert "0.4.0 已拒绝" in _fleet_page(central)
        # a manifest changed after it was signed (a bigger file slipped in)
        pinned = load_settings(config).platform.public_key_file
        key = Path(pinned).read_text().strip()
        offer = central.platform.update_offer("K0100")
        assert offer is not None
        with pytest.raises(signing.SignatureRefused):
            signing.verify(key, {**offer["manifest"], "size": 1}, offer["signature"])


@pytest.mark.sqlite_only  # the terminal's side: central's storage changes nothing
def test_the_installer_checks_again_and_refuses_a_bundle_that_escapes_its_folder(
    central: RunningCentral, tmp_path: Path, expected_warnings: None
) -> None:
    _offer(central, _bundle(tmp_path, "0.5.0"), "0.5.0")
    with _kiosk(central, tmp_path) as (_config, worker):
        worker.run_once()
        data = worker.updates.data_dir
        installer, root, _ = _installer(tmp_path, worker)
        staged = json.loads((data / "updates" / "staged.json").read_text())
        # the terminal's user changed the staged file after it was checked: the installer
        # hashes what it copies
        (tmp_path / "other").mkdir()
        (data / "updates" / staged["file"]).write_bytes(
            _bundle(tmp_path / "other", "0.5.0", evil=True).read_bytes()
        )
        assert installer.step() == "refused"
        assert "sha256 differs" in str(report(data))
        # a signed bundle with an entry outside its folder: refused, nothing written
        evil = _bundle(tmp_path / "other", "0.5.1", evil=True)
        _offer(central, evil, "0.5.1")
        central.platform._offers_read = None
        worker.run_once()
        assert (
            json.loads((data / "updates" / "staged.json").read_text())["manifest"]["version"]
            == "0.5.1"
        )
        assert installer.step() == "refused"
        assert "不是可安装的程序包" in str(report(data))
        assert not list(tmp_path.rglob("escaped"))
        assert os.readlink(root / "current") == "versions/0.1.0"
        assert [p.name for p in (root / "versions").iterdir()] == ["0.1.0"]


def test_a_usb_stick_brings_a_version_the_catalogue_and_settings_each_checked(
    central: RunningCentral, tmp_path: Path, expected_warnings: None
) -> None:
    release = _bundle(tmp_path, "0.6.0")
    _central(central, "release", "add", str(release), "--version", "0.6.0")
    central.platform.set_config("K0100", {"sync_interval": 120})
    central.platform.set_config("K0200", {"sync_interval": 60})
    usb = tmp_path / "usb"
    _central(central, "usb", "--to", str(usb), "--release", "0.6.0", "--catalogue",
             "--settings", "K0100", "--settings", "K0200")  # fmt: skip
    signed = sorted(usb.glob("*.manifest.json"))
    assert len(signed) == 4

    def load(*files: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*SYNC, "usb", *map(str, files), "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=120,
        )

    with _kiosk(central, tmp_path) as (config, worker):
        done = load(*sorted(usb.iterdir()))  # the payloads too, as a shell's * gives them
        lines = done.stdout.splitlines()
        assert done.returncode == 1, done.stdout + done.stderr  # one was not for this terminal
        assert any("terminal-update 0.6.0 taken" in line for line in lines), lines
        assert any("catalogue" in line and " taken — 52" in line for line in lines), lines
        assert any("settings 1 taken" in line for line in lines), lines
        assert any("settings-K0200" in line and "不是本终端 K0100 的" in line for line in lines)
        data = worker.updates.data_dir
        assert (
            json.loads((data / "updates" / "staged.json").read_text())["manifest"]["version"]
            == "0.6.0"
        )
        assert worker.config() == {"sync_interval": 120}
        assert worker.interval(30.0) == 120
        catalogue = load_settings(config).storage.data_dir / "catalogue.sqlite"
        from sync.catalogue import CatalogueStore

        with CatalogueStore(catalogue) as store:
            assert store.count() > 50_000
        again = load(*signed)  # the same stick again: nothing older or equal is taken
        assert "本机目录已是此版本或更新" in again.stdout
        assert "本机设置已是此版本或更新" in again.stdout
        # a stick whose file was changed after it was signed: refused, nothing changed
        settings_file = next(usb.glob("settings-K0100-*.json"))
        settings_file.write_text('{"version": 9, "config": {"sync_interval": 5}}')
        changed = load(settings_file.with_name(settings_file.name + ".manifest.json"))
        assert changed.returncode == 1
        assert "sha256 differs" in changed.stdout
        assert worker.config() == {"sync_interval": 120}

        # over the network, cut after 40 %: the rest is asked for with If-Range
        _central(central, "release", "offer", "0.6.0")
        central.platform._offers_read = None
        part = tmp_path / "part"
        whole = release.read_bytes()
        offer = central.platform.update_offer("K0100")
        assert offer is not None
        digest = offer["manifest"]["sha256"]
        assert worker.client.update_file("0.6.0", part, digest)
        part.write_bytes(whole[: len(whole) * 2 // 5])
        assert worker.client.update_file("0.6.0", part, digest)
        assert part.read_bytes() == whole
        # a kept part that is not the file's beginning: only the rest came (a range), so the
        # sha256 catches it; the next try starts over and gets it whole
        part.write_bytes(b"\0" * (len(whole) // 2))
        with pytest.raises(BadAnswer, match="sha256"):
            worker.client.update_file("0.6.0", part, digest)
        assert worker.client.update_file("0.6.0", part, digest)
        assert part.read_bytes() == whole
        assert not worker.client.update_file("9.9.9", tmp_path / "other", digest)  # not offered


@pytest.mark.sqlite_only
def test_the_debian_package_a_technician_installs_is_also_an_update(
    central: RunningCentral, tmp_path: Path
) -> None:
    """The .deb `make bundle` builds (packaging/deb.py) offered as the update: its bundle is
    found inside it and installed beside the running version."""
    with tarfile.open(_bundle(tmp_path, "0.7.0")) as tar:
        tar.extractall(tmp_path / "built", filter="data")
    built = tmp_path / "built" / "hall-terminal"
    made = subprocess.run(
        [
            sys.executable,
            "packaging/deb.py",
            str(built),
            "--out",
            str(tmp_path / "deb"),
            "--uncompressed",
        ],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    (deb,) = (tmp_path / "deb").glob("hall-terminal_0.7.0_*.deb")
    _offer(central, deb, "0.7.0")
    with _kiosk(central, tmp_path) as (_config, worker):
        worker.run_once()
        installer, root, _ = _installer(tmp_path, worker)
        assert installer.step() == "installed"
        assert os.readlink(root / "current") == "versions/0.7.0"
        assert (root / "current" / "hall-sync").read_text() == "#!/bin/sh\necho 0.7.0\n"
        assert not list(root.glob("versions/.incoming-*"))  # the scratch copy went


@pytest.mark.sqlite_only  # the terminal's side: central's storage changes nothing
def test_the_catalogue_and_settings_come_signed_and_a_terminal_takes_no_other(
    central: RunningCentral, tmp_path: Path, expected_warnings: None
) -> None:
    central.platform.set_config("K0100", {"sync_interval": 120})
    with _kiosk(central, tmp_path, catalogue=True) as (config, worker):
        report = worker.run_once()
        assert not report.errors, report.errors
        assert report.catalogue_changes > 50_000  # the snapshot, its manifest signed
        assert worker.config() == {"sync_interval": 120}
        # the platform signs with another key from now on (an impostor between, or a key lost
        # and made again): settings and a catalogue it sends are not taken
        central.platform.signing_key_file().unlink()
        central.platform._key = None
        central.platform._signed.clear()
        central.platform.set_config("K0100", {"sync_interval": 5})
        catalogue = load_settings(config).storage.data_dir / "catalogue.sqlite"
        catalogue.unlink()
        report = worker.run_once()
        assert any(e.startswith("config: ") and "platform's" in e for e in report.errors)
        assert any("catalogue snapshot file: " in e for e in report.errors), report.errors
        assert worker.config() == {"sync_interval": 120}  # the settings held are kept
        from sync.catalogue import CatalogueStore

        with CatalogueStore(catalogue) as store:
            assert store.count() == 0  # nothing loaded from the file
        assert not list(catalogue.parent.glob("catalogue.sqlite.snapshot*"))  # dropped


@pytest.mark.sqlite_only  # the file damaged in the platform's folder
def test_a_file_that_is_not_what_was_signed_is_fetched_three_times_then_left(
    central: RunningCentral, tmp_path: Path, expected_warnings: None
) -> None:
    """A platform whose copy of a release is damaged offered it at every heartbeat, and the
    terminal downloaded all of it every time; now three times, then it says so and stops."""
    from central.storage.blobs import RELEASE_BLOBS

    _offer(central, _bundle(tmp_path, "0.8.0"), "0.8.0")
    (release,) = central.platform.releases()
    stored = central.platform.blobs.path(RELEASE_BLOBS, release["manifest"]["sha256"])  # type: ignore[attr-defined]
    stored.write_bytes(b"\x1f\x8b" + b"0" * (stored.stat().st_size - 2))  # same size, damaged
    with _kiosk(central, tmp_path) as (_config, worker):
        fetched = []
        real = worker.client.update_file

        def counted(version: str, part: Path, sha: str) -> bool:
            fetched.append(version)
            return real(version, part, sha)

        worker.client.update_file = counted  # type: ignore[method-assign]
        for _ in range(5):
            worker.run_once()
        assert fetched == ["0.8.0"] * 3
        said = report(worker.updates.data_dir)
        assert said is not None
        assert said["state"] == "refused"
        assert "3 次" in said["detail"]
        assert not (worker.updates.data_dir / "updates" / "staged.json").exists()
