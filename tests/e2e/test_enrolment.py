"""Enrolment by code, as a technician does it: the platform issues a one-time code for a
terminal, `hall-sync enrol` on the new terminal gets its credentials and first settings and
makes its key and store; the secret is in a file only its owner reads, never in the settings; a
used or an expired code is refused; enrolling again rotates the secret."""

from __future__ import annotations

import getpass
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import requests

from core.settings import load_settings
from sync.client import AuthFailed, Credentials, PlatformClient
from sync.paths import DataPaths
from tests.helpers.central import RunningCentral

SYNC = [sys.executable, "-m", "sync"]
CENTRAL = [sys.executable, "-m", "central"]
WHERE = ["--region", "369901001000", "--hall-name", "示范市政务服务中心"]


def _code(central: RunningCentral, terminal: str, *extra: str) -> str:
    command = [*CENTRAL, "terminal", "code", terminal, "--role", "kiosk", *WHERE]
    done = subprocess.run(
        [*command, "--data-dir", str(central.data_dir), *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    found = re.search(r"\b([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\b", done.stdout)
    assert found, done.stdout
    return found.group(1)


def _enrol(
    central: RunningCentral, code: str, config: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    command = [*SYNC, "enrol", "--central", central.url, "--code", code]
    return subprocess.run(
        [*command, "--config", str(config), *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_terminal_enrols_with_a_code_once_and_again_with_a_new_one(
    central: RunningCentral, tmp_path: Path
) -> None:
    code = _code(central, "K0042")
    config = tmp_path / "etc" / "hall.toml"
    data, key = tmp_path / "lib", tmp_path / "etc" / "master.key"
    done = _enrol(
        central,
        code.lower().replace("-", " "),  # typed loosely: taken
        config,
        *("--data-dir", str(data), "--key-file", str(key), "--owner", getpass.getuser()),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    settings = load_settings(config)
    assert settings.storage.data_dir == data
    assert Path(settings.storage.key_file) == key
    assert key.exists()
    assert (settings.terminal.id, settings.terminal.role.value) == ("K0042", "kiosk")
    assert settings.terminal.region_code == "369901001000"
    assert settings.terminal.hall_name == "示范市政务服务中心"
    text = config.read_text(encoding="utf-8")
    secret_path = Path(settings.platform.secret_file)
    secret = secret_path.read_text().strip()
    assert secret not in text  # never in the settings file
    assert set(tomllib.loads(text)["platform"]) == {"url", "secret_file", "public_key_file"}
    assert stat.S_IMODE(secret_path.stat().st_mode) == 0o600
    # the platform's key pinned beside the settings, anyone's to read, root's to change
    pinned = Path(settings.platform.public_key_file)
    assert pinned.read_text().strip() == central.platform.public_key()
    assert stat.S_IMODE(pinned.stat().st_mode) == 0o644
    assert DataPaths.from_settings(settings).store.exists()  # key and store made
    client = PlatformClient(central.url, Credentials("K0042", secret))
    assert client.heartbeat({"version": "test", "queue": 0})["ok"]

    again = _enrol(central, code, config)  # the same code: used
    assert again.returncode == 1
    assert "used" in again.stdout

    rotated = _enrol(central, _code(central, "K0042"), config)  # a new code: a new secret
    assert rotated.returncode == 0, rotated.stdout
    assert secret_path.read_text().strip() != secret
    with pytest.raises(AuthFailed):  # the old secret stops working at once
        client.heartbeat({"version": "test", "queue": 0})
    client.close()


def test_an_expired_or_unknown_code_is_refused_and_guessing_is_throttled(
    central: RunningCentral, tmp_path: Path
) -> None:
    expired = _code(central, "K0043", "--hours", "0")
    done = _enrol(central, expired, tmp_path / "hall.toml")
    assert done.returncode == 1
    assert "expired" in done.stdout
    assert not (tmp_path / "hall.toml").exists()  # nothing made for a refused code
    answers = [
        requests.post(f"{central.url}/v1/enrolments", json={"code": "AAAA-BBBB-CCCC"}, timeout=10)
        for _ in range(11)
    ]
    assert [a.status_code for a in answers[:10]] == [403] * 10
    assert answers[10].status_code == 429
    assert answers[10].headers["Retry-After"]


def test_a_code_without_the_halls_division_is_refused_when_issued(
    central: RunningCentral,
) -> None:
    """A code issued without --region enrolled a terminal whose settings it then refused to
    start with (region_code is required): the code is refused when it is asked for."""
    no_region = ["terminal", "code", "K0044", "--role", "kiosk"]
    done = subprocess.run(
        [*CENTRAL, *no_region, "--data-dir", str(central.data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "12-digit division code" in done.stderr
