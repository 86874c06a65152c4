"""`hall-devices printer test` writes the sample receipt; an independent decoder reads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers.escpos_decode import decode


def test_printer_test_writes_bytes_and_preview(tmp_path: Path) -> None:
    out, png = tmp_path / "receipt.bin", tmp_path / "receipt.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "devices",
            "printer",
            "test",
            "--output",
            str(out),
            "--paper",
            "58",
            "--preview",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    d = decode(out.read_bytes())
    assert "申请材料接收回执" in d.text
    assert "TEST-000000-PRINT1" in d.text
    assert "?" not in d.text
    assert d.qr_payloads == ["https://zwfw.example.gov.cn/q/TEST-000000-PRINT1"]
    assert d.cuts == 1
    assert d.rasters  # the rare surname went as an image
    assert png.stat().st_size > 5000
