"""The English translation's files, kept in step with the source.

    python -m scripts.translations update   # after changing any text: gathers every tr()
                                            # into assets/translations/hall_en.ts (new texts
                                            # unfinished), then builds hall_en.qm
    python -m scripts.translations check    # exit 1 when the .ts lags the source, a text is
                                            # untranslated, or the .qm lags the .ts

Translate the unfinished texts in Qt Linguist (``pyside6-linguist assets/translations/hall_en.ts``)
or in the file itself; the .ts is the translation's source, the .qm is built from it (both are
in the tree, so a checkout runs without the tools). The source language is Chinese (zh_CN).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "assets" / "translations" / "hall_en.ts"
QM = TS.with_suffix(".qm")
# where user-visible words are written: the kiosk and the layers under it (the counter is
# staff-facing and Chinese only)
SOURCES = ("core", "devices", "sync", "terminal", "common_qt", "kiosk")


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else name


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for d in SOURCES for p in (ROOT / d).rglob("*.py"))


def lupdate(ts: Path) -> None:
    subprocess.run(
        [_tool("pyside6-lupdate"), *sources(), "-source-language", "zh_CN",
         "-target-language", "en", "-locations", "none", "-no-obsolete", "-ts", str(ts)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    # lupdate takes the tree's ``#:`` doc comments (Sphinx's attribute docs) for notes to the
    # translator: they are not, and they would change the file at each edit of a comment
    text = ts.read_text(encoding="utf-8")
    ts.write_text(re.sub(r"\n *<extracomment>.*?</extracomment>", "", text, flags=re.S), "utf-8")


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every text without an English translation."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for m in context.iter("message"):
            tr = m.find("translation")
            if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip():
                out.append((name, m.findtext("source") or ""))
    return out


def check() -> list[str]:
    """What is out of step, in words (empty: all is well)."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TS.name
        shutil.copy(TS, fresh)
        lupdate(fresh)
        if fresh.read_bytes() != TS.read_bytes():
            problems.append(
                f"{TS.relative_to(ROOT)} does not match the source's texts: "
                "run `python -m scripts.translations update` and translate what is new"
            )
        for context, source in unfinished(fresh):
            problems.append(f"untranslated [{context or 'core'}] {source!r}")
        built = Path(tmp) / QM.name
        lrelease(TS, built)
        if not QM.exists() or built.read_bytes() != QM.read_bytes():
            problems.append(f"{QM.relative_to(ROOT)} is older than the .ts: run update")
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("command", choices=("update", "check"))
    args = p.parse_args(argv)
    if args.command == "update":
        lupdate(TS)
        lrelease(TS, QM)
        left = unfinished(TS)
        print(f"{TS.relative_to(ROOT)}: {len(left)} texts to translate")
        for context, source in left:
            print(f"  [{context or 'core'}] {source}")
        return 0
    problems = check()
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
