"""Text analysis for catalogue search: pinyin, initials, CJK grams, query normalization."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"^[a-z]+$")
#: Spaces, punctuation and control characters (a NUL in a query broke the index's query syntax)
_DROP = re.compile(
    r"[\s\u3000·・,，.。、;；:：!！?？\"'“”‘’()（）\[\]【】《》<>/\\|_\-—\x00-\x1f\x7f-\x9f]+"
)


def normalize(text: str) -> str:
    """NFKC (full-width letters to ASCII), lower case, punctuation and spaces removed."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text)).lower()


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def is_latin(text: str) -> bool:
    return _LATIN.match(text) is not None


@lru_cache(maxsize=4096)
def syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of the CJK characters in ``text`` (others are dropped)."""
    return tuple(lazy_pinyin("".join(_CJK.findall(text)), style=Style.NORMAL, errors="ignore"))


def pinyin_full(text: str) -> str:
    return "".join(syllables(text))


def pinyin_initials(text: str) -> str:
    return "".join(s[0] for s in syllables(text) if s)


def grams(text: str) -> set[str]:
    """Unigrams and bigrams of every CJK run: the tokens that let 1–2 character queries use
    an index (a trigram index cannot match fewer than three characters)."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def query_grams(term: str) -> list[str]:
    """The grams a document must all contain to possibly contain ``term`` as a substring."""
    if len(term) <= 2:
        return [term]
    return [term[i : i + 2] for i in range(len(term) - 1)]


def trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def trigram_similarity(a: str, b: str) -> float:
    """Dice coefficient of the two strings' trigrams (0–1)."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))
