"""The kiosk as a screen reader sees it, in Chinese and in English: the real app on an X server
(Xvfb) with its accessibility bridge on (AT-SPI, in a D-Bus session of its own), walked by
tests/helpers/atspi_walk.py under
the system Python's pyatspi — every showing control on every screen it reaches must have a
name, and the guide journey must be completed through the accessibility interfaces alone
(Action to press, EditableText to type, a row's Toggle to choose)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # left out of the fast lane (make check)

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = "/usr/bin/python3"


@pytest.fixture
def xserver() -> object:
    """An X server of its own (CI has no display; `make test` installs xvfb). Xvfb picks a
    free display number itself (-displayfd), so tests running side by side never share one."""
    assert shutil.which("Xvfb"), "Xvfb missing: `make test` installs it (SYS_PKGS)"
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write,),
    )
    os.close(write)
    with os.fdopen(read) as said:
        number = said.readline().strip()  # written once the server listens
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(10)


def _walk(display: str, kiosk: list[str], mode: str, log: Path) -> subprocess.CompletedProcess[str]:
    """``kiosk`` started with its accessibility bridge in a D-Bus session of its own, walked
    by tests/helpers/atspi_walk.py in ``mode`` under the system Python; the kiosk's own output
    in ``log`` (said by ``_failure`` when the walk fails)."""
    assert LAUNCHER.exists(), "at-spi2-core missing: `make test` installs it (SYS_PKGS)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    assert probe.returncode == 0, "python3-pyatspi missing: `make test` installs it (SYS_PKGS)"
    command = " ".join(shlex.quote(part) for part in kiosk)
    output = shlex.quote(str(log))
    session = f"""
        {LAUNCHER} --launch-immediately >/dev/null 2>&1 &
        sleep 1
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb {command} >{output} 2>&1 &
        app=$!
        {SYSTEM_PYTHON} {ROOT / "tests" / "helpers" / "atspi_walk.py"} hall-kiosk {mode}
        rc=$?
        kill $app
        exit $rc
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    return subprocess.run(
        ["dbus-run-session", "--", "/bin/sh", "-c", session],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def _every_control_named(screens: list[dict[str, Any]]) -> None:
    """Each screen the walk saw has controls, and none of them lacks a name; no list of a
    page left behind says its rows are showing (the search results were read on the guide:
    issue 30 item 15)."""
    for s in screens:
        assert s["controls"], s["screen"]
        assert s["unnamed"] == [], (s["screen"], s["unnamed"])
        assert s["stale"] == [], (s["screen"], s["stale"][:5])


def _failure(run: subprocess.CompletedProcess[str], log: Path) -> str:
    kiosk = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return f"walk:\n{run.stdout[-2000:]}{run.stderr[-2000:]}\nkiosk:\n{kiosk[-4000:]}"


def test_a_screen_reader_finds_every_control_named_and_can_reach_a_guide(
    xserver: str, demo_catalogue: Path, tmp_path: Path
) -> None:
    kiosk = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "hall-kiosk"
    if not kiosk.exists():
        kiosk = ROOT / ".venv" / "bin" / "hall-kiosk"
    log = tmp_path / "kiosk.log"
    run = _walk(
        xserver,
        [
            str(kiosk),
            "--region",
            "369901001000",
            "--catalogue",
            str(demo_catalogue),
            "--windowed",
        ],
        "guide",
        log,
    )
    assert run.returncode == 0, _failure(run, log)
    screens = json.loads(run.stdout.strip().splitlines()[-1])["screens"]
    names = [s["screen"] for s in screens]
    assert names == [
        "welcome",
        "search",
        "search-results",
        "search-results-large",
        "search-selected",
        "guide",
        "welcome-again",
        "welcome-english",
        "search-english",
        "search-results-english",
        "welcome-chinese-again",
    ]
    _every_control_named(screens)
    # a guide-only kiosk offers guides alone, and a screen reader hears why the rest is not
    offered = {c["name"]: c for c in screens[0]["controls"] if c["role"] == "push button"}
    assert offered["打印办事指南"]["enabled"] == "True"
    for choice in ("我要办事", "进度查询", "服务评价"):
        assert offered[choice]["enabled"] == "False"
        assert "仅提供办事指南查询" in offered[choice]["description"]
    search = next(s for s in screens if s["screen"] == "search-results")
    roles = {(c["role"], c["name"]) for c in search["controls"]}
    assert ("text", "搜索事项") in roles
    assert ("list", "搜索结果（选择一项查看办事指南）") in roles
    assert any(c["description"] for c in search["controls"] if c["role"] == "text")
    # in English a screen reader reads English names, and the service found by its English
    english = next(s for s in screens if s["screen"] == "search-results-english")
    roles = {(c["role"], c["name"]) for c in english["controls"]}
    assert ("text", "Search services") in roles
    assert ("list", "Search results (choose one to see its guide)") in roles
    welcome = next(s for s in screens if s["screen"] == "welcome-english")
    assert ("push button", "中文") in {(c["role"], c["name"]) for c in welcome["controls"]}


def test_an_application_can_be_made_through_the_accessibility_tree_alone(
    xserver: str, demo_catalogue: Path, tmp_path: Path
) -> None:
    """我要办事 from the card to the rating with a screen reader's means only, on a kiosk with its
    store, a card on the simulated reader (a virtual serial port) and the synthetic document
    camera: every screen of the journey named (card, search, guide, form, scan, the one-time
    notice, confirm, receipt, rating, done), and the application queued."""
    from core.settings import load_settings
    from sync.paths import DataPaths

    bindir = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"
    reader = subprocess.Popen(
        [str(bindir / "hall-devices"), "idcard", "simulate", "--pty", "--link",
         str(tmp_path / "idcard"), "--card", "resident", "--represent-every", "3"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            if (tmp_path / "idcard").exists():
                break
            time.sleep(0.05)
        data = tmp_path / "var"
        data.mkdir()
        shutil.copy(demo_catalogue, data / "catalogue.sqlite")
        config = tmp_path / "kiosk.toml"
        config.write_text(
            f"""[terminal]
id = "K0009"
role = "kiosk"
region_code = "369901001000"
hall_name = "示范市青山区光明街道便民服务中心"

[storage]
data_dir = "{data}"
key_file = "{tmp_path / "keys" / "master.key"}"

[devices.idcard]
type = "sam-serial"
port = "{tmp_path / "idcard"}"

[devices.camera]
type = "synthetic"
options = {{ seed = "7" }}

[devices.printer]
type = "file"
port = "{tmp_path / "printer.escpos"}"
""",
            encoding="utf-8",
        )
        paths = DataPaths.from_settings(load_settings(config))
        paths.initialise()
        run = _walk(xserver, [str(bindir / "hall-kiosk"), "--config", str(config), "--windowed"],
                    "apply", tmp_path / "kiosk.log")  # fmt: skip
    finally:
        reader.terminate()
        reader.wait(10)
        if reader.stdin is not None:
            reader.stdin.close()
    assert run.returncode == 0, _failure(run, tmp_path / "kiosk.log")
    screens = json.loads(run.stdout.strip().splitlines()[-1])["screens"]
    assert [s["screen"] for s in screens] == [
        "read-card",
        "search",
        "guide",
        "authorise",
        "form",
        "scan",
        "one-time-notice",
        "confirm",
        "receipt",
        "evaluate",
        "done",
    ]
    _every_control_named(screens)
    from core.clock import SystemClock

    with paths.open_store(SystemClock()) as store:
        assert len(store.ids()) == 1  # the application, queued
