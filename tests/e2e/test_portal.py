"""引导网上注册 on the platform (issue 25): a code sent to the phone, kept only as a digest;
a wrong code refused with the tries left; the right one creates the card's person's account
once — a second enrolment of the same card binds it to the new phone; one code a minute per
phone; an old code refused; the enrolments counted per hall and window."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from central.base import PlatformError
from central.platform import Platform

ID = "110101199001010031"


class Clock:
    def __init__(self) -> None:
        self.now = 2_000_000_000.0

    def __call__(self) -> float:
        return self.now


def _sent(data: Path) -> str:
    """The last code the reference platform's SMS gateway sent."""
    line = (data / "sms-outbox.log").read_text(encoding="utf-8").splitlines()[-1]
    found = re.search(r"验证码为(\d{6})", json.loads(line)["text"])
    assert found is not None
    return found.group(1)


def _start(platform: Platform, phone: str, window: str = "自助终端") -> str:
    body = {"id_number": ID, "name": "张三丰", "phone": phone, "window": window}
    answer = platform.enrol_start("K1", json.dumps(body).encode())
    assert answer.status == 201
    assert answer.doc["phone"] == phone[:3] + "****" + phone[-4:]
    return str(answer.doc["request"])


def _confirm(platform: Platform, request: str, code: str) -> dict[str, object]:
    return platform.enrol_confirm("K1", request, json.dumps({"code": code}).encode()).doc


def test_an_account_is_created_once_and_bound_again_by_a_code_sent_to_the_phone(
    tmp_path: Path,
) -> None:
    clock = Clock()
    platform = Platform(tmp_path, clock=clock)
    platform.add_terminal("K1", "自助终端", hall="H1", role="kiosk")
    request = _start(platform, "13812345678")
    code = _sent(tmp_path)
    stored = platform.db.conn.execute("SELECT code FROM portal_requests").fetchone()[0]
    assert code not in stored  # a keyed digest, never the code
    with pytest.raises(PlatformError) as wrong:
        _confirm(platform, request, "000000" if code != "000000" else "111111")
    assert (wrong.value.status, wrong.value.message) == (422, "验证码不正确，还可尝试4次。")
    with pytest.raises(PlatformError) as again:  # one code a minute per phone
        _start(platform, "13812345678")
    assert again.value.status == 429
    made = _confirm(platform, request, code)
    assert made["created"] is True
    assert made["holder"] == "张*丰"
    account = made["account"]
    with pytest.raises(PlatformError) as twice:
        _confirm(platform, request, code)
    assert twice.value.status == 409
    # the same card, another day, another phone: bound, not a second account
    clock.now += 86_400
    second = _start(platform, "13987654321", window="3号窗口")
    bound = _confirm(platform, second, _sent(tmp_path))
    assert (bound["created"], bound["account"]) == (False, account)
    assert platform.db.conn.execute("SELECT count(*) FROM portal_accounts").fetchone()[0] == 1
    # a code too old
    clock.now += 86_400
    late = _start(platform, "13812345678")
    clock.now += 301
    with pytest.raises(PlatformError) as expired:
        _confirm(platform, late, _sent(tmp_path))
    assert expired.value.status == 410
    counts = platform.enrolment_counts()
    assert counts["total"] == 2
    assert {(r["window"], r["enrolled"], r["new_accounts"]) for r in counts["rows"]} == {
        ("自助终端", 1, 1),
        ("3号窗口", 1, 0),
    }
    # over a period: the days the enrolments were finished on (China days)
    assert platform.enrolment_counts(since=date(2033, 5, 18), until=date(2033, 5, 18))["total"] == 1
    assert platform.enrolment_counts(since=date(2033, 5, 21))["total"] == 0
    with pytest.raises(PlatformError) as bad_phone:
        _start(platform, "1381234567")
    assert bad_phone.value.status == 422
