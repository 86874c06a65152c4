"""Numbered schema changes (central.storage.migrations, issue 27): applied once, in order,
recorded, on SQLite and PostgreSQL alike — also by replicas starting together — and a database
a newer central moved on is refused by an older one, with what to do."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from central.storage import migrations, open_records
from central.storage.migrations import Migration, SchemaTooNew

SPLIT = Migration(
    2,
    "test: terminals' names in a table of their own",
    "CREATE TABLE terminal_names (id TEXT PRIMARY KEY, name TEXT NOT NULL, n INTEGER NOT NULL);\n"
    "INSERT INTO terminal_names SELECT id, name, 1 FROM terminals;\n",
)


def _count(records: object, sql: str) -> int:
    return int(records.conn.execute(sql).fetchone()[0])  # type: ignore[attr-defined]


def test_a_migration_is_applied_once_in_order_and_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, central_backend: str
) -> None:
    records = open_records(tmp_path)
    with records.transaction() as c:
        c.execute(
            "INSERT INTO terminals (id, secret, name, created_at) VALUES (?, ?, ?, ?)",
            ("K0001", "s", "一号机", "2026-12-05T00:00:00+00:00"),
        )
    assert migrations.applied_versions(lambda s, p: records.conn.execute(s, p)) == [1]
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, SPLIT))
    errors: list[BaseException] = []

    def replica() -> None:  # replicas starting together: each opens the database
        try:
            open_records(tmp_path)
        except BaseException as e:
            errors.append(e)

    starts = [threading.Thread(target=replica) for _ in range(4)]
    for t in starts:
        t.start()
    for t in starts:
        t.join(60)
    assert not errors, errors  # the INSERT would have met its own rows a second time
    again = open_records(tmp_path)
    assert migrations.applied_versions(lambda s, p: again.conn.execute(s, p)) == [1, 2]
    assert _count(again, "SELECT count(*) FROM terminal_names") == 1
    assert _count(again, "SELECT count(*) FROM schema_migrations") == 2


def test_a_database_a_newer_central_moved_on_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, central_backend: str
) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, SPLIT))
    open_records(tmp_path)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])  # the older code
    with pytest.raises(SchemaTooNew, match="schema version 2, this central knows up to 1"):
        open_records(tmp_path)


@pytest.mark.sqlite_only  # the command's word; the refusal itself is tested on both above
def test_serve_says_so_in_a_line_and_exits(tmp_path: Path) -> None:
    import sqlite3
    import subprocess
    import sys

    open_records(tmp_path)  # made at version 1, then moved on by a "newer central"
    with sqlite3.connect(tmp_path / "platform.sqlite") as db:
        db.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', '2027-01-01')")
    served = subprocess.run(
        [sys.executable, "-m", "central", "serve", "--data-dir", str(tmp_path), "--port", "9"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert served.returncode == 2, served.stderr[-2000:]
    assert "schema version 99, this central knows up to 1: upgrade this central" in served.stderr
    assert "Traceback" not in served.stderr
