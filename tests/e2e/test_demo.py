"""`make demo`'s program, run as a subprocess on a machine without a display."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_demo_writes_its_results(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-m", "scripts.demo", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Results: {tmp_path}" in result.stdout
    journeys = json.loads((tmp_path / "journeys.json").read_text(encoding="utf-8"))
    assert journeys["kiosk"]["status"] == "queued"
    assert journeys["counter"]["one_time_notice"] == ["居民户口簿（原件及复印件1份） — 未提供"]
    assert journeys["evaluation_exports"]["gbt39046"]["满意度代码"] == "3"
    searches = json.loads((tmp_path / "search-results.json").read_text(encoding="utf-8"))
    assert searches["sfz"]["hits"][0]["name"] == "居民身份证申领"
    for shot in (
        "kiosk-search-sfz.png",
        "kiosk-guide.png",
        "counter-worklist.png",
        "counter-card.png",
        "counter-evaluation.png",
    ):
        assert (tmp_path / shot).stat().st_size > 10_000, shot
    assert "card read: Identity(card_type=RESIDENT, name='欧**娜'" in result.stdout
    assert "评价结果：满意" in result.stdout
    assert "· sync: delivered 1, held 0" in result.stdout
    from tests.helpers.escpos_decode import decode

    printed = decode((tmp_path / "receipt.escpos").read_bytes())
    receipt_number = json.loads((tmp_path / "journeys.json").read_text(encoding="utf-8"))["kiosk"][
        "receipt_number"
    ]
    assert receipt_number in printed.text
    assert printed.qr_payloads[0].endswith(receipt_number)
    assert printed.cuts == 1
    assert "未提供" in "".join(
        decode((tmp_path / "one-time-notice.escpos").read_bytes()).text_lines
    )
    scans = sorted(tmp_path.glob("scan-*.jpg"))
    assert scans
    assert all(0 < p.stat().st_size <= 300_000 for p in scans)
    synced = json.loads((tmp_path / "central.json").read_text(encoding="utf-8"))["sync"]
    assert synced["applications"][0]["status"] == "已受理"
    assert synced["applications"][0]["official_number"].startswith("3699")
    assert synced["platform"]["applications"] == 1
    assert (
        json.loads((tmp_path / "central.json").read_text(encoding="utf-8"))["health"]["status"]
        == "ok"
    )
