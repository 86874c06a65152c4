"""A guide's fees as the kiosk and the counter show them (issue 25): each amount in yuan with
two decimals, its legal basis, who collects it, how it is paid — or 不收费."""

from __future__ import annotations

from core.catalogue.models import Fee
from tests.helpers.samples import simple_item


def test_a_charged_item_shows_each_fee_its_basis_and_who_collects(qtbot) -> None:  # type: ignore[no-untyped-def]
    from common_qt.widgets.guide import guide_html

    item = simple_item(
        department="示范市公安局出入境管理支队",
        fees=(
            Fee("往来港澳通行证证件费", "60", "发改价格〔2019〕914号"),
            Fee("签注费（一次有效）", "15"),
        ),
    )
    html = guide_html(item)
    assert "往来港澳通行证证件费 <b>60.00元</b>" in html
    assert "依据：发改价格〔2019〕914号" in html
    assert "签注费（一次有效） <b>15.00元</b>" in html
    assert "收费单位：示范市公安局出入境管理支队" in html
    assert "缴款码" in html
    free = guide_html(simple_item(fees=(Fee("本事项不收费", "0"),)))
    assert "不收费" in free
    assert "收费单位" not in free


def test_the_address_is_asked_only_once_post_is_chosen(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """邮政寄递's rows appear when it is chosen and go again for 窗口自取 (issue 25)."""
    from datetime import date

    from common_qt.widgets.form import FormView
    from core.forms import FormSchema
    from core.postal import ADDRESS_KEYS, BY_POST, PICKUP, with_delivery

    schema = with_delivery(simple_item().form, (("369901001000", "示范市青山区光明街道"),))
    assert isinstance(schema, FormSchema)
    view = FormView(lambda: date(2026, 12, 5))
    qtbot.addWidget(view)
    view.resize(900, 900)
    view.show_form(schema, {})
    view.show()
    qtbot.waitExposed(view)

    def shown() -> set[str]:
        return {k for k in ADDRESS_KEYS if view.fields[k].widget.isVisible()}

    assert shown() == set()
    group = view.fields[PICKUP].group
    assert group is not None
    by_post = next(b for b in group.buttons() if b.property("value") == BY_POST)
    by_post.click()
    qtbot.waitUntil(lambda: shown() == set(ADDRESS_KEYS), timeout=2000)
    view.grab().save(str(tmp_path / "post.png"))
    at_window = next(b for b in group.buttons() if b.property("value") != BY_POST)
    at_window.click()
    qtbot.waitUntil(lambda: shown() == set(), timeout=2000)
    view.show_form(schema, {PICKUP: BY_POST})  # shown again with post chosen before
    qtbot.waitUntil(lambda: shown() == set(ADDRESS_KEYS), timeout=2000)
