"""The local catalogue index: ~50,000 implementations searchable in milliseconds, offline.

Layout:
* ``basics``: the part of an item shared by all its implementations, once per basic code
  and version (materials, form, guide with a department placeholder).
* ``items``: one row per implementation (code, body, region, level) pointing at its document.
* ``docs``: one search document per distinct item name, with keywords, pinyin and initials.
* ``doc_tri`` (FTS5 trigram): substring search of names, keywords, pinyin and initials for
  queries of three characters or more; ``doc_grams`` (FTS5 over our own unigram/bigram
  tokens) for one- and two-character queries, which a trigram index cannot serve.

Retrieval finds candidate documents through the FTS tables; core.catalogue.search ranks them;
each winner is resolved to the implementation nearest the terminal's region.
"""

from __future__ import annotations

import gzip
import json
import logging
import sqlite3
import tomllib
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from core.catalogue.codec import join_item, split_item
from core.catalogue.models import Audience, Handling, Level, ServiceItem
from core.catalogue.regions import ancestors_and_self
from core.catalogue.search import (
    FUZZY_MIN_LENGTH,
    FUZZY_THRESHOLD,
    MatchKind,
    Query,
    SearchDoc,
    Synonyms,
    analyze,
    rank,
    spelling,
)
from core.catalogue.seed import Seed, parse_seed
from core.catalogue.text import grams, pinyin_full, pinyin_initials, trigrams
from core.errors import StorageError

log = logging.getLogger(__name__)

#: The catalogue's write-ahead log is cut back to this after a checkpoint.
WAL_LIMIT_BYTES = 4 * 1024 * 1024

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS basics (
    basic_code TEXT NOT NULL, version INTEGER NOT NULL, shared TEXT NOT NULL,
    PRIMARY KEY (basic_code, version));
