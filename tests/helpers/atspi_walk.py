"""What a screen reader sees of the running kiosk, and a journey done through it alone.

Runs under the *system* Python (Debian's python3-pyatspi), in the D-Bus session of a kiosk
started with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 on an X server (tests/gui/test_atspi.py sets
that up). It finds the application, and on each screen lists every control a finger could use
with its role and accessible name; it moves from screen to screen only through the
accessibility interfaces (Action to press, EditableText to type), as an assistive technology
would. Prints one JSON document: the screens, their controls and the unnamed ones.

    /usr/bin/python3 tests/helpers/atspi_walk.py APP_NAME [guide|apply]

``guide`` (the default): the screens a kiosk without store or devices shows, in Chinese and in
English. ``apply``: an application from the card to the rating, on a kiosk with its store, a
card on the (simulated) reader and the synthetic document camera.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

import pyatspi

INTERACTIVE = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "text",
    "entry",
    "password text",
    "combo box",
    "list",
    "list box",
    "table",
    "tree table",
    "slider",
    "spin button",
    "page tab",
}


def find_app(name: str, timeout: float = 30.0) -> object:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name:
                return app
        time.sleep(0.3)
    raise SystemExit(f"no application {name!r} on the accessibility bus")


def controls(root: object) -> list[dict[str, str]]:
    """Every showing interactive control under ``root``."""
    out: list[dict[str, str]] = []

    def visit(node: object, depth: int) -> None:
        if node is None or depth > 60:
            return
        try:
            states = node.getState()
            role = node.getRoleName()
        except Exception:
            return
        if not states.contains(pyatspi.STATE_SHOWING):
            return
        if role in INTERACTIVE:
            out.append(
                {
                    "role": role,
                    "name": node.name or "",
                    "description": node.description or "",
                    "enabled": str(states.contains(pyatspi.STATE_ENABLED)),
                }
            )
        if role in ("list", "list box", "table", "tree table", "combo box"):
            return  # their rows are content, named by their text
        for i in range(node.childCount):
            visit(node.getChildAtIndex(i), depth + 1)

    visit(root, 0)
    return out


def stale_rows(root: object) -> list[str]:
    """Rows of a list said to be showing though the list is not (a page left behind): what a
    screen reader's review of the screen would read among the current page's words."""
    out: list[str] = []

    def visit(node: object, depth: int, hidden_above: bool) -> None:
        if node is None or depth > 60:
            return
        try:
            showing = node.getState().contains(pyatspi.STATE_SHOWING)
            role = node.getRoleName()
        except Exception:
            return
        if hidden_above and showing and role in ("list item", "table cell"):
            out.append(node.name or "")
        for i in range(node.childCount):
            visit(node.getChildAtIndex(i), depth + 1, hidden_above or not showing)

    visit(root, 0, False)
    return out


def find(root: object, role: str, name_part: str) -> object:
    for _ in range(50):
        hit = pyatspi.findDescendant(
            root,
            lambda n: (
                n is not None
                and n.getRoleName() == role
                and name_part in (n.name or "")
                and n.getState().contains(pyatspi.STATE_SHOWING)
            ),
        )
        if hit is not None:
            return hit
        time.sleep(0.2)
    shown = ", ".join(f"{c['role']}:{c['name']}" for c in controls(root))
    raise SystemExit(f"no showing {role} named like {name_part!r} (showing: {shown})")


def press(node: object) -> None:
    """What a screen reader's activate does: Press (a button), else Toggle (a radio button
    offers only Toggle and SetFocus), else SetFocus."""
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    for wanted in (("Press", "press", "click"), ("Toggle", "toggle"), ("SetFocus",)):
        for i, name in enumerate(names):
            if name in wanted:
                action.doAction(i)
                return
    action.doAction(0)


def wait_for(what: str, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.3)
    raise SystemExit(f"timed out waiting for {what}")


def rows(listing: object) -> list[object]:
    return [listing.getChildAtIndex(i) for i in range(listing.childCount)]


def main() -> int:
    app = find_app(sys.argv[1])
    screens: list[dict[str, object]] = []

    def screen(name: str) -> None:
        time.sleep(0.8)
        seen = controls(app)
        unnamed = [c for c in seen if not c["name"].strip()]
        stale = stale_rows(app)
        screens.append({"screen": name, "controls": seen, "unnamed": unnamed, "stale": stale})

    if len(sys.argv) > 2 and sys.argv[2] == "apply":
        apply(app, screen)
        print(json.dumps({"screens": screens}, ensure_ascii=False))
        return 0

    screen("welcome")
    press(find(app, "push button", "打印办事指南"))
    screen("search")
    field = find(app, "text", "")  # the search field (named: see the unnamed list otherwise)
    field.queryEditableText().setTextContents("身份证")
    time.sleep(1.5)
    screen("search-results")
    press(find(app, "push button", "大字模式"))
    screen("search-results-large")
    press(find(app, "push button", "标准字体"))
    # a result chosen as a screen reader's user does: its row selected (Toggle), then the
    # button that opens the selected row
    results = find(app, "list", "搜索结果")
    row = results.getChildAtIndex(0)
    row.queryAction().doAction(0)  # Toggle: selects it
    screen("search-selected")
    press(find(app, "push button", "查看所选事项的办事指南"))
    find(app, "push button", "打印指南")  # the guide's print button: the guide is shown
    screen("guide")
    press(find(app, "push button", "返回首页"))
    # a guide-only kiosk (no store) offers guides alone: the other choices say why they are not
    # offered (they were offered, and refused or failed once chosen)
    screen("welcome-again")
    # English, switched as a screen reader's user does (the button is named in English)
    press(find(app, "push button", "English"))
    find(app, "push button", "Print a service guide")
    screen("welcome-english")
    press(find(app, "push button", "Print a service guide"))
    screen("search-english")
    field = find(app, "text", "Search services")
    field.queryEditableText().setTextContents("passport")
    time.sleep(1.5)
    screen("search-results-english")
    press(find(app, "push button", "Start over"))
    find(app, "push button", "我要办事")  # the next person: Chinese again
    screen("welcome-chinese-again")
    print(json.dumps({"screens": screens}, ensure_ascii=False))
    return 0


def apply(app: object, screen: Callable[[str], None]) -> None:
    """我要办事 through the accessibility interfaces alone: the card on the reader, the item
    found and chosen, the form completed, every material scanned (one left out first: the
    one-time notice), submitted, the receipt, a rating, done."""
    press(find(app, "push button", "我要办事"))
    screen("read-card")
    field = find(app, "text", "搜索事项")  # the card was read: the search
    field.queryEditableText().setTextContents("身份证")
    results = find(app, "list", "搜索结果")
    wait_for("the results", lambda: any("居民身份证换领" in (r.name or "") for r in rows(results)))
    screen("search")
    row = next(r for r in rows(results) if "居民身份证换领" in (r.name or ""))
    row.queryAction().doAction(0)  # Toggle: selects it
    press(find(app, "push button", "查看所选事项的办事指南"))
    find(app, "push button", "打印指南")
    screen("guide")
    press(find(app, "push button", "我要办理"))
    screen("authorise")  # 授权用证: paper, this time
    press(find(app, "push button", "不同意，扫描纸质材料"))
    phone = find(app, "text", "联系电话")
    screen("form")
    phone.queryEditableText().setTextContents("13812345678")
    press(find(app, "push button", "下一步"))
    materials = find(app, "list", "需要扫描的材料")
    screen("scan")
    # the list's rows are made anew when a count changes: found by name each time
    required = [(r.name or "")[2:] for r in rows(materials) if (r.name or "").startswith("* ")]

    def scan(name: str) -> None:
        listing = find(app, "list", "需要扫描的材料")
        row = next(r for r in rows(listing) if name in (r.name or ""))
        row.queryAction().doAction(0)  # selected: the camera captures it when it lies still
        wait_for(
            f"a page of {name}",
            lambda: any(
                name in (r.name or "") and (r.name or "").startswith("✓")
                for r in rows(find(app, "list", "需要扫描的材料"))
            ),
            40,
        )

    for name in required[:-1]:  # the last one "forgotten" first
        scan(name)
    press(find(app, "push button", "扫描完成"))
    find(app, "push button", "返回补扫材料")
    screen("one-time-notice")
    press(find(app, "push button", "返回补扫材料"))
    scan(required[-1])
    press(find(app, "push button", "扫描完成"))
    find(app, "push button", "确认提交")
    screen("confirm")
    press(find(app, "push button", "确认提交"))
    find(app, "push button", "下一步：服务评价")
    screen("receipt")
    press(find(app, "push button", "下一步：服务评价"))
    press(find(app, "radio button", "不满意"))  # one of five: an exclusive choice
    screen("evaluate")
    press(find(app, "check box", "办事指南不清楚"))
    press(find(app, "push button", "提交评价"))
    find(app, "push button", "完成")
    screen("done")
    press(find(app, "push button", "完成"))
    find(app, "push button", "我要办事")


if __name__ == "__main__":
    raise SystemExit(main())
