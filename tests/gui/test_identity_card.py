"""The card panel speaks Chinese: a foreigner's nationality by its Chinese name."""

from __future__ import annotations

from common_qt.qt import QtWidgets
from common_qt.widgets.identity_card import IdentityCardView, country_name
from core.ports import CardRead
from devices.idcard.cards import DEMO_CARDS


def test_nationality_codes_show_as_chinese_names(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert country_name("USA") == "美国"
    assert country_name("gbr") == "英国"
    assert country_name("HKG") == "中国香港"
    assert country_name("ZZZ") == "ZZZ"  # unknown: as printed on the card
    # the 2023 card holds the numeric code (it showed 国籍 250)
    assert country_name("250") == "法国"
    assert country_name("840") == "美国"
    assert country_name("999") == "999"
    for masked in (True, False):
        view = IdentityCardView(masked=masked)
        qtbot.addWidget(view)
        view.show_card(CardRead(DEMO_CARDS["I"], b"", b""))  # a permanent residence card
        shown = [w.text() for w in view.findChildren(QtWidgets.QLabel)]
        assert "美国" in shown
        assert "USA" not in shown


def test_a_2023_card_with_a_numeric_country_shows_its_chinese_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    card = replace(DEMO_CARDS["Y"], nationality="250")  # as a real 2023 card carries it
    view = IdentityCardView(masked=False)
    qtbot.addWidget(view)
    view.show_card(CardRead(card, b"", b""))
    shown = [w.text() for w in view.findChildren(QtWidgets.QLabel)]
    assert "法国" in shown
    assert "250" not in shown
