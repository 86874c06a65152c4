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


def test_store_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    assert run(str(BIN / "hall-sync"), "store", "--db", db, "info").returncode == 1
    migrated = run(str(BIN / "hall-sync"), "store", "--db", db, "migrate")
    assert "applied migrations [1, 2, 3, 4, 5]" in migrated.stdout
    assert "integrity: ok" in run(str(BIN / "hall-sync"), "store", "--db", db, "check").stdout


def test_kiosk_bad_config_is_reported(tmp_path: Path) -> None:
    cfg = tmp_path / "hall.toml"
    cfg.write_text('[terminal]\nid = "K1"\nrole = "kiosk"\n', encoding="utf-8")
    result = run(str(BIN / "hall-kiosk"), "--config", str(cfg))
    assert result.returncode == 2
    assert "[terminal] region_code: required but missing" in result.stderr


def test_devices_ports_lists_as_json() -> None:
    result = run(str(BIN / "hall-devices"), "ports", "--json")
    assert result.returncode == 0
    assert isinstance(json.loads(result.stdout), list)
