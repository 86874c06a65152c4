"""Touch keyboard memory: the kiosk's search field with the on-screen keyboard up, its text
changed 400 times (as each key a citizen taps changes it), in 简体中文 (Pinyin) and — the
baseline, measured in the same run — in English. Each language runs in a process of its own
(the input method is chosen before the application exists). Prints the resident-memory growth
per text change of each and their difference.

Target: Pinyin grows no more than English + 5 KB a change (a kiosk sees ~10,000 changes a day).
Found by this bench: Pinyin's next-word prediction (run by the input method at each change of
the field's text) leaked ~70 KB a change, for good — 700 MB a day. The kiosk's fields now ask
for no predictive text and mark their data sensitive (common_qt/widgets/editing.lock_down):
~1 KB a change, as English.

    python bench/touch_keyboard.py [--changes 400]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHANGES_DEFAULT = 400


def child(language: str, changes: int, catalogue: Path) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from _measure import rss_mb

    from common_qt.widgets import touch_keyboard

    touch_keyboard.prepare()
    from common_qt.app import make_application, settle
    from core.flows.kiosk import KioskMode
    from tests.helpers.kiosk import kiosk_window

    make_application("bench-touch-keyboard")
    window = kiosk_window(catalogue, mode=KioskMode.GUIDE)
    window.resize(1920, 1080)
    settle(window, 0.5)
    assert window.touch.keyboard is not None
    window.touch.keyboard.set_language(language)
    settle(window, 0.2)
    field = window.search_page.query
    field.setFocus()
    window.touch.offer(field)
    settle(window, 0.3)
    language_shown = window.touch.keyboard.language()
    texts = ("a", "ab", "abc")
    start = 0.0
    for i in range(changes):
        field.setText(texts[i % 3])
        settle(window, 0.02)
        if i == 20:
            start = rss_mb()
    growth = rss_mb() - start
    print(f"{language_shown} {growth * 1024 / (changes - 21):.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=CHANGES_DEFAULT)
    parser.add_argument("--child", nargs=2, metavar=("LANGUAGE", "CATALOGUE"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.changes, Path(args.child[1]))
        return 0
    sys.path.insert(0, str(ROOT))
    from sync.catalogue import CatalogueStore

    work = Path(tempfile.mkdtemp(prefix="bench-vk-"))
    catalogue = work / "catalogue.sqlite"
    with CatalogueStore(catalogue) as store:
        store.replace_all([], version="bench")  # the search itself is not measured here
    per_change = {}
    for language in ("en_US", "zh_CN"):
        run = subprocess.run(
            [
                sys.executable,
                __file__,
                "--changes",
                str(args.changes),
                "--child",
                language,
                str(catalogue),
            ],
            capture_output=True,
            text=True,
            env={"QT_QPA_PLATFORM": "offscreen", **__import__("os").environ},
            check=True,
        )
        shown, kb = run.stdout.strip().splitlines()[-1].split()
        per_change[language] = float(kb)
        print(f"{language} (keyboard says {shown}): {float(kb):.1f} KB resident growth a change")
    extra = per_change["zh_CN"] - per_change["en_US"]
    print(f"Pinyin costs {extra:.1f} KB more a text change than English (target ≤ 5 KB)")
    ok = extra <= 5.0
    print("targets MET" if ok else "targets MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
