import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.catalogue.search import MatchKind, SearchDoc, Synonyms, analyze, rank, score
from core.catalogue.text import (
    grams,
    has_cjk,
    normalize,
    pinyin_full,
    pinyin_initials,
    query_grams,
    trigram_similarity,
)

SYN = Synonyms({"社保": ["社会保险"], "医保": ["医疗保险"]})


def doc(i: int, name: str, kw: tuple[str, ...] = (), pop: int = 10) -> SearchDoc:
    return SearchDoc.build(i, name, kw, pop)


def test_pinyin_and_initials() -> None:
    assert pinyin_full("居民身份证") == "juminshenfenzheng"
    assert pinyin_initials("居民身份证") == "jmsfz"
    assert pinyin_full("ABC 公积金") == "gongjijin"


def test_normalize_full_width_and_punctuation() -> None:
    assert normalize("  ＳＦＺ，身份证！") == "sfz身份证"
    assert normalize("Xi'an") == "xian"


def test_grams_cover_one_and_two_characters() -> None:
    assert grams("身份证") == {"身", "份", "证", "身份", "份证"}
    assert query_grams("身份证") == ["身份", "份证"]
    assert query_grams("证") == ["证"]


def test_trigram_similarity() -> None:
    assert trigram_similarity("shenfenzheng", "shenfenzheng") == 1.0
    assert trigram_similarity("ab", "abc") == 0.0


@given(st.text(max_size=40))
def test_analysis_never_fails(text: str) -> None:
    q = analyze(text, SYN)
    assert q.empty == (q.text == "")
    if has_cjk(q.text):
        assert not q.latin


def test_synonym_expansion_from_chinese_and_pinyin() -> None:
    assert ("社会保险", 0.8) in analyze("社保", SYN).terms
    assert analyze("社保卡", SYN).terms[1] == ("社会保险卡", 0.8)
    latin = analyze("shebao", SYN)
    assert latin.latin
    assert ("社保", 0.9) in latin.terms
    assert ("社会保险", 0.8) in latin.terms
    assert ("医保", 0.9) in analyze("yb", SYN).terms


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("居民身份证申领", MatchKind.EXACT),
        ("居民身份", MatchKind.PREFIX),
        ("身份证", MatchKind.NAME),
        ("办身份证", MatchKind.KEYWORD),
        ("juminshenfenzheng", MatchKind.PINYIN),
        ("shenfenzheng", MatchKind.PINYIN),
        ("jmsfzsl", MatchKind.INITIALS),
        ("sfz", MatchKind.INITIALS),
        ("身分证", MatchKind.HOMOPHONE),
        ("shenfenzhegn", MatchKind.FUZZY),
    ],
)
def test_match_kinds(query: str, kind: MatchKind) -> None:
    d = doc(1, "居民身份证申领", ("办身份证",))
    scored = score(d, analyze(query, SYN))
    assert scored is not None
    assert scored.kind is kind


@pytest.mark.parametrize("query", ["结婚", "jiehun", "zzz", "dibao"])
def test_non_matches(query: str) -> None:
    assert score(doc(1, "居民身份证申领"), analyze(query, SYN)) is None


def test_exact_beats_prefix_beats_substring() -> None:
    docs = [doc(1, "补领户口簿"), doc(2, "户口簿补领"), doc(3, "户口簿")]
    assert [s.doc.doc_id for s in rank(docs, analyze("户口簿", SYN))] == [3, 2, 1]


def test_popularity_breaks_ties_among_equal_matches() -> None:
    docs = [doc(1, "居民身份证换领", pop=10), doc(2, "居民身份证申领", pop=100)]
    assert rank(docs, analyze("身份证", SYN))[0].doc.doc_id == 2


def test_match_inside_a_qualifier_counts_less() -> None:
    docs = [doc(1, "企业开办（含社会保险）", pop=100), doc(2, "社会保险登记", pop=50)]
    assert rank(docs, analyze("社会保险", SYN))[0].doc.doc_id == 2


def test_preference_lifts_equal_matches() -> None:
    docs = [doc(1, "甲登记", pop=10), doc(2, "乙登记", pop=10)]
    ranked = rank(docs, analyze("登记", SYN), preferred=lambda d: d.doc_id == 2)
    assert ranked[0].doc.doc_id == 2


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    from core.catalogue.search import edit_distance

    assert edit_distance("sehbao", "shebao", 2) == 1  # two neighbours swapped
    assert edit_distance("shebo", "shebao", 2) == 1  # a letter left out
    assert edit_distance("shebao", "shebao", 2) == 0
    assert edit_distance("qwxzqwxz", "shebao", 2) == 3  # more than the limit: limit + 1


def test_a_slip_is_taken_for_the_nearest_most_used_word() -> None:
    from core.catalogue.search import spelling

    words = {"shebao": 40, "shebei": 2, "dibao": 5, "shenfenzheng": 30}
    assert spelling("shebo", words) == "shebao"
    assert spelling("sehbao", words) == "shebao"
    assert spelling("shebao", words) is None  # a word already
    assert spelling("sheb", words) is None  # 2 edits from both: too far for 4 letters
    assert spelling("shnfenzhen", words) == "shenfenzheng"  # 2 edits allowed from 8 letters
    assert spelling("sb", words) is None  # initials are not slips
