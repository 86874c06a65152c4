"""English names of what a platform publishes in Chinese (service names, themes, materials,
form fields), for a kiosk used in English: found by their English words.

The names themselves come from a translation file (``assets/translations/catalogue_en.ts``,
kept by ``scripts/translations.py``); this is the rule for finding them.

    >>> g = Glossary({"普通护照签发": "Issuing an ordinary passport", "户籍": "Household reg."})
    >>> g.terms_for("passport")
    ['普通护照签发']
    >>> g.terms_for("house reg")
    ['户籍']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class Glossary:
    english: Mapping[str, str] = field(default_factory=dict)  # Chinese term → English name

    def terms_for(self, query: str, limit: int = 8) -> list[str]:
        """The Chinese terms whose English name has a word beginning with each word of
        ``query`` (any case; "id card", "passp"); names that begin with the query first,
        then the shorter. Empty for a query with Chinese in it (searched as it is)."""
        # the search's own rule for Chinese (imported here: it loads pypinyin, which the kiosk's
        # catalogue thread has loaded by the first search, and the kiosk's start should not)
        from core.catalogue.text import has_cjk

        wanted = words(query)
        if not wanted or has_cjk(query) or max(len(w) for w in wanted) < 3:
            return []
        found = []
        for term, name in self.english.items():
            have = words(name)
            if all(any(h.startswith(w) for h in have) for w in wanted):
                starts = have[: len(wanted)] == wanted or have[0].startswith(wanted[0])
                found.append((not starts, len(name), term))
        return [term for *_, term in sorted(found)[:limit]]
