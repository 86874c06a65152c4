"""The supervision console over HTTP (issue 26): who may sign in and how a sign-in is guarded
(lockout, CSRF, sessions that end), what a hall's manager sees and may do beside the city's
inspector, every page rendered over a generated fortnight of a city (a template name a page
lacks fails: StrictUndefined), and a figure's click-through naming as many 办件 as it counts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from central.demo_month import DEMO_PASSWORD, HALLS
from central.platform import Platform
from tests.e2e.conftest import CITY_END as END
from tests.e2e.conftest import copy_city
from tests.helpers.central import running_central

BY = ("hall", "window", "clerk", "item", "channel", "body")


class Browser(requests.Session):
    """A session with the console's address: paths in, redirects not followed unless asked."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, follow_redirects: bool = True, **kwargs: Any
    ) -> requests.Response:
        kwargs["allow_redirects"] = follow_redirects
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base + url, *args, **kwargs)


@pytest.fixture
def app(
    city: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[Browser, Platform]]:
    data = tmp_path / "central"
    copy_city(city, data, request)
    with running_central(data) as central:
        yield Browser(central.url), central.platform


def sign_in(client: Browser, number: str, password: str = DEMO_PASSWORD) -> Any:
    page = client.get("/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    return client.post(
        "/console/login",
        data={"csrf": token.group(1), "number": number, "password": password},
        follow_redirects=False,
    )


