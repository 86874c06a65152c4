"""Search rules over catalogue documents: query analysis, synonyms and ranking.

A *document* is one distinct item name with its keywords; the store maps documents to the
implementations near the terminal. Retrieval (which documents may match) is the store's job;
this module decides how well each candidate matches and in what order to show them.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from core.catalogue.text import (
    has_cjk,
    is_latin,
    normalize,
    pinyin_full,
    pinyin_initials,
)
from core.messages import tr


class MatchKind(enum.Enum):
    EXACT = "exact"
    PREFIX = "prefix"
    NAME = "name"
    KEYWORD = "keyword"
    SYNONYM = "synonym"
    PINYIN = "pinyin"
    INITIALS = "initials"
    HOMOPHONE = "homophone"
    FUZZY = "fuzzy"

    @property
    def label(self) -> str:
        return {
            MatchKind.EXACT: tr("名称完全匹配"),
            MatchKind.PREFIX: tr("名称匹配"),
            MatchKind.NAME: tr("名称匹配"),
            MatchKind.KEYWORD: tr("常用说法"),
            MatchKind.SYNONYM: tr("近义词"),
            MatchKind.PINYIN: tr("拼音"),
            MatchKind.INITIALS: tr("拼音首字母"),
            MatchKind.HOMOPHONE: tr("同音字"),
            MatchKind.FUZZY: tr("相近"),
        }[self]


@dataclass(frozen=True, slots=True)
class SearchDoc:
    doc_id: int
    name: str
    keywords: str  # space-separated colloquial words
    popularity: int
    py_full: str
    initials: str
    kw_py: str  # pinyin of each keyword, '|'-separated
    kw_initials: str

    @classmethod
    def build(cls, doc_id: int, name: str, keywords: Sequence[str], popularity: int) -> SearchDoc:
        return cls(
            doc_id=doc_id,
            name=name,
            keywords=" ".join(keywords),
            popularity=popularity,
            py_full=pinyin_full(name),
            initials=pinyin_initials(name),
            kw_py="|".join(pinyin_full(k) for k in keywords),
            kw_initials="|".join(pinyin_initials(k) for k in keywords),
        )


class Synonyms:
    """Colloquial words (社保, 房产证, 开公司) and the catalogue words they mean."""

    def __init__(self, mapping: Mapping[str, Sequence[str]]) -> None:
        self.mapping = {k: tuple(v) for k, v in mapping.items()}
        self._by_pinyin: dict[str, list[str]] = {}
        self._by_initials: dict[str, list[str]] = {}
        for key in self.mapping:
            self._by_pinyin.setdefault(pinyin_full(key), []).append(key)
            if len(key) >= 2:
                self._by_initials.setdefault(pinyin_initials(key), []).append(key)

    def expand(self, text: str) -> list[tuple[str, float]]:
        """Terms meaning what ``text`` means: each key it contains swapped for its values."""
        out: list[tuple[str, float]] = []
        for key, values in self.mapping.items():
            if key in text:
                for v in values:
                    term = v if key == text else text.replace(key, v)
                    out.append((term, 0.8))
        return out

    def keys_for_latin(self, text: str) -> list[str]:
        """Keys whose full pinyin equals ``text`` (shebao → 社保) or whose initials do (sb)."""
        keys = list(self._by_pinyin.get(text, ()))
        if len(text) >= 2:
            keys += [k for k in self._by_initials.get(text, ()) if k not in keys]
        return keys


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (a letter added, dropped, changed, or two neighbours swapped) from ``a`` to ``b``
    — the restricted Damerau–Levenshtein distance — or ``limit + 1`` once it is more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if before is not None and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, before[j - 2] + 1)
            cur[j] = v
        if min(cur) > limit:
            return limit + 1
        before, prev = prev, cur
    return min(prev[-1], limit + 1)


#: A pinyin query is taken for a slip of a known word within this many edits: one from four
#: letters, two from eight (shebo, sehbao → shebao; qwxzqwxz is nothing).
SPELLING_MIN_LENGTH = 4


def spelling(query: str, words: Mapping[str, int]) -> str | None:
    """The known pinyin word (``words``: each with how many services use it) that ``query``
    is most likely a slip of — the nearest, then the most used — or None."""
    if len(query) < SPELLING_MIN_LENGTH or query in words:
        return None
    limit = 1 if len(query) < 8 else 2
    best: tuple[int, int, str] | None = None
    for word, used in words.items():
        d = edit_distance(query, word, limit)
        if d <= limit and (best is None or (d, -used, word) < best):
            best = (d, -used, word)
    return best[2] if best is not None else None


@dataclass(frozen=True, slots=True)
class Query:
    raw: str
    text: str  # normalized
    latin: bool
    terms: tuple[tuple[str, float], ...]  # CJK terms and their weights, the query's own first
    pinyin: str  # latin: the text; CJK: its pinyin (homophones and typos)

    @property
    def empty(self) -> bool:
        return not self.text


def analyze(raw: str, synonyms: Synonyms) -> Query:
    text = normalize(raw)
    latin = is_latin(text) and not has_cjk(text)
    terms: list[tuple[str, float]] = []
    if latin:
        for key in synonyms.keys_for_latin(text):
            terms.append((key, 0.9))
            terms.extend(synonyms.expand(key))
        pinyin = text
    else:
        terms.append((text, 1.0))
        terms.extend(synonyms.expand(text))
        pinyin = pinyin_full(text) if has_cjk(text) else ""
    seen: set[str] = set()
    unique = []
    for term, weight in terms:
        if term and term not in seen:
            seen.add(term)
            unique.append((term, weight))
    return Query(raw, text, latin, tuple(unique), pinyin)


@dataclass(frozen=True, slots=True)
class Scored:
    doc: SearchDoc
    score: float
    kind: MatchKind


_POP_SCALE = 20 / math.log1p(100)


def _bonus(doc: SearchDoc, matched_len: int) -> float:
    popularity = _POP_SCALE * math.log1p(max(doc.popularity, 0))
    coverage = 10 * min(matched_len / max(len(doc.name), 1), 1.0)
    return popularity + coverage


def _fuzzy(query: str, doc: SearchDoc) -> float:
    """Share of the query's letter pairs found close together in the document's pinyin (0–1).

    Pairs rather than triples: two swapped letters break three of a word's triples but only
    two or three of its pairs. The pairs must fall inside one window about the query's length,
    so a long name that happens to contain them scattered does not match.
    """
    pairs = {query[i : i + 2] for i in range(len(query) - 1)}
    if len(pairs) < 3:
        return 0.0
    span = len(query) + 1  # pairs in a window: the query's own, plus slack for a slip
    best = 0
    for hay in (doc.py_full, *doc.kw_py.split("|")):
        hay_pairs = [hay[i : i + 2] for i in range(len(hay) - 1)]
        for start in range(max(len(hay_pairs) - span, 0) + 1):
            found = len(pairs.intersection(hay_pairs[start : start + span]))
            best = max(best, found)
            if best == len(pairs):
                return 1.0
    return best / len(pairs)


#: Typo tolerance: at least this share of the query's pinyin letter pairs must be present, and
#: the query must be long enough for that share to mean something (dibao must not match
#: "di li bao hu").
FUZZY_THRESHOLD = 0.7
FUZZY_MIN_LENGTH = 6


def score(doc: SearchDoc, q: Query) -> Scored | None:
    """How well ``doc`` answers ``q``; None when it does not match at all."""
    best: tuple[float, MatchKind] | None = None

    def offer(base: float, kind: MatchKind, matched_len: int) -> None:
        nonlocal best
        total = base + _bonus(doc, matched_len)
        if best is None or total > best[0]:
            best = (total, kind)

    for i, (term, weight) in enumerate(q.terms):
        own = i == 0 and not q.latin
        if own and doc.name == term:
            offer(100, MatchKind.EXACT, len(term))
        elif own and doc.name.startswith(term):
            offer(78, MatchKind.PREFIX, len(term))
        elif term in doc.name:
            at = doc.name.index(term)
            pos_penalty = min(at * 0.2, 2.0)
            # Inside a parenthetical qualifier (…（设立登记、印章、发票、社保）) the term names a
            # detail of the item, not the item itself.
            qualifier = doc.name.count("（", 0, at) > doc.name.count("）", 0, at)
            w = weight * (0.75 if qualifier else 1.0)
            kind = MatchKind.NAME if own else MatchKind.SYNONYM
            offer(72 * w - pos_penalty, kind, len(term))
        elif term in doc.keywords:
            offer(62 * weight, MatchKind.KEYWORD if own else MatchKind.SYNONYM, len(term))
    p = q.pinyin
    if q.latin and p:
        if doc.py_full.startswith(p):
            offer(74 if doc.py_full == p else 66, MatchKind.PINYIN, len(p) // 3)
        elif len(p) >= 3 and p in doc.py_full:
            offer(58, MatchKind.PINYIN, len(p) // 3)
        elif len(p) >= 3 and p in doc.kw_py:
            offer(50, MatchKind.PINYIN, len(p) // 3)
        if len(p) >= 2:
            if doc.initials.startswith(p):
                offer(64 if doc.initials == p else 60, MatchKind.INITIALS, len(p))
            elif p in doc.initials:
                offer(52, MatchKind.INITIALS, len(p))
            elif p in doc.kw_initials:
                offer(46, MatchKind.INITIALS, len(p))
    elif p and len(q.text) >= 2 and best is None and p in doc.py_full:
        offer(40, MatchKind.HOMOPHONE, len(q.text))
    if best is None and len(p) >= FUZZY_MIN_LENGTH:
        share = _fuzzy(p, doc)
        if share >= FUZZY_THRESHOLD:
            offer(30 * share, MatchKind.FUZZY, 1)
    if best is None:
        return None
    return Scored(doc, round(best[0], 3), best[1])


PREFERRED_BONUS = 6.0


def rank(
    docs: Sequence[SearchDoc], q: Query, preferred: Callable[[SearchDoc], bool] | None = None
) -> list[Scored]:
    """Scores and orders candidates: best first, then more popular, then shorter names.

    Args:
        preferred: documents it accepts get a small bonus (a citizen kiosk prefers items for
            individuals, a business hall items for legal persons).
    """
    scored = [s for s in (score(d, q) for d in docs) if s is not None]
    if preferred is not None:
        scored = [
            Scored(s.doc, s.score + PREFERRED_BONUS, s.kind) if preferred(s.doc) else s
            for s in scored
        ]
    scored.sort(key=lambda s: (-s.score, -s.doc.popularity, len(s.doc.name), s.doc.doc_id))
    return scored
