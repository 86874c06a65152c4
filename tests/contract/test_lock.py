"""requirements.lock must cover pyproject.toml: a dependency added without `make lock` would
be missing from every install (make setup installs the lock, then the project with --no-deps)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_declared_dependency_is_locked() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    declared |= {_name(r) for r in project["optional-dependencies"]["test"]}
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.lower() for m in re.findall(r"^([A-Za-z0-9_.-]+)==", lock, re.MULTILINE)}
    missing = sorted(d for d in declared if d.replace(".", "-") not in pinned)
    assert not missing, f"not in requirements.lock (run `make lock`): {missing}"
    assert "--hash=sha256:" in lock


def test_the_lock_never_gives_python_3_11_the_broken_binding() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for package in ("pyside6-essentials", "pyside6-addons", "shiboken6"):
        for line in re.findall(rf"^{package}==.*$", lock, re.MULTILINE):
            version, _, marker = line.partition(";")
            if version.strip().endswith("==6.12.0"):
                assert "python_full_version >= '3.12'" in marker, line
