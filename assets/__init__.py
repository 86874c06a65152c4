"""Data files shipped with Hall Terminal (themes, translations, demo catalogue).

Resolved through importlib.resources, so lookups work from a source tree, an installed wheel
and a PyInstaller bundle alike.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def read_bytes(*parts: str) -> bytes:
    return files(__name__).joinpath(*parts).read_bytes()


def read_text(*parts: str) -> str:
    return files(__name__).joinpath(*parts).read_text(encoding="utf-8")


def path(*parts: str) -> Path:
    """A filesystem path to an asset (for APIs that need one, like Qt's)."""
    with as_file(files(__name__).joinpath(*parts)) as p:
        return Path(p)
