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
