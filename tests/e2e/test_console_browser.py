"""The supervision console in a real browser (issue 26): Debian's chromium driven by Playwright
signs in as a hall's manager, opens every page, pauses and resumes a 办件's clock, works a 差评
case to its end, clicks a figure through to its 办件, then signs in as the city's inspector —
and fails on any console error, script error, failed request or answer ≥ 400. The screenshots
are looked at by `make demo` (console-*.png)."""

from __future__ import annotations

from pathlib import Path

import pytest

from central.demo_month import DEMO_PASSWORD, INSPECTOR, MANAGERS
from scripts.console_walk import walk
from tests.e2e.conftest import copy_city
from tests.helpers.central import running_central

pytestmark = pytest.mark.slow


def test_a_manager_and_an_inspector_work_the_console_in_a_real_browser(
    city: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    data = tmp_path / "central"
    copy_city(city, data, request)
    with running_central(data) as central:
        done = walk(central.url, tmp_path / "shots", MANAGERS[0][0], INSPECTOR[0], DEMO_PASSWORD)
        platform = central.platform
        assert done.problems == []
        names = [p.name for p in done.screenshots]
        assert len(names) == 12
        assert all(p.stat().st_size > 10_000 for p in done.screenshots)
        # what the browser did happened on the platform
        assert done.case_id is not None
        case = platform.case(done.case_id)
        assert (case["state"], case["outcome"], case["follow_up"]) == (
            "closed",
            "at_once",
            "satisfied",
        )
        assert [e["action"] for e in case["events"]][-3:] == ["verify", "rectify", "follow_up"]
        assert case["events"][-1]["actor"] == f"{MANAGERS[0][0]} {MANAGERS[0][1]}"
        clock = platform.legal_clock(done.paused_official)
        [pause] = [p for p in clock["pauses"] if p["notice"] == "听证告知〔2026〕12号"]
        assert pause["kind"] == "HEARING"
        assert pause["ended"] is not None
        assert not clock["paused"]
        audited = {a for (a,) in platform.db.conn.execute("SELECT action FROM console_audit")}
        assert {"sign_in", "clock_pause", "clock_resume", "sign_out"} <= audited
