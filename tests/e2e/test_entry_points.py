"""Every console entry point starts, and the CLIs do their work, as separate processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, timeout=timeout, env=ENV, check=False
    )


@pytest.mark.parametrize(
    "command", ["hall-kiosk", "hall-counter", "hall-central", "hall-devices", "hall-sync"]
)
def test_help(command: str) -> None:
    result = run(str(BIN / command), "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {command}")


def test_catalogue_cli_build_and_search(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite")
    built = run(
        str(BIN / "hall-sync"),
        "catalogue",
        "--db",
        db,
        "build",
        "--villages",
        "1",
        "--townships",
        "2",
    )
    assert built.returncode == 0, built.stderr
    assert "built" in built.stdout
    found = run(sys.executable, "-m", "sync.catalogue", "--db", db, "search", "shebao", "--json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits[0]["name"] == "社会保障卡申领"
    text = run(str(BIN / "hall-sync"), "catalogue", "--db", db, "search", "身份证", "--limit", "2")
    assert "1. 居民身份证申领" in text.stdout
    guide = run(str(BIN / "hall-sync"), "catalogue", "--db", db, "show", hits[0]["impl_code"])
    assert "【申请材料】" in guide.stdout
    missing = run(str(BIN / "hall-sync"), "catalogue", "--db", db, "show", "nope")
    assert missing.returncode == 1
    assert "没有编码为 nope 的事项" in missing.stderr


def test_central_staff_cli_adds_lists_and_disables_accounts(tmp_path: Path) -> None:
    data = str(tmp_path / "central")

    def central(*args: str, password: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "hall-central"), "staff", *args, "--data-dir", data],
            input=password,
            capture_output=True,
            text=True,
            timeout=60,
            env=ENV,
            check=False,
        )

    weak = central("add", "A0123", "--name", "王芳", "--password-stdin", password="12345678\n")
    assert weak.returncode == 1
    assert "容易被猜到" in weak.stderr
    added = central(
        "add",
        "A0123",
        "--name",
        "王芳",
        "--role",
        "clerk",
        "--password-stdin",
        password="Wangfang2026\n",
    )
    assert added.returncode == 0, added.stderr
    assert "A0123 王芳 (clerk) saved" in added.stdout
    assert central("list").stdout.splitlines() == ["A0123\t王芳\tclerk\t*"]
    assert central("disable", "A0123").returncode == 0
    assert central("list").stdout.splitlines() == ["A0123\t王芳\tclerk\t*  (disabled)"]
    assert central("disable", "NOPE").returncode == 1


def test_store_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "data" / "s.sqlite")
    hall = (str(BIN / "hall-sync"), "store", "--db", db)
    assert run(*hall, "info").returncode == 1
    refused = run(*hall, "migrate")  # no store and no key: nothing is made implicitly
    assert refused.returncode == 1
    assert "hall-sync store init" in refused.stdout
    made = run(*hall, "init")
    assert made.returncode == 0, made.stdout
    assert "master key created" in made.stdout
    assert "store ready" in made.stdout
    again = run(*hall, "init")
    assert "master key kept" in again.stdout  # a second init never replaces the key
    assert "already up to date" in run(*hall, "migrate").stdout
    assert "verdict: ok — 本机数据完好。" in run(*hall, "check").stdout
    # the options after the command too, as the README writes `store init --config …`
    after = run(str(BIN / "hall-sync"), "store", "info", "--db", db)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "unrecognized" not in after.stderr


def test_a_schema_v2_store_is_sealed_under_the_configured_key(tmp_path: Path) -> None:
    """`hall-sync store migrate --config` used to seal old rows under a second, new key that
    the app (reading [storage] key_file) could not open."""
    import shutil

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(
        Path(__file__).parents[1] / "fixtures" / "db" / "store-v2.sqlite", data / "store.sqlite"
    )
    cfg = tmp_path / "hall.toml"
    cfg.write_text(
        '[terminal]\nid = "K1"\nrole = "counter"\nregion_code = "369901001000"\n'
        '[storage]\ndata_dir = "data"\nkey_file = "keys/master.key"\n',
        encoding="utf-8",
    )
    hall = (str(BIN / "hall-sync"), "store", "--config", str(cfg))
    missing = run(*hall, "migrate")
    assert missing.returncode == 1
    assert str(tmp_path / "keys" / "master.key") in missing.stdout  # names the file
    assert "hall-sync store init" in missing.stdout
    assert run(*hall, "init").returncode == 0
    migrated = run(*hall, "migrate")
    assert "already up to date" in migrated.stdout  # init opened (and sealed) it once
    status = run(str(BIN / "hall-sync"), "status", "--config", str(cfg))
    assert status.returncode == 0, status.stderr
    # another account's key, or a typo in key_file: "wrong key", not "disk full"
    from sync.crypto import KeyRing

    KeyRing.create(tmp_path / "other" / "master.key")
    cfg.write_text(cfg.read_text().replace("keys/master.key", "other/master.key"))
    (tmp_path / "secret").write_text("s3cret")
    wrong = run(
        str(BIN / "hall-sync"),
        "run",
        "--once",
        "--config",
        str(cfg),
        "--secret-file",
        str(tmp_path / "secret"),
        "--url",
        "http://127.0.0.1:9",
    )
    assert wrong.returncode == 2
    assert "密钥错误" in wrong.stderr
    assert "is not the key of store" in wrong.stderr
    assert "空间" not in wrong.stderr


def test_kiosk_bad_config_is_reported(tmp_path: Path) -> None:
    cfg = tmp_path / "hall.toml"
    cfg.write_text('[terminal]\nid = "K1"\nrole = "kiosk"\n', encoding="utf-8")
    result = run(str(BIN / "hall-kiosk"), "--config", str(cfg))
    assert result.returncode == 2
    assert "[terminal] region_code: required but missing" in result.stderr


def test_devices_ports_lists_as_json(tmp_path: Path) -> None:
    """The command's own process lists what pyserial finds, each row in the shape a technician's
    script reads — with a reader plugged in (pyserial's port list stood in by a sitecustomize:
    this machine may have no serial port at all, and an empty list proved nothing)."""
    (tmp_path / "sitecustomize.py").write_text(
        "from serial.tools import list_ports\n"
        "from serial.tools.list_ports_common import ListPortInfo\n"
        "def comports(include_links=False):\n"
        "    reader = ListPortInfo('/dev/ttyUSB7')\n"
        "    reader.vid, reader.pid = 0x0400, 0xC35A\n"
        "    reader.description, reader.serial_number = '身份证阅读器', 'SAM0042'\n"
        "    return [ListPortInfo('/dev/ttyS0'), reader]\n"
        "list_ports.comports = comports\n",
        encoding="utf-8",
    )
    env = {**ENV, "PYTHONPATH": str(tmp_path)}
    command = [str(BIN / "hall-devices"), "ports"]
    listed = subprocess.run(
        [*command, "--json"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [
        {"device": "/dev/ttyS0", "vid_pid": "", "description": "n/a", "serial_number": ""},
        {
            "device": "/dev/ttyUSB7",
            "vid_pid": "0400:C35A",
            "description": "身份证阅读器",
            "serial_number": "SAM0042",
        },
    ]
    text = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert 'port = "hwgrep://0400:C35A"' in text.stdout  # what to put in [devices.idcard]


def test_a_second_counter_on_one_store_is_refused_at_start(tmp_path: Path) -> None:
    """Issue 29 item 21: two counters on one store were allowed — the second failed its
    catalogue download with "database is locked" and staff saw 系统出现问题. Now the second is
    refused at start, naming the first; once the first is gone (even by kill -9) a new one
    starts."""
    import signal
    import time

    cfg = tmp_path / "hall.toml"
    cfg.write_text(
        '[terminal]\nid = "C1"\nrole = "counter"\nregion_code = "369901001000"\n'
        '[storage]\ndata_dir = "data"\nkey_file = "keys/master.key"\n',
        encoding="utf-8",
    )
    assert run(str(BIN / "hall-sync"), "store", "--config", str(cfg), "init").returncode == 0
    lock = tmp_path / "data" / "store.sqlite.app-lock"

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(BIN / "hall-counter"), "--config", str(cfg)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            env=ENV,
        )

    def running(p: subprocess.Popen[str]) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and p.poll() is None:
            if lock.exists() and f"pid {p.pid}" in lock.read_text(encoding="utf-8"):
                return True
            time.sleep(0.1)
        return False

    first = start()
    try:
        assert running(first)
        second = run(str(BIN / "hall-counter"), "--config", str(cfg), timeout=60)
        assert second.returncode == 2
        assert "本终端程序已在运行" in second.stderr
        assert f"hall-counter pid {first.pid}" in second.stderr
        first.send_signal(signal.SIGKILL)  # the lock goes with the process
        first.wait(10)
        third = start()
        try:
            assert running(third)
        finally:
            third.kill()
            third.wait(10)
    finally:
        first.kill()
        first.wait(10)


def test_a_guide_only_kiosk_checks_its_installation_without_a_citizen(
    tmp_path: Path, demo_catalogue: Path
) -> None:
    """`hall-kiosk --self-test`: what the scripted walk proved of a bundle, said to a
    technician — the catalogue answers, the touch keyboard and English load, the font is the
    kiosk's; the start screen in both languages is saved."""
    out = tmp_path / "check"
    result = run(
        str(BIN / "hall-kiosk"),
        "--region",
        "369901001000",
        "--hall-name",
        "示范市青山区光明街道便民服务中心",
        "--catalogue",
        str(demo_catalogue),
        "--self-test",
        str(out),
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "ok   search sfz: 居民身份证申领" in result.stdout
    assert "ok   touch keyboard: loaded" in result.stdout
    assert "ok   English: loaded" in result.stdout
    assert "ok   font: Noto Sans CJK SC" in result.stdout
    assert (out / "self-test-start.png").stat().st_size > 10_000
    assert (out / "self-test-start-en.png").stat().st_size > 10_000
    missing = run(
        str(BIN / "hall-kiosk"),
        "--catalogue",
        str(tmp_path / "none.sqlite"),
        "--self-test",
        str(out),
    )
    assert missing.returncode == 2
    assert "--region" in missing.stderr


def test_a_counter_checks_its_installation_and_says_what_fails(tmp_path: Path) -> None:
    """`hall-counter --self-test`: the store opens under its key, a test page prints, and a
    configured reader that is not there fails the check by name."""
    printed = tmp_path / "printer.escpos"
    cfg = tmp_path / "hall.toml"
    cfg.write_text(
        '[terminal]\nid = "C1"\nrole = "counter"\nregion_code = "369901001000"\n'
        'hall_name = "示范市青山区光明街道便民服务中心"\n'
        '[storage]\ndata_dir = "data"\nkey_file = "keys/master.key"\n'
        f'[devices.printer]\ntype = "file"\nport = "{printed}"\n'
        f'[devices.idcard]\ntype = "sam-serial"\nport = "{tmp_path / "no-reader"}"\n',
        encoding="utf-8",
    )
    assert run(str(BIN / "hall-sync"), "store", "--config", str(cfg), "init").returncode == 0
    result = run(str(BIN / "hall-counter"), "--config", str(cfg), "--self-test", str(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "ok   store: 0 applications in the worklist" in result.stdout
    assert "ok   printer: test page" in result.stdout
    assert "FAIL idcard: 未连接" in result.stdout
    assert "FAIL catalogue: missing or not synced" in result.stdout
    assert printed.stat().st_size > 1000
    assert (tmp_path / "self-test-counter.png").stat().st_size > 5_000
