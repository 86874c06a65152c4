"""What a screen reader sees of the running kiosk, and a journey done through it alone.

Runs under the *system* Python (Debian's python3-pyatspi), in the D-Bus session of a kiosk
started with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 on an X server (tests/gui/test_atspi.py sets
that up). It finds the application, and on each screen lists every control a finger could use
with its role and accessible name; it moves from screen to screen only through the
accessibility interfaces (Action to press, EditableText to type), as an assistive technology
would. Prints one JSON document: the screens, their controls and the unnamed ones.

    /usr/bin/python3 tests/helpers/atspi_walk.py APP_NAME
"""

from __future__ import annotations

import json
import sys
import time

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
    raise SystemExit(f"no showing {role} named like {name_part!r}")


def press(node: object) -> None:
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("Press", "press", "click", "SetFocus"):
            action.doAction(i)
            return
    action.doAction(0)


def main() -> int:
    app = find_app(sys.argv[1])
    screens: list[dict[str, object]] = []

    def screen(name: str) -> None:
        time.sleep(0.8)
        seen = controls(app)
        unnamed = [c for c in seen if not c["name"].strip()]
        screens.append({"screen": name, "controls": seen, "unnamed": unnamed})

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
    press(find(app, "push button", "进度查询"))
    screen("query")
    press(find(app, "push button", "返回首页"))
    press(find(app, "push button", "服务评价"))
    screen("rate-code")
    press(find(app, "push button", "返回首页"))
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


if __name__ == "__main__":
    raise SystemExit(main())
