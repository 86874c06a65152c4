"""`hall-devices idcard …` as a technician runs it: simulator and reader in separate processes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.ports import CardRead
from devices.idcard.cards import DEMO_CARDS, card_to_json

CLI = [sys.executable, "-m", "devices"]


def _start_simulator(*args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [*CLI, "idcard", "simulate", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("port: "), line + (proc.stderr.read() if proc.stderr else "")
    return proc, line.removeprefix("port: ").strip()


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.communicate(timeout=10)  # also closes the pipes


@pytest.fixture
def socket_sim() -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc, port = _start_simulator("--port", "socket://127.0.0.1:0", "--card", "J")
    yield proc, port
    _stop(proc)


def _read(port: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "idcard", "read", "--port", port, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_read_json_from_a_simulator_in_another_process(
    socket_sim: tuple[subprocess.Popen[str], str],
) -> None:
    _, port = socket_sim
    assert port.startswith("socket://127.0.0.1:")
    done = _read(port, "--json", "--timeout", "5", "--today", "2026-11-24")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    for key in (
        "card_type",
        "name",
        "sex",
        "nation",
        "birth",
        "address",
        "id_number",
        "authority",
        "valid_from",
        "valid_to",
        "pass_number",
        "issue_count",
    ):
        assert key in doc
    expected = card_to_json(CardRead(DEMO_CARDS["J"], b"", b""))
    assert {k: doc[k] for k in expected if k not in ("photo_bytes", "photo_sha256")} == {
        k: v for k, v in expected.items() if k not in ("photo_bytes", "photo_sha256")
    }
    # The card stays on the reader: a second read within a second finds no new card.
    again = _read(port, "--timeout", "1")
    assert again.returncode == 1
    assert "未放置证件" in again.stderr.strip().splitlines()[-1]


def test_card_file_round_trip_and_refusal_of_an_expired_card(tmp_path: Path) -> None:
    card_file = tmp_path / "card.json"
    card_file.write_text(
        json.dumps(card_to_json(CardRead(DEMO_CARDS["expired"], b"", b"")), ensure_ascii=False),
        encoding="utf-8",
    )
    link = tmp_path / "ttyID"
    proc, port = _start_simulator("--pty", "--link", str(link), "--card", str(card_file))
    try:
        assert port == str(link)
        done = _read(port, "--timeout", "5", "--today", "2026-11-24")
        assert done.returncode == 3
        assert "过期" in done.stderr.strip().splitlines()[-1]
        assert "李*" in done.stdout  # masked unless --full
        assert "李四" not in done.stdout
    finally:
        _stop(proc)


def test_device_failures_exit_with_one_line(tmp_path: Path) -> None:
    done = _read(str(tmp_path / "no-such-port"), "--timeout", "1")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "读卡器" in done.stderr

    link = tmp_path / "ttyID"
    proc, port = _start_simulator("--pty", "--link", str(link), "--card", "none")
    try:
        assert proc.stdin is not None
        proc.stdin.write("sam-fail on\n")
        proc.stdin.flush()
        info = subprocess.run(
            [*CLI, "idcard", "info", "--port", port],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert info.returncode == 2
        assert "安全模块" in info.stderr
    finally:
        _stop(proc)
