"""The supervision console walked in a real browser (Playwright driving Debian's chromium), as a
hall's manager and the city's inspector use it: sign in, every page, a 差评 case worked to its
end, a clock paused and resumed; a screenshot of each page (console-*.png). What the browser
reports as wrong — a console error, a script error, a failed request, an answer ≥ 400 — is
collected and returned: the browser test fails on any, the demo prints them.

Used by tests/e2e/test_console_browser.py and by `make demo` (scripts/demo.py)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: chromium's switches on this kind of machine: no sandbox as root, and nothing reaching out
#: to Google's services (refused on the halls' closed networks, and here)
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


@dataclass
class Walk:
    screenshots: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    case_id: int | None = None
    paused_official: str = ""


def chromium() -> str:
    """Debian's chromium (installed by the setup), or SystemExit saying how to get it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise SystemExit("chromium not found: `make setup` installs Debian's chromium package")
    return found


def walk(base: str, out: Path, manager: str, inspector: str, password: str) -> Walk:
    """Walks the console at ``base``; screenshots into ``out`` (console-NN-name.png)."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    done = Walk()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context(
                viewport={"width": 1440, "height": 900},
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
                reduced_motion="reduce",  # charts drawn at once: the screenshots show them whole
            )
            page = context.new_page()
            _watch(page, done)
            n = [0]

            def shot(name: str, *, full: bool = True) -> None:
                n[0] += 1
                path = out / f"console-{n[0]:02d}-{name}.png"
                page.screenshot(path=str(path), full_page=full)
                done.screenshots.append(path)

            def go(path: str) -> None:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")

            go("/console/")  # not signed in: the sign-in page
            shot("sign-in", full=False)
            _sign_in(page, manager, password)
            shot("overview")
            go("/console/warnings")
            shot("warnings")
            # a clock paused for a hearing (told in writing) and resumed, in place
            first = page.locator("table a[href^='/console/applications/']").first
            done.paused_official = first.inner_text().strip()
            first.click()
            page.wait_for_load_state("networkidle")
            page.get_by_text("暂停计时（特别程序）").click()
            page.select_option("#pause-kind", "hearing")
            page.fill("#pause-reason", "申请人要求举行听证")
            page.fill("#pause-notice", "听证告知〔2026〕12号")
            page.locator("form[hx-post$='/clock/pause'] button").click()
            page.get_by_role("button", name="恢复计时").wait_for()
            shot("clock-paused")
            page.get_by_role("button", name="恢复计时").click()
            page.get_by_text("暂停计时（特别程序）").wait_for()
            # a 差评 case worked to its end: 核实 → 整改 → 回访 → 已办结
            go("/console/cases?state=verifying")
            shot("cases")
            link = page.locator("table a[href^='/console/cases/']").first
            done.case_id = int(link.inner_text().strip().lstrip("#"))
            link.click()
            page.wait_for_load_state("networkidle")
            shot("case-open")
            page.fill("#finding", "经调阅叫号记录，当日下午等候超过40分钟")
            page.get_by_label("立行立改").check()
            page.get_by_role("button", name="提交核实").click()
            page.wait_for_load_state("networkidle")
            page.fill("#answer", "已调整午间排班，下午增开一个综合窗口")
            page.get_by_role("button", name="提交答复").click()
            page.wait_for_load_state("networkidle")
            page.get_by_label("满意", exact=True).check()
            page.fill("#note", "电话回访，评价人对整改表示满意")
            page.get_by_role("button", name="办结").click()
            page.wait_for_load_state("networkidle")
            page.get_by_text("已办结（").wait_for()
            shot("case-closed")
            go("/console/statistics?by=window")
            shot("statistics")
            # a figure clicks through to its 办件
            page.locator("tr.total a").first.click()
            page.wait_for_load_state("networkidle")
            shot("statistics-drill")
            go("/console/fleet")
            shot("fleet")
            page.get_by_role("button", name="退出").click()
            page.wait_for_load_state("networkidle")
            # the city's inspector: every hall, the statistics by hall on a hall's big screen
            _sign_in(page, inspector, password)
            page.set_viewport_size({"width": 1920, "height": 1080})
            go("/console/")
            shot("overview-city", full=False)
            go("/console/statistics?by=hall")
            shot("statistics-halls")
        finally:
            browser.close()
    return done


def _sign_in(page: Any, number: str, password: str) -> None:
    page.fill("#number", number)
    page.fill("#password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")
    if "/console/login" in page.url:
        error = page.locator(".error").all_inner_texts()
        raise RuntimeError(f"sign-in of {number} refused: {error}")


def _watch(page: Any, done: Walk) -> None:
    def console(message: Any) -> None:
        if message.type in ("error", "warning"):
            done.problems.append(f"console {message.type}: {message.text}")

    def response(answer: Any) -> None:
        # the sign-in page answers 401 for a refused sign-in: none is refused here
        if answer.status >= 400:
            done.problems.append(f"HTTP {answer.status}: {answer.url}")

    page.on("console", console)
    page.on("pageerror", lambda e: done.problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: done.problems.append(f"request failed: {r.url}"))
    page.on("response", response)
