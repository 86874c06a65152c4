"""即办/秒批 (issue 24): which applications the platform decides as they arrive."""

from __future__ import annotations

from core.catalogue.models import Handling, Material, MaterialForm
from core.instant import instant_result, verify_code
from tests.helpers.samples import simple_item

KEY = b"k" * 32
HUKOU = Material("hukou", "居民户口簿", MaterialForm.ORIGINAL, 1, True, "", "居民户口簿")
PHOTO = Material("photo", "照片", MaterialForm.ORIGINAL, 1, True)


def _decide(item, held=(), from_licences=None):  # type: ignore[no-untyped-def]
    return instant_result(
        item,
        holder_name="张三丰",
        official_number="369901",
        held_types=set(held),
        from_licences=from_licences or {},
        key=KEY,
    )


def test_a_certificate_from_the_records_is_issued_when_the_record_exists() -> None:
    item = simple_item(name="户籍证明开具", handling=Handling.IMMEDIATE, materials=(HUKOU,))
    result = _decide(item, held={"居民户口簿"})
    assert result is not None
    assert result.title == "户籍证明"
    assert "张三丰" in result.lines[0]
    assert result.verify_code == verify_code(KEY, "369901")
    assert _decide(item, held=set()) is None  # no record: a person looks


def test_an_instant_item_whose_materials_all_came_from_licences_is_done() -> None:
    item = simple_item(handling=Handling.IMMEDIATE, materials=(HUKOU,))
    assert _decide(item, from_licences={"hukou": True}) is not None
    both = simple_item(handling=Handling.IMMEDIATE, materials=(HUKOU, PHOTO))
    assert _decide(both, from_licences={"hukou": True}) is None  # a photo to look at
    promised = simple_item(handling=Handling.PROMISED, materials=(HUKOU,))
    assert _decide(promised, from_licences={"hukou": True}) is None  # 承诺件: never at once
