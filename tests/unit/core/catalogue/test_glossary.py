"""The glossary's English names found by their words (a kiosk used in English)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.catalogue.glossary import Glossary

G = Glossary(
    {
        "普通护照签发": "Issuing an ordinary passport",
        "普通护照换发": "Renewing an ordinary passport",
        "原护照或通行证": "Old passport or travel permit",
        "居民身份证换领": "Renewing a resident ID card",
        "户籍": "Household registration",
    }
)


def test_every_word_of_the_query_begins_a_word_of_the_name() -> None:
    shorter_first = ["普通护照签发", "原护照或通行证", "普通护照换发"]
    assert G.terms_for("passport") == shorter_first
    assert G.terms_for("renew passp") == ["普通护照换发"]
    assert G.terms_for("ID CARD") == ["居民身份证换领"]
    assert G.terms_for("house reg") == ["户籍"]
    assert G.terms_for("registration household") == ["户籍"]  # any order


def test_names_that_begin_with_the_query_come_first() -> None:
    assert G.terms_for("renewing")[0] in ("普通护照换发", "居民身份证换领")
    assert G.terms_for("old")[0] == "原护照或通行证"


def test_short_or_chinese_queries_are_left_to_the_catalogue() -> None:
    assert G.terms_for("id") == []  # two letters find everything: pinyin and initials' job
    assert G.terms_for("护照") == []
    assert G.terms_for("passport 护照") == []
    assert G.terms_for("   ") == []
    assert Glossary().terms_for("passport") == []


@given(st.text(max_size=30))
def test_any_query_gives_known_terms_within_the_limit(query: str) -> None:
    found = G.terms_for(query, limit=2)
    assert len(found) <= 2
    assert all(term in G.english for term in found)
