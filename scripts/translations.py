"""The English translation's files, kept in step with the source.

    python -m scripts.translations update   # after changing any text: gathers every tr()
                                            # into assets/translations/hall_en.ts (new texts
                                            # unfinished), the demo catalogue's terms into
                                            # catalogue_en.ts, then builds both .qm files
    python -m scripts.translations check    # exit 1 when a .ts lags its source, a text is
                                            # untranslated, or a .qm lags its .ts

Two files: ``hall_en`` is the terminal's own words; ``catalogue_en`` is a glossary of what the
platform publishes in Chinese — service names, materials, form fields and their choices,
themes — for the demo catalogue (assets/catalogue/seed.toml). A hall whose platform publishes
other services gives its kiosk its own glossary the same way; a term without an English name
is shown as published.

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

from common_qt.i18n import translation, ts_translations

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "assets" / "translations" / "hall_en.ts"
QM = TS.with_suffix(".qm")
GLOSSARY = ROOT / "assets" / "translations" / "catalogue_en.ts"
GLOSSARY_CONTEXT = "catalogue"  # common_qt.i18n.published looks terms up in it
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


def catalogue_terms() -> list[str]:
    """The demo catalogue's published words a citizen reads: themes, form fields and their
    choices, materials and their conditions, service names (in that order, each once)."""
    from core import postal
    from core.catalogue.text import has_cjk
    from sync.catalogue import load_demo_seed

    seed = load_demo_seed()
    terms: dict[str, None] = {}
    for item in seed.items:
        terms[item.theme] = None
    for item in seed.items:
        for f in item.form.fields:
            terms[f.label] = None
            terms.update(dict.fromkeys(f.choices))
    # the choice an item that goes by post adds to its form (core.postal)
    terms.update(dict.fromkeys((postal.AT_WINDOW, postal.BY_POST)))
    for m in seed.materials.values():
        terms[m.name] = None
    for item in seed.items:
        for m in item.materials:
            terms.update(dict.fromkeys((m.name, m.condition, m.elicence_type)))
    for item in seed.items:
        terms[item.name] = None
    return [t for t in terms if t and has_cjk(t)]


def write_glossary(ts: Path) -> None:
    """``ts`` with the catalogue's terms, keeping the translations it has (Qt Linguist's
    format, so the same tools edit it)."""
    known = ts_translations(ts) if ts.exists() else {}
    root = ET.Element("TS", version="2.1", language="en", sourcelanguage="zh_CN")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = GLOSSARY_CONTEXT
    for term in catalogue_terms():
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = term
        tr = ET.SubElement(message, "translation")
        if term in known:
            tr.text = known[term]
        else:
            tr.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    ts.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', "utf-8")


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
            if translation(m) is None:
                out.append((name, m.findtext("source") or ""))
    return out


def check() -> list[str]:
    """What is out of step, in words (empty: all is well)."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for ts, gather in ((TS, lupdate), (GLOSSARY, write_glossary)):
            fresh = Path(tmp) / ts.name
            shutil.copy(ts, fresh)
            gather(fresh)
            if fresh.read_bytes() != ts.read_bytes():
                problems.append(
                    f"{ts.relative_to(ROOT)} does not match its source's texts: "
                    "run `python -m scripts.translations update` and translate what is new"
                )
            for context, source in unfinished(fresh):
                problems.append(f"untranslated [{context or 'core'}] {source!r}")
            qm = ts.with_suffix(".qm")
            built = Path(tmp) / qm.name
            lrelease(ts, built)
            if not qm.exists() or built.read_bytes() != qm.read_bytes():
                problems.append(f"{qm.relative_to(ROOT)} is older than its .ts: run update")
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("command", choices=("update", "check"))
    args = p.parse_args(argv)
    if args.command == "update":
        lupdate(TS)
        write_glossary(GLOSSARY)
        for ts in (TS, GLOSSARY):
            lrelease(ts, ts.with_suffix(".qm"))
            left = unfinished(ts)
            print(f"{ts.relative_to(ROOT)}: {len(left)} texts to translate")
            for context, source in left:
                print(f"  [{context or 'core'}] {source}")
        return 0
    problems = check()
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