def csrf(client: Browser, path: str = "/console/") -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def test_pages_need_a_console_account_and_a_sign_in_is_guarded(
    app: tuple[Browser, Platform],
) -> None:
    client, platform = app
    first = client.get("/console/", follow_redirects=False)
    assert (first.status_code, first.headers["location"]) == (303, "/console/login")
    # a counter clerk is no console account: refused like a wrong password
    assert sign_in(client, "C101").status_code == 401
    # without the login page's token: refused (login CSRF)
    bare = client.post(
        "/console/login", data={"number": "M001", "password": DEMO_PASSWORD}, follow_redirects=False
    )
    assert bare.status_code == 401
    assert "登录页面已过期" in bare.text
    for n in range(4):
        refused = sign_in(client, "M001", "wrong")
        assert f"还可尝试{4 - n}次" in refused.text
    locked = sign_in(client, "M001", "wrong")
    assert "账号已锁定" in locked.text
    assert "账号已锁定" in sign_in(client, "M001").text  # the right password waits too
    audit = [
        a
        for (a,) in platform.db.conn.execute(
            "SELECT action FROM console_audit WHERE actor = 'M001'"
        )
    ]
    assert audit.count("sign_in_failed") == 4  # the fifth locked
    assert audit.count("locked_out") == 1
    ok = sign_in(client, "M002")
    assert ok.status_code == 303
    cookie = ok.headers["set-cookie"]
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/console"):
        assert attribute in cookie
    page = client.get("/console/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_every_post_needs_the_sessions_token_and_this_origin(
    app: tuple[Browser, Platform],
) -> None:
    client, platform = app
    sign_in(client, "M001")
    official = _an_accepted(platform, HALLS[0][0])
    path = f"/console/applications/{official}/clock/pause"
    form = {"kind": "hearing", "reason": "听证", "notice": "告知1号"}
    assert client.post(path, data=form).status_code == 403
    token = csrf(client)
    foreign = client.post(
        path, data={**form, "csrf": token}, headers={"Origin": "http://evil.example"}
    )
    assert foreign.status_code == 403
    assert platform.legal_clock(official)["pauses"] == []  # nothing happened
    done = client.post(path, data={**form, "csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    assert platform.legal_clock(official)["paused"]


def test_a_manager_sees_their_hall_an_inspector_every_hall(
    app: tuple[Browser, Platform],
) -> None:
    client, platform = app
    other = _an_accepted(platform, HALLS[1][0])
    sign_in(client, "M001")
    assert client.get(f"/console/applications/{other}").status_code == 404
    listed = client.get("/console/cases").text
    assert HALLS[1][0] not in listed.split("<main")[1]  # only their hall's cases
    mine = _an_accepted(platform, HALLS[0][0])
    assert client.get(f"/console/applications/{mine}").status_code == 200
    client.cookies.clear()
    sign_in(client, "S001")
    assert client.get(f"/console/applications/{other}").status_code == 200
    every = client.get("/console/statistics?by=hall").text
    assert all(hall in every for hall, _, _ in HALLS)


def test_an_appeal_is_decided_only_by_an_inspector(app: tuple[Browser, Platform]) -> None:
    client, platform = app
    hall = HALLS[0][0]
    case = next(k for k in platform.case_list(hall=hall) if k["state"] == "verifying")
    sign_in(client, "M001")
    token = csrf(client)
    appealed = client.post(
        f"/console/cases/{case['id']}/appeal",
        data={"csrf": token, "reason": "评价人误触"},
        follow_redirects=False,
    )
    assert appealed.status_code == 303
    page = client.get(f"/console/cases/{case['id']}").text
    assert "等待监管人员决定" in page
    refused = client.post(
        f"/console/cases/{case['id']}/review",
        data={"csrf": token, "upheld": "yes", "note": "自己复核"},
    )
    assert refused.status_code == 403
    assert "申诉复核由监管人员决定" in refused.text
    client.cookies.clear()
    sign_in(client, "S001")
    decided = client.post(
        f"/console/cases/{case['id']}/review",
        data={"csrf": csrf(client), "upheld": "yes", "note": "录像显示误触"},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    assert platform.case(case["id"])["appeal_upheld"] is True


def test_a_session_ends_when_idle_and_when_the_account_is_disabled(
    app: tuple[Browser, Platform],
) -> None:
    client, platform = app
    sign_in(client, "M003")
    assert client.get("/console/cases").status_code == 200
    real = platform.clock
    platform.clock = lambda: real() + 31 * 60
    try:
        idle = client.get("/console/cases", follow_redirects=False)
        assert idle.headers["location"] == "/console/login"
    finally:
        platform.clock = real
    sign_in(client, "M003")
    platform.disable_staff("M003")
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_every_page_renders_and_a_figure_names_as_many_applications_as_it_counts(
    app: tuple[Browser, Platform],
) -> None:
    client, platform = app
    sign_in(client, "S001")
    since, until = END - timedelta(days=13), END
    period = f"since={since}&until={until}"
    for path in (
        f"/console/?{period}",
        "/console/warnings",
        "/console/warnings?level=red",
        "/console/cases",
        "/console/cases?overdue=1",
        "/console/fleet",
        *(
            f"/console/statistics?by={by}&{period}"
            for by in ("hall", "window", "clerk", "item", "channel", "body")
        ),
    ):
        page = client.get(path)
        assert page.status_code == 200, path
    figures = platform.statistics(None, since, until, "window")
    assert figures["all"]["volume"] > 100
    assert 0 < figures["all"]["good_rate"] < 100
    row = figures["rows"][0]
    listed = client.get(
        f"/console/applications?metric=volume&by=window&key={row['key']}&{period}"
    ).text
    assert f"共 {row['figures']['volume']} 件" in listed
    overdue = client.get(f"/console/applications?metric=overdue&{period}").text
    assert f"共 {figures['all']['overdue']} 件" in overdue
    red = platform.db.conn.execute(
        "SELECT official_number FROM supervision_warnings WHERE level = 'red' LIMIT 1"
    ).fetchone()
    assert red is not None
    detail = client.get(f"/console/applications/{red[0]}").text
    assert "监察记录" in detail
    assert "SX-02 超过办结时限" in detail
    case = platform.case_list()[0]
    assert client.get(f"/console/cases/{case['id']}").status_code == 200
    assert client.get("/console/cases/999999").status_code == 404
    assert "没有差评件" in client.get("/console/cases/999999").text


def _an_accepted(platform: Platform, hall: str) -> str:
    row = platform.db.conn.execute(
        "SELECT k.official_number FROM legal_clocks k"
        " JOIN applications a ON a.official_number = k.official_number"
        " JOIN terminals t ON t.id = a.terminal_id"
        " WHERE k.finished IS NULL AND t.hall = ? ORDER BY k.official_number LIMIT 1",
        (hall,),
    ).fetchone()
    assert row is not None
    return str(row[0])


def test_what_a_citizen_wrote_is_shown_as_text_never_run(app: tuple[Browser, Platform]) -> None:
    """A 差评's comment is the public's words: on the console it is escaped, never markup."""
    client, platform = app
    row = platform.db.conn.execute(
        "SELECT terminal_id, idem_key FROM applications WHERE terminal_id = 'H1-C1' LIMIT 1"
    ).fetchone()
    rating = {
        "local_id": "E-xss",
        "application_id": row[1],
        "satisfaction": "very_dissatisfied",
        "reasons": ["其他"],
        "comment": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    }
    platform.receive_evaluation(row[0], "E-xss", json.dumps(rating).encode())
    case = next(k for k in platform.case_list() if k["comment"].startswith("<script>"))
    sign_in(client, "M001")
    page = client.get(f"/console/cases/{case['id']}").text
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert(" not in page
    assert "<img src=x" not in page
