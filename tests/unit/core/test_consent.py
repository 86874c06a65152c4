"""代办委托's text: it names the item consented to, and a consent is printed again in the
wording its signer saw."""

from __future__ import annotations

from core.consent import CONSENT_VERSION, consent_text


def test_the_consent_names_the_item_and_keeps_each_versions_wording() -> None:
    now = consent_text("李代办（工号 D0001）", "青山村代办站", "居民身份证换领")
    assert "委托青山村代办站代办员李代办（工号 D0001）代为办理“居民身份证换领”事项" in now
    assert consent_text(
        "李代办", "青山村代办站", "居民身份证换领", CONSENT_VERSION
    ) == consent_text("李代办", "青山村代办站", "居民身份证换领")
    earlier = consent_text("李代办", "青山村代办站", "居民身份证换领", "2026-1")
    assert "本次申请的政务服务事项" in earlier  # what a 2026-1 signer read: no item named
    assert "居民身份证换领" not in earlier
