"""`hall-devices pad …` end to end: a simulated key pad and the tablet pad in subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import requests

CLI = [sys.executable, "-m", "devices", "pad"]
KEYS = "31=满意, 32=基本满意, 33=不满意"


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.communicate(timeout=10)


def test_key_pad_read_against_the_simulator(tmp_path: Path) -> None:
    sim = subprocess.Popen(
        [
            *CLI,
            "simulate",
            "--pty",
            "--link",
            str(tmp_path / "pad"),
            "--keys",
            KEYS,
            "--invite-hex",
            "A501",
            "--auto",
            "基本满意",
            "--delay",
            "0.2",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert sim.stdout is not None
        port = sim.stdout.readline().removeprefix("port: ").strip()
        done = subprocess.run(
            [
                *CLI,
                "read",
                "--port",
                port,
                "--keys",
                KEYS,
                "--invite-hex",
                "A501",
                "--timeout",
                "10",
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {
            "outcome": "rated",
            "level": "basically_satisfied",
            "label": "基本满意",
            "reasons": [],
            "comment": "",
        }
        quiet = subprocess.run(
            [*CLI, "read", "--port", port, "--keys", KEYS, "--timeout", "0.5"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert quiet.returncode == 1  # no invite bytes: the auto citizen never answers
        assert "超时" in quiet.stderr
    finally:
        _stop(sim)


def test_tablet_pad_pairs_and_rates() -> None:
    with (
        subprocess.Popen(  # the context closes the pipes whatever happens
            [
                *CLI,
                "tablet",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--staff",
                "王芳",
                "--staff-id",
                "A0123",
                "--timeout",
                "30",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as proc,
        requests.Session() as s,
    ):
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().removeprefix("url: ").strip()
            code = proc.stdout.readline().removeprefix("pairing code: ").strip()
            assert s.post(url + "api/pair", json={"code": code}, timeout=5).status_code == 200
            inv = s.get(url + "api/state", params={"since": ""}, timeout=30).json()["invitation"]
            assert inv["staff_name"] == "王芳"
            # the pad closes as soon as it has the rating: its reply still arrives whole
            r = s.post(
                url + "api/rate", json={"id": inv["id"], "level": "very_satisfied"}, timeout=5
            )
            assert r.status_code == 200
            assert r.json() == {"ok": True}
            out, _ = proc.communicate(timeout=10)
            assert proc.returncode == 0
            assert json.loads(out)["label"] == "非常满意"
        finally:
            if proc.poll() is None:
                _stop(proc)
