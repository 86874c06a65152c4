"""The call display's scripted walk (``python -m walks display DIR --config display.toml
--counter counter.toml``): the display on its real feed from the hall server, a counter calling
the next tickets, and each call on the screen — landscape, then portrait — kept as
``display-landscape.png`` and ``display-portrait.png``, with the time from the click to the
screen."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from common_qt.app import save_screenshot, wait_until
from core.settings import load_settings
from display.app import open_display
from sync.client import client_for


def walk(display_config: Path, counter_config: Path, out: Path, window_name: str) -> int:
    _app, window, feed = open_display(load_settings(display_config), speak=False)
    counter = load_settings(counter_config)
    secret = Path(counter.platform.secret_file).read_text(encoding="utf-8").strip()
    client = client_for(counter.platform, counter.terminal.id, secret)
    try:
        window.resize(1920, 1080)
        window.show()
        if not wait_until(lambda: feed.connects >= 1, 20):
            print("display walk failed: the hall server's events never came", file=sys.stderr)
            return 1
        for name, size in (("landscape", (1920, 1080)), ("portrait", (1080, 1920))):
            window.resize(*size)
            before = list(window.spoken)
            body = json.dumps({"window": window_name, "categories": ["A", "B"]}).encode()
            clicked = time.monotonic()
            answer = client._send("POST", "/v1/queue/call", body=body).json()
            ticket = answer.get("ticket")
            if ticket is None:
                print("  nobody waits: no call", file=sys.stderr)
                break

            def said(before: list[str] = before) -> bool:
                return window.spoken != before

            if not wait_until(said, 10):
                print("display walk failed: the call never reached the screen", file=sys.stderr)
                return 1
            assert window.shown_at is not None
            took = (window.shown_at - clicked) * 1000
            shot = save_screenshot(window, out / f"display-{name}.png")
            print(f"  叫号 {ticket['number']} → {window_name}: on the display in {took:.0f} ms")
            print(f"  said twice: {window.spoken[-1]}")
            print(f"  wrote {shot}")
        return 0
    finally:
        feed.stop()
        window.close()
