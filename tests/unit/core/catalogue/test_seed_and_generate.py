from collections import Counter

import pytest

from core.catalogue.codec import item_from_dict, item_to_dict, join_item, split_item
from core.catalogue.generate import count_implementations, expand
from core.catalogue.models import Audience, Level
from core.catalogue.regions import ancestors_and_self, demo_city, level_of
from core.catalogue.seed import Seed
from sync.catalogue import load_demo_seed


@pytest.fixture(scope="module")
def seed() -> Seed:
    return load_demo_seed()


def test_seed_is_a_realistic_catalogue(seed: Seed) -> None:
    names = [s.name for s in seed.items]
    assert len(names) >= 250
    assert len(set(names)) == len(names), "item names are unique"
    themes = {s.theme for s in seed.items}
    for theme in (
        "户籍",
        "社会保险",
        "医疗保障",
        "住房公积金",
        "不动产登记",
        "婚姻登记",
        "生育收养",
        "教育",
        "企业开办",
        "涉税服务",
    ):
        assert theme in themes
    audiences = Counter(s.audience for s in seed.items)
    assert audiences[Audience.LEGAL_PERSON] >= 50
    assert all(s.legal_days >= s.promised_days for s in seed.items)


def test_every_item_asks_for_identity_and_has_a_form(seed: Seed) -> None:
    for s in seed.items:
        codes = [m.code for m in s.materials]
        assert ("id_card" in codes) or ("legal_rep_id" in codes), s.name
        assert codes[-2:] == ["power_of_attorney", "agent_id"]
        assert s.form.fields, s.name


def test_demo_city_shape() -> None:
    city = demo_city()
    counts = Counter(r.level for r in city.walk())
    assert counts == {Level.CITY: 1, Level.COUNTY: 9, Level.TOWNSHIP: 117, Level.VILLAGE: 702}
    codes = [r.code for r in city.walk()]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 12 and c.isdigit() for c in codes)
    assert all(level_of(r.code) is r.level for r in city.walk())


def test_demo_city_is_deterministic() -> None:
    a = [r.name for r in demo_city().walk()]
    b = [r.name for r in demo_city().walk()]
    assert a == b


def test_ancestors() -> None:
    assert ancestors_and_self("369901001001") == [
        "369901001001",
        "369901001000",
        "369901000000",
        "369900000000",
    ]
    assert ancestors_and_self("369900000000") == ["369900000000"]


def test_expansion_reaches_the_size_of_a_mid_sized_city(seed: Seed) -> None:
    n = count_implementations(seed, demo_city())
    assert 48_000 <= n <= 56_000


def test_generated_codes_respect_the_standard_lengths(seed: Seed) -> None:
    items = list(expand(seed, demo_city(1, 2)))
    assert len({i.impl_code for i in items}) == len(items)
    assert all(len(i.basic_code) <= 10 and len(i.impl_code) <= 24 for i in items)
    village = next(i for i in items if i.level is Level.VILLAGE)
    assert village.department.endswith("便民服务站")
    assert "【申请材料】" in village.guide
    assert village.department in village.guide


def test_codec_round_trip_for_every_seed_item(seed: Seed) -> None:
    for item in expand(seed, demo_city(1, 1)):
        assert item_from_dict(item_to_dict(item)) == item
        shared, own = split_item(item)
        assert join_item(shared, own) == item


def test_shared_part_is_identical_across_bodies(seed: Seed) -> None:
    items = [i for i in expand(seed, demo_city(1, 2)) if i.name == "居民身份证申领"]
    assert len(items) > 2
    shared = {str(split_item(i)[0]) for i in items}
    assert len(shared) == 1