CREATE TABLE IF NOT EXISTS docs (
    doc_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, keywords TEXT NOT NULL,
    popularity INTEGER NOT NULL, themes TEXT NOT NULL, audiences TEXT NOT NULL,
    levels TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    impl_code TEXT PRIMARY KEY, basic_code TEXT NOT NULL, version INTEGER NOT NULL,
    doc_id INTEGER NOT NULL REFERENCES docs(doc_id), name TEXT NOT NULL,
    region_code TEXT NOT NULL, region_name TEXT NOT NULL, level INTEGER NOT NULL,
    department TEXT NOT NULL, theme TEXT NOT NULL, handling TEXT NOT NULL,
    promised_days INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS items_doc_region ON items (doc_id, region_code);
CREATE VIRTUAL TABLE IF NOT EXISTS doc_tri USING fts5 (text, py, ini, tokenize = 'trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS doc_grams USING fts5 (grams);
"""


#: The catalogue snapshot's format (CatalogueStore.write_snapshot): a terminal that does not
#: know a central's format downloads the catalogue page by page instead.
SNAPSHOT_FORMAT = "hall-catalogue-tables/1"

#: The tables a snapshot carries (in this order: docs before the items naming them), their
#: columns and their order; doc_tri and doc_grams are built from docs where it is loaded.
_SNAPSHOT_TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "basics": (("basic_code", "version", "shared"), "basic_code, version"),
    "docs": (
        ("doc_id", "name", "keywords", "popularity", "themes", "audiences", "levels"),
        "doc_id",
    ),
    "items": (
        (
            "impl_code",
            "basic_code",
            "version",
            "doc_id",
            "name",
            "region_code",
            "region_name",
            "level",
            "department",
            "theme",
            "handling",
            "promised_days",
        ),
        "impl_code",
    ),
}
_INT_COLUMNS = {"version", "doc_id", "popularity", "level", "promised_days"}


def _row_fits(table: str, values: list[Any]) -> bool:
    columns = _SNAPSHOT_TABLES[table][0]
    return len(values) == len(columns) and all(
        (type(v) is int) if c in _INT_COLUMNS else isinstance(v, str)
        for c, v in zip(columns, values, strict=True)
    )


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result line: an item near the terminal, and how it matched."""

    name: str
    impl_code: str
    department: str
    region_name: str
    level: Level
    theme: str
    handling: str
    promised_days: int
    match: MatchKind
    score: float
    other_bodies: int  # further implementing bodies of the same item within the scope


def _fts_string(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


class CatalogueStore:
    """The catalogue index in one SQLite file. Not thread-safe: one per thread."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        try:
            self._db = sqlite3.connect(str(path))
            self._db.execute("PRAGMA journal_mode = WAL")
            # the log is cut back to this after each checkpoint: a download that failed
            # half-way (a dropped network, a full disk) left its pages there, attempt after
            # attempt, on a disk already nearly full
            self._db.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}")
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as e:
            raise StorageError(f"catalogue {path}: {e}") from e
        self._docs: dict[int, SearchDoc] = {}
        self._doc_meta: dict[int, tuple[frozenset[str], frozenset[str], frozenset[int]]] = {}
        self._synonyms = Synonyms({})
        self._words: Counter[str] = Counter()  # pinyin words and how many services use them
        self._loaded_version: str | None = None
        self._load_memory()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CatalogueStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- building ---------------------------------------------------------------------

    def _load_memory(self) -> None:
        self._docs.clear()
        self._doc_meta.clear()
        rows = self._db.execute(
            "SELECT doc_id, name, keywords, popularity, themes, audiences, levels FROM docs"
        )
        for doc_id, name, kw, pop, themes, audiences, levels in rows:
            self._docs[doc_id] = SearchDoc.build(doc_id, name, kw.split(), pop)
            self._doc_meta[doc_id] = (
                frozenset(themes.split("|")),
                frozenset(audiences.split("|")),
                frozenset(int(x) for x in levels.split("|")),
            )
        raw = self.meta("synonyms")
        self._synonyms = Synonyms(json.loads(raw) if raw else {})
        # the pinyin words a slip is corrected to: names, keywords, colloquial words
        self._words = Counter()
        for doc in self._docs.values():
            self._words.update({doc.py_full, *filter(None, doc.kw_py.split("|"))})
        self._words.update(pinyin_full(key) for key in self._synonyms.mapping)
        self._loaded_version = self.version

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, **values: str) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(values.items()))

    @property
    def version(self) -> str | None:
        return self.meta("version")

    def refresh(self) -> bool:
        """Reloads the in-memory index if another connection (the sync worker, another server
        thread) changed the catalogue; one small query when nothing changed."""
        if self.version == self._loaded_version:
            return False
        self._load_memory()
        return True

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM items").fetchone()[0])

    def count_handling(self, handling: Handling) -> int:
        """Items handled so (即办件: the seeds ask for at least 30 % of them)."""
        row = self._db.execute(
            "SELECT count(*) FROM items WHERE handling = ?", (handling.value,)
        ).fetchone()
        return int(row[0])

    def replace_all(
        self,
        items: Iterable[ServiceItem],
        *,
        version: str,
        synonyms: dict[str, Sequence[str]] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replaces the whole catalogue in one transaction; returns the number of items.
        One that fails leaves no log behind it (see :meth:`_cut_log`)."""
        db = self._db
        try:
            with db:
                for table in ("items", "basics", "docs", "doc_tri", "doc_grams", "meta"):
                    db.execute(f"DELETE FROM {table}")
                n = self._insert(items, progress)
                db.execute("INSERT INTO meta VALUES ('version', ?)", (version,))
                db.execute(
                    "INSERT INTO meta VALUES ('synonyms', ?)",
                    (json.dumps(synonyms or {}, ensure_ascii=False),),
                )
                self._rebuild_fts()
        except BaseException:
            self._cut_log()
            raise
        db.execute("ANALYZE")
        self._load_memory()
        return n

    def write_snapshot(self, out: BinaryIO, **header: Any) -> int:
        """The catalogue's tables as one compressed file (gzip of JSON lines, the bytes the
        same for the same catalogue: a download resumed on another replica still fits): a
        header line (``SNAPSHOT_FORMAT``, ``header``, the synonyms, the count), one line a
        row, an end line with the count of rows. A new terminal loads it with
        :meth:`load_snapshot` — no item decoded and encoded again on either side. Returns
        the rows written."""
        rows = 0
        with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6, mtime=0) as gz:
            head = {
                **header,
                "format": SNAPSHOT_FORMAT,
                "synonyms": json.loads(self.meta("synonyms") or "{}"),
                "total": self.count(),
            }
            gz.write(json.dumps(head, ensure_ascii=False, sort_keys=True).encode() + b"\n")
            for table, (columns, order) in _SNAPSHOT_TABLES.items():
                query = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"
                lines = []
                for row in self._db.execute(query):
                    lines.append(json.dumps([table, *row], ensure_ascii=False).encode())
                    if len(lines) >= 1000:
                        gz.write(b"\n".join(lines) + b"\n")
                        rows += len(lines)
                        lines = []
                if lines:
                    gz.write(b"\n".join(lines) + b"\n")
                    rows += len(lines)
            gz.write(json.dumps({"end": rows}).encode() + b"\n")
        return rows

    def load_snapshot(
        self,
        source: BinaryIO,
        *,
        version: str = "",
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]:
        """Replaces the whole catalogue with a file :meth:`write_snapshot` wrote, in one
        transaction (searches see the old one until then); every row checked for its table,
        its columns and their types — a damaged or foreign file changes nothing. Returns the
        file's header. Raises StorageError (the file) or sqlite3 errors (the disk)."""
        db = self._db
        try:
            with gzip.GzipFile(fileobj=source, mode="rb") as gz:
                try:
                    head = json.loads(gz.readline())
                except ValueError:
                    raise StorageError("catalogue snapshot: no header") from None
                if not isinstance(head, dict) or head.get("format") != SNAPSHOT_FORMAT:
                    raise StorageError("catalogue snapshot: not a " + SNAPSHOT_FORMAT)
                try:
                    total = int(head.get("total", 0))
                    version = version or f"{head['base']}+{int(head['cursor'])}"
                except (KeyError, TypeError, ValueError):
                    raise StorageError("catalogue snapshot: a header without its base") from None
                synonyms = head.get("synonyms") or {}
                if not isinstance(synonyms, dict):
                    raise StorageError("catalogue snapshot: synonyms are not a table")
                with db:
                    for table in ("items", "basics", "docs", "doc_tri", "doc_grams", "meta"):
                        db.execute(f"DELETE FROM {table}")
                    _, items = self._load_rows(gz, total, progress)
                    if items != total:
                        raise StorageError(f"catalogue snapshot: {items} items, not {total}")
                    db.execute("INSERT INTO meta VALUES ('version', ?)", (version,))
                    db.execute(
                        "INSERT INTO meta VALUES ('synonyms', ?)",
                        (json.dumps(synonyms, ensure_ascii=False),),
                    )
                    self._rebuild_fts()
        except (OSError, EOFError, zlib.error) as e:  # a damaged or cut file
            self._cut_log()
            if isinstance(e, OSError) and e.errno is not None:
                raise  # the disk's, not the file's
            raise StorageError(f"catalogue snapshot: damaged ({e})") from None
        except BaseException:
            self._cut_log()
            raise
        db.execute("ANALYZE")
        self._load_memory()
        return head

    def _load_rows(
        self, gz: gzip.GzipFile, total: int, progress: Callable[[int, int], None] | None
    ) -> tuple[int, int]:
        """A snapshot's rows into their tables, checked one by one; (rows, items)."""
        batches: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _SNAPSHOT_TABLES}
        inserts = {
            t: f"INSERT INTO {t} ({', '.join(c)}) VALUES ({', '.join('?' * len(c))})"
            for t, (c, _) in _SNAPSHOT_TABLES.items()
        }
        rows = items = 0
        for line in gz:
            try:
                row = json.loads(line)
            except ValueError:
                raise StorageError(f"catalogue snapshot: line {rows + 2} is not JSON") from None
            if isinstance(row, dict):
                if row.get("end") != rows:
                    raise StorageError("catalogue snapshot: its end does not match its rows")
                break
            table = row[0] if isinstance(row, list) and row else None
            if table not in _SNAPSHOT_TABLES or not _row_fits(table, row[1:]):
                raise StorageError(f"catalogue snapshot: line {rows + 2} is not a row")
            batch = batches[table]
            batch.append(tuple(row[1:]))
            rows += 1
            if len(batch) >= 1000:
                self._db.executemany(inserts[table], batch)
                batch.clear()
            if table == "items":
                items += 1
                if progress is not None and items % 1000 == 0:
                    progress(items, total)
        else:
            raise StorageError("catalogue snapshot: cut short (no end line)")
        for table, batch in batches.items():
            if batch:
                self._db.executemany(inserts[table], batch)
        if progress is not None:
            progress(items, total)
        return rows, items

    def _cut_log(self) -> None:
        """After a rolled-back transaction, the write-ahead log back to nothing: its pages
        were of the failed attempt (13 MB for the demo's catalogue, kept until the next
        checkpoint — on a nearly full disk, the room the next attempt needed)."""
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as e:
            log.info("catalogue %s: log not cut after a failed update: %s", self.path, e)

    def upsert(self, items: Iterable[ServiceItem], *, version: str) -> int:
        """Adds or replaces implementations (an incremental catalogue update)."""
        with self._db:
            n = self._insert(items, None)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
            self._rebuild_fts()
        self._load_memory()
        return n

    def remove(self, impl_codes: Iterable[str], *, version: str) -> None:
        with self._db:
            self._db.executemany(
                "DELETE FROM items WHERE impl_code = ?", ((c,) for c in impl_codes)
            )
            self._db.execute(
                "DELETE FROM docs WHERE doc_id NOT IN (SELECT DISTINCT doc_id FROM items)"
            )
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
            self._rebuild_fts()
        self._load_memory()

    def _insert(self, items: Iterable[ServiceItem], progress: Callable[[int], None] | None) -> int:
        db = self._db
        doc_ids: dict[str, int] = {
            name: doc_id for doc_id, name in db.execute("SELECT doc_id, name FROM docs")
        }
        doc_info: dict[int, dict[str, Any]] = {}
        for doc_id, kw, pop, themes, audiences, levels in db.execute(
            "SELECT doc_id, keywords, popularity, themes, audiences, levels FROM docs"
        ):
            doc_info[doc_id] = {
                "kw": kw.split(),
                "pop": pop,
                "themes": set(themes.split("|")),
                "audiences": set(audiences.split("|")),
                "levels": set(levels.split("|")),
            }
        seen_basics: set[tuple[str, int]] = set()
        rows = []
        n = 0
        for item in items:
            shared, own = split_item(item)
            key = (item.basic_code, item.version)
            if key not in seen_basics:
                seen_basics.add(key)
                db.execute(
                    "INSERT OR REPLACE INTO basics VALUES (?, ?, ?)",
                    (item.basic_code, item.version, json.dumps(shared, ensure_ascii=False)),
                )
            doc_id = doc_ids.get(item.name)
            if doc_id is None:
                doc_id = len(doc_ids) + 1 + max(doc_ids.values(), default=0)
                doc_ids[item.name] = doc_id
                doc_info[doc_id] = {
                    "kw": [],
                    "pop": 0,
                    "themes": set(),
                    "audiences": set(),
                    "levels": set(),
                }
            info = doc_info[doc_id]
            info["kw"] += [k for k in item.keywords if k not in info["kw"]]
            info["pop"] = max(info["pop"], item.popularity)
            info["themes"].add(item.theme)
            info["audiences"].update(a.value for a in item.audiences)
            info["levels"].add(str(item.level.value))
            rows.append(
                (
                    own["impl_code"],
                    item.basic_code,
                    item.version,
                    doc_id,
                    item.name,
                    item.region_code,
                    item.region_name,
                    item.level.value,
                    item.department,
                    item.theme,
                    item.handling.value,
                    item.promised_limit_days,
                )
            )
            n += 1
            if len(rows) >= 5000:
                db.executemany(
                    "INSERT OR REPLACE INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows
                )
                rows.clear()
                if progress:
                    progress(n)
        db.executemany("INSERT OR REPLACE INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        if progress:
            progress(n)
        name_of = {v: k for k, v in doc_ids.items()}
        db.executemany(
            "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    doc_id,
                    name_of[doc_id],
                    " ".join(info["kw"]),
                    info["pop"],
                    "|".join(sorted(info["themes"])),
                    "|".join(sorted(info["audiences"])),
                    "|".join(sorted(info["levels"])),
                )
                for doc_id, info in doc_info.items()
            ),
        )
        return n

    def _rebuild_fts(self) -> None:
        db = self._db
        db.execute("DELETE FROM doc_tri")
        db.execute("DELETE FROM doc_grams")
        for doc_id, name, kw in db.execute("SELECT doc_id, name, keywords FROM docs").fetchall():
            doc = SearchDoc.build(doc_id, name, kw.split(), 0)
            db.execute(
                "INSERT INTO doc_tri (rowid, text, py, ini) VALUES (?, ?, ?, ?)",
                (
                    doc_id,
                    f"{name}|{kw}",
                    f"{doc.py_full}|{doc.kw_py}",
                    f"{doc.initials}|{doc.kw_initials}",
                ),
            )
            tokens = grams(name) | grams(kw)
            initials = {pinyin_initials(w) for w in (name, *kw.split())}
            tokens |= {i[j : j + 2] for i in initials for j in range(len(i) - 1)}
            db.execute(
                "INSERT INTO doc_grams (rowid, grams) VALUES (?, ?)",
                (doc_id, " ".join(sorted(tokens))),
            )

    # --- reading ----------------------------------------------------------------------

    def codes_after(self, impl_code: str, limit: int) -> list[str]:
        """Implementation codes in order after ``impl_code`` (paging a whole catalogue)."""
        rows = self._db.execute(
            "SELECT impl_code FROM items WHERE impl_code > ? ORDER BY impl_code LIMIT ?",
            (impl_code, limit),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def streets(self, near: str) -> list[tuple[str, str]]:
        """The townships and streets (乡镇/街道, GB/T 2260 codes to that level) the catalogue
        knows, as (code, name): those of ``near``'s county first, then by code — the choices
        of a postal address's region."""
        rows = self._db.execute(
            "SELECT DISTINCT region_code, region_name FROM items WHERE level = ?"
            " ORDER BY region_code",
            (Level.TOWNSHIP.value,),
        ).fetchall()
        county = near[:6]
        return sorted(
            ((str(c), str(n)) for c, n in rows), key=lambda r: (not r[0].startswith(county), r[0])
        )

    def street_code(self, name: str) -> str:
        """The division code of a township or street by its name ("" when not known)."""
        row = self._db.execute(
            "SELECT region_code FROM items WHERE level = ? AND region_name = ? LIMIT 1",
            (Level.TOWNSHIP.value, name),
        ).fetchone()
        return str(row[0]) if row else ""

    def synonyms(self) -> dict[str, list[str]]:
        raw = self.meta("synonyms")
        return dict(json.loads(raw)) if raw else {}

    def get(self, impl_code: str) -> ServiceItem:
        row = self._db.execute(
            "SELECT i.impl_code, i.department, i.region_code, i.region_name, i.level, b.shared"
            " FROM items i JOIN basics b USING (basic_code, version) WHERE i.impl_code = ?",
            (impl_code,),
        ).fetchone()
        if row is None:
            raise KeyError(impl_code)
        own = dict(
            zip(
                ("impl_code", "department", "region_code", "region_name", "level"),
                row[:5],
                strict=True,
            )
        )
        return join_item(json.loads(row[5]), own)

    def themes(self) -> list[tuple[str, int]]:
        """Themes with their number of distinct items, most items first."""
        return [
            (t, n)
            for t, n in self._db.execute(
                "SELECT theme, count(DISTINCT doc_id) FROM items GROUP BY theme ORDER BY 2 DESC, 1"
            )
        ]

    def _candidates(self, q: Query) -> set[int]:
        found: set[int] = set()

        def fts(table: str, expr: str) -> None:
            rows = self._db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expr,))
            found.update(r[0] for r in rows)

        for term, _ in q.terms:
            if len(term) >= 3:
                fts("doc_tri", f"text : {_fts_string(term)}")
            else:
                fts("doc_grams", _fts_string(term))
        p = q.pinyin
        if q.latin:
            if len(p) >= 3:
                fts("doc_tri", f"py : {_fts_string(p)} OR ini : {_fts_string(p)}")
            elif len(p) == 2:
                fts("doc_grams", _fts_string(p))
            else:
                found.update(d.doc_id for d in self._docs.values() if d.initials.startswith(p))
        elif len(p) >= 3:
            fts("doc_tri", f"py : {_fts_string(p)}")
        return found

    def _fuzzy_candidates(self, q: Query) -> set[int]:
        tri = sorted(trigrams(q.pinyin))
        if len(tri) < 2:
            return set()
        expr = "py : (" + " OR ".join(_fts_string(t) for t in tri) + ")"
        rows = self._db.execute(
            "SELECT rowid FROM doc_tri WHERE doc_tri MATCH ? ORDER BY rank LIMIT 60", (expr,)
        )
        return {r[0] for r in rows}

    def search(
        self,
        text: str,
        *,
        region_code: str | None = None,
        theme: str | None = None,
        level: Level | None = None,
        audience: Audience | None = None,
        prefer_audience: Audience | None = None,
        limit: int = 10,
    ) -> list[SearchHit]:
        """Items matching ``text``, best first, each resolved to the body nearest the region.

        Args:
            region_code: the terminal's 12-digit region; results are limited to bodies at that
                region, above it (county, city) or below it. None: anywhere.
            theme, level, audience: filters.
            prefer_audience: rank items for this audience a little higher (not a filter).
        """
        self.refresh()  # a catalogue update through another connection is seen at once
        q = analyze(text, self._synonyms)
        if q.empty:
            return []
        ids = self._candidates(q)
        if len(ids) < limit and len(q.pinyin) >= FUZZY_MIN_LENGTH:
            ids |= self._fuzzy_candidates(q)
        docs = [
            self._docs[i] for i in ids if i in self._docs and self._keep(i, theme, level, audience)
        ]
        hits: list[SearchHit] = []
        preferred = None
        if prefer_audience is not None:
            wanted = prefer_audience.value

            def preferred(d: SearchDoc) -> bool:
                return wanted in self._doc_meta[d.doc_id][1]

        for scored in rank(docs, q, preferred):
            if scored.kind is MatchKind.FUZZY and scored.score < 30 * FUZZY_THRESHOLD:
                continue
            hit = self._resolve(scored.doc.doc_id, region_code, level, scored.kind, scored.score)
            if hit is not None:
                hits.append(hit)
                if len(hits) >= limit:
                    break
        if not hits and q.latin and (word := spelling(q.pinyin, self._words)) is not None:
            # a slip of a known word (shebo, sehbao): found as that word (they found nothing)
            return self.search(
                word,
                region_code=region_code,
                theme=theme,
                level=level,
                audience=audience,
                prefer_audience=prefer_audience,
                limit=limit,
            )
        return hits

    def _keep(
        self, doc_id: int, theme: str | None, level: Level | None, audience: Audience | None
    ) -> bool:
        themes, audiences, levels = self._doc_meta[doc_id]
        return (
            (theme is None or theme in themes)
            and (audience is None or audience.value in audiences)
            and (level is None or level.value in levels)
        )

    _HIT_COLUMNS = "name, impl_code, department, region_name, level, theme, handling, promised_days"

    def _resolve(
        self,
        doc_id: int,
        region_code: str | None,
        level: Level | None,
        kind: MatchKind,
        score: float,
    ) -> SearchHit | None:
        level_sql = "" if level is None else f" AND level = {int(level.value)}"
        db = self._db
        if region_code is None:
            rows = db.execute(
                f"SELECT {self._HIT_COLUMNS} FROM items WHERE doc_id = ?{level_sql}"
                " ORDER BY level, region_code LIMIT 1",
                (doc_id,),
            ).fetchall()
            total = db.execute(
                f"SELECT count(*) FROM items WHERE doc_id = ?{level_sql}",
                (doc_id,),
            ).fetchone()[0]
        else:
            chain = ancestors_and_self(region_code)
            marks = ",".join("?" * len(chain))
            rows = db.execute(
                f"SELECT {self._HIT_COLUMNS} FROM items WHERE doc_id = ?"
                f" AND region_code IN ({marks}){level_sql} ORDER BY level DESC LIMIT 1",
                (doc_id, *chain),
            ).fetchall()
            total = len(rows)
            if not rows:
                # Offered only below the terminal (e.g. by villages, at a county hall).
                prefix = region_code.rstrip("0")
                lo, hi = prefix.ljust(12, "0"), prefix.ljust(12, "9")
                rows = db.execute(
                    f"SELECT {self._HIT_COLUMNS} FROM items WHERE doc_id = ?"
                    f" AND region_code BETWEEN ? AND ?{level_sql} ORDER BY region_code LIMIT 1",
                    (doc_id, lo, hi),
                ).fetchall()
                total = db.execute(
                    f"SELECT count(*) FROM items WHERE doc_id = ?"
                    f" AND region_code BETWEEN ? AND ?{level_sql}",
                    (doc_id, lo, hi),
                ).fetchone()[0]
        if not rows:
            return None
        name, impl, dept, region_name, lvl, theme, handling, days = rows[0]
        return SearchHit(
            name, impl, dept, region_name, Level(lvl), theme, handling, days, kind, score, total - 1
        )


# --- the demo catalogue ----------------------------------------------------------------


def load_demo_seed() -> Seed:
    import assets

    return parse_seed(tomllib.loads(assets.read_text("catalogue", "seed.toml")))


def build_demo_catalogue(
    store: CatalogueStore,
    *,
    villages_per_township: int = 6,
    townships_per_county: int = 13,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Fills ``store`` with the demo city's catalogue (about 52,700 items by default)."""
    from core.catalogue.generate import expand
    from core.catalogue.regions import demo_city

    seed = load_demo_seed()
    city = demo_city(villages_per_township, townships_per_county)
    return store.replace_all(
        expand(seed, city),
        version=f"demo-{villages_per_township}x{townships_per_county}",
        synonyms={k: list(v) for k, v in seed.synonyms.items()},
        progress=progress,
    )


if __name__ == "__main__":
    from sync.cli_catalogue import main

    raise SystemExit(main())
