"""`hall-sync run` asks for staff accounts only where staff sign in: a kiosk's drain asked
central for them and was refused (403) every time (the app's own loop did not)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sync.cli_outbox import _target


@pytest.mark.parametrize(
    ("role", "signs"), [("kiosk", False), ("display", False), ("counter", True), ("agent", True)]
)
def test_only_counters_and_stations_pull_staff_accounts(
    tmp_path: Path, role: str, signs: bool
) -> None:
    cfg = tmp_path / "hall.toml"
    cfg.write_text(
        f'[terminal]\nid = "T1"\nrole = "{role}"\nregion_code = "369901001000"\n'
        '[storage]\ndata_dir = "data"\n',
        encoding="utf-8",
    )
    target = _target(argparse.Namespace(config=cfg, db=None))
    assert target.signs_staff_in is signs
