"""The layering rules of DESIGN.md are enforced by import-linter; prove the contracts bite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PACKAGES = ("core", "devices", "sync", "terminal", "central", "common_qt", "kiosk", "counter")
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
        ("core/_probe.py", "import sync.store\n", "core is pure"),
        ("sync/_probe.py", "import PySide6.QtCore\n", "sync imports core only"),
        ("devices/_probe.py", "import requests\n", "devices import core only"),
        ("kiosk/_probe.py", "import counter\n", "kiosk and counter never import each other"),
        ("central/_probe.py", "import kiosk\n", "central never imports the apps"),
        ("terminal/_probe.py", "import PySide6.QtCore\n", "terminal (the operations)"),
        ("terminal/_probe.py", "import common_qt.qt\n", "terminal (the operations)"),
        ("sync/_probe.py", "import terminal\n", "sync imports core only"),
        ("kiosk/pages/_probe.py", "import sync.catalogue\n", "windows and pages import"),
        ("counter/window.py", "import devices.factory\n", "windows and pages import"),
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
    assert f"{broken}" in result.stdout
    assert "BROKEN" in result.stdout


def test_the_real_tree_keeps_its_contracts(tmp_path: Path) -> None:
    _copy_tree(tmp_path)
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
