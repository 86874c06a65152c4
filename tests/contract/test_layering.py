"""The layering rules of DESIGN.md are enforced by import-linter; prove the contracts bite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PACKAGES = (
    "core",
    "devices",
    "sync",
    "terminal",
    "central",
    "common_qt",
    "kiosk",
    "counter",
    "walks",
)
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _copy_tree(dest: Path) -> None:
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, dest / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("core/_probe.py", "import PySide6.QtCore\n", "core is pure"),
        ("core/_probe.py", "import serial\n", "core is pure"),
        ("core/_probe.py", "import sync.store\n", "the floors"),
        ("sync/_probe.py", "import PySide6.QtCore\n", "never import Qt"),
        ("devices/_probe.py", "import requests\n", "devices talk to hardware"),
        ("devices/_probe.py", "import sync.store\n", "the floors"),  # one floor's rooms
        ("kiosk/_probe.py", "import counter\n", "the floors"),
        ("central/_probe.py", "import kiosk\n", "the floors"),
        ("central/_probe.py", "import terminal\n", "the floors"),
        ("central/_probe.py", "import devices.factory\n", "central never imports"),
        ("terminal/_probe.py", "import PySide6.QtCore\n", "never import Qt"),
        ("terminal/_probe.py", "import common_qt.qt\n", "the floors"),
        ("sync/_probe.py", "import terminal\n", "the floors"),
        ("kiosk/pages/_probe.py", "import sync.catalogue\n", "windows and pages import"),
        ("counter/window.py", "import devices.factory\n", "windows and pages import"),
        ("counter/signin.py", "import sync.store\n", "windows and pages import"),
        ("common_qt/_probe.py", "import sync.store\n", "common_qt imports core"),
    ],
)
def test_contract_fails_when_a_layer_is_crossed(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    _copy_tree(tmp_path)
    (tmp_path / module).write_text(line, encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    # the contract named is the one broken (names wrap in import-linter's listing)
    listing = " ".join(result.stdout.split())
    after = listing[listing.index(broken) :]
    verdicts = [v for v in (" KEPT", " BROKEN") if v in after]
    assert min(verdicts, key=after.index) == " BROKEN", after[:200]


def test_the_real_tree_keeps_its_contracts(tmp_path: Path) -> None:
    _copy_tree(tmp_path)
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
