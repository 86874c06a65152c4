"""The catalogue index against the full demo catalogue (~52,700 items)."""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from core.catalogue.models import Audience, Level
from core.catalogue.search import MatchKind
from core.errors import StorageError
from sync.catalogue import CatalogueStore

TOWNSHIP = "369901001000"  # a township hall in 青山区
VILLAGE = "369905003004"  # a village point in 石桥县


@pytest.fixture(scope="module")
def store(demo_catalogue: Path) -> Iterator[CatalogueStore]:
    with CatalogueStore(demo_catalogue) as s:
        yield s


def names(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [h.name for h in hits]


def test_catalogue_size(store: CatalogueStore) -> None:
    assert 48_000 <= store.count() <= 56_000
    assert len(store.themes()) >= 25


# The checks named in the issue: the obvious items first.
@pytest.mark.parametrize("query", ["sfz", "身份证", "shenfenzheng", "身分证", "shenfenzhegn"])
def test_identity_card_queries(store: CatalogueStore, query: str) -> None:
    top = names(store.search(query, region_code=TOWNSHIP, limit=3))
    assert top[0] == "居民身份证申领"
    assert all("身份证" in n for n in top)


@pytest.mark.parametrize("query", ["shebao", "社保", "sb", "shebo", "sehbao"])
def test_social_insurance_queries(store: CatalogueStore, query: str) -> None:
    top = names(store.search(query, region_code=TOWNSHIP, limit=5))
    assert len(top) == 5
    assert all(("社会保" in n or "养老保险" in n or "参保" in n) for n in top), top
    assert not any(n.startswith("企业开办") for n in top)


def test_a_slip_of_a_known_word_finds_it_and_nonsense_finds_nothing(store: CatalogueStore) -> None:
    """Issue 30 item 12: shebo and sehbao (a letter left out, two swapped) found nothing; they
    are taken for the word they are one edit from. A query near no word stays unanswered."""
    for slip, meant in (("gongjjin", "公积金"), ("hukuo", "户口"), ("yibo", "医保")):
        top = names(store.search(slip, region_code=TOWNSHIP, limit=3))
        assert top, slip
        assert meant in top[0], (slip, top)
    assert store.search("qwxzqwxz", region_code=TOWNSHIP) == []


def test_pension_query(store: CatalogueStore) -> None:
    top = names(store.search("养老", region_code=TOWNSHIP, limit=5))
    assert sum("养老保险" in n for n in top[:4]) >= 3, top


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("结婚", "内地居民结婚登记"),
        ("jiehun", "内地居民结婚登记"),
        ("低保", "低保边缘家庭认定"),
        ("开公司", "有限责任公司设立登记"),
        ("gjj", "住房公积金提取（租房）"),
        ("异地就医", "异地就医备案"),
        ("养老保线", "养老保险待遇资格认证"),
        ("驾照", "机动车驾驶证换证"),
        ("上户口", "出生登记"),
    ],
)
def test_more_everyday_queries(store: CatalogueStore, query: str, expected: str) -> None:
    assert expected in names(store.search(query, region_code=TOWNSHIP, limit=3))


def test_nonsense_finds_nothing(store: CatalogueStore) -> None:
    assert store.search("qwxzqwxz", region_code=TOWNSHIP) == []
    assert store.search("   ", region_code=TOWNSHIP) == []


def test_results_come_from_the_terminals_own_chain(store: CatalogueStore) -> None:
    for hit in store.search("登记", region_code=TOWNSHIP, limit=20):
        assert hit.impl_code[:12] in {"369901001000", "369901000000", "369900000000"} or (
            hit.impl_code.startswith("369901001")
        )


def test_the_nearest_body_is_chosen(store: CatalogueStore) -> None:
    # 城乡居民养老保险参保 is offered by county, township and village: a village sees its own.
    hit = store.search("城乡居民基本养老保险参保登记", region_code=VILLAGE, limit=1)[0]
    assert hit.match is MatchKind.EXACT
    assert hit.level is Level.VILLAGE
    assert hit.impl_code.startswith(VILLAGE)
    county_hit = store.search("城乡居民基本养老保险参保登记", region_code="369905000000", limit=1)[
        0
    ]
    assert county_hit.level is Level.COUNTY


def test_item_offered_only_below_shows_how_many_bodies(store: CatalogueStore) -> None:
    # 农村村民宅基地申请 is handled by townships and villages, not at the county hall.
    hit = store.search("宅基地申请", region_code="369905000000", limit=1)[0]
    assert hit.level in (Level.TOWNSHIP, Level.VILLAGE)
    assert hit.other_bodies > 50


def test_filters(store: CatalogueStore) -> None:
    hits = store.search("登记", region_code=TOWNSHIP, theme="户籍", limit=50)
    assert hits
    assert all(h.theme == "户籍" for h in hits)
    legal = store.search("登记", audience=Audience.LEGAL_PERSON, limit=50)
    assert legal
    assert all(
        h.theme
        in {
            "企业开办",
            "涉税服务",
            "市场准入许可",
            "工程建设",
            "生态环境",
            "交通运输",
            "人力资源（单位）",
        }
        for h in legal
    )
    village = store.search("补贴", region_code=VILLAGE, level=Level.VILLAGE, limit=50)
    assert village
    assert all(h.level is Level.VILLAGE for h in village)


def test_prefer_audience_reorders(store: CatalogueStore) -> None:
    person = names(store.search("注销", prefer_audience=Audience.PERSON, limit=3))
    business = names(store.search("注销", prefer_audience=Audience.LEGAL_PERSON, limit=3))
    legal_names = {"公司注销登记", "个体工商户注销登记", "简易注销登记", "税务注销"}
    assert business[0] in legal_names
    assert person[0] not in legal_names


def test_get_returns_the_full_item(store: CatalogueStore) -> None:
    hit = store.search("居民身份证申领", region_code=TOWNSHIP, limit=1)[0]
    item = store.get(hit.impl_code)
    assert item.name == "居民身份证申领"
    assert item.department == hit.department
    assert item.department in item.guide
    assert item.form.fields[0].key == "name"
    with pytest.raises(KeyError):
        store.get("nope")


def test_incremental_update_and_removal(tmp_path: Path, store: CatalogueStore) -> None:
    base = store.get(store.search("居民身份证申领", region_code=TOWNSHIP, limit=1)[0].impl_code)
    with CatalogueStore(tmp_path / "c.sqlite") as small:
        small.replace_all([base], version="v1")
        assert small.search("sfz")[0].name == "居民身份证申领"
        renamed = replace(
            base, impl_code=base.impl_code + "X", name="居民身份证首次申领", version=2
        )
        small.upsert([renamed], version="v2")
        assert small.version == "v2"
        assert {h.name for h in small.search("身份证")} == {"居民身份证申领", "居民身份证首次申领"}
        small.remove([base.impl_code], version="v3")
        assert names(small.search("身份证")) == ["居民身份证首次申领"]
        assert small.get(renamed.impl_code).version == 2


def test_corrupt_file_is_a_storage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError):
        CatalogueStore(bad)
