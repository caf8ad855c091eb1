"""The store's migrations: their names and order never change, and a database made by an older version catches up.

Tables whose rows are named by buttons never reuse an id (AUTOINCREMENT), on a
fresh database and on one migrated from an older version alike.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from outcomes_bot.store import migrations
from outcomes_bot.store.database import Store

RELEASED = [
    "m001_practice",
    "m002_questions",
    "m003_handled_updates",
    "m004_teams",
    "m005_teabrief",
    "m006_rounds_without_starter",
    "m007_quiz",
    "m008_culture_star",
    "m009_nudges",
    "m010_focus",
    "m011_culture_shown",
]
NEVER_REUSE_IDS = [
    "actions",
    "answers",
    "followups",
    "members",
    "prompts",
    "reflections",
    "rounds",
    "schedules",
    "teams",
]


def schema(path) -> set[tuple[str, str, str]]:
    """Every table and index in a database file, as (type, name, SQL)."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
    conn.close()
    return set(rows)


def applied(path) -> list[str]:
    """The migrations a database file has run, in order."""
    with sqlite3.connect(path) as conn:
        names = [name for (name,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    conn.close()
    return names


def _fresh(tmp_path):
    """A database file made from nothing by the current version."""
    Store(tmp_path / "fresh.db").close()
    return tmp_path / "fresh.db"


def test_the_released_migrations_keep_their_names_and_order(tmp_path):
    assert applied(_fresh(tmp_path)) == RELEASED


def test_tables_named_by_buttons_never_reuse_an_id(tmp_path):
    made = {name: sql for kind, name, sql in schema(_fresh(tmp_path)) if kind == "table"}
    for table in NEVER_REUSE_IDS:
        assert '"id" INTEGER PRIMARY KEY AUTOINCREMENT' in made[table], table
    store = Store(tmp_path / "fresh.db")
    first = store.create_team("Alpha", "sup", "hash")
    store.close_team(first)
    assert store.create_team("Beta", "sup", "hash2") == first + 1
    store.close()


def test_a_database_from_an_older_version_catches_up_to_the_same_schema(tmp_path):
    older = Migrations("outcomes_bot")  # the version before m006: rounds still record who started them
    for name in RELEASED[:5]:
        older()(getattr(migrations, name))
    db = Database(tmp_path / "old.db")
    older.apply(db)
    db.execute("INSERT INTO rounds (chat_id, kind, started_by, token) VALUES (-1, 'story', 'tg:1', 't')")
    db.execute("DELETE FROM rounds")
    db.conn.commit()
    db.close()

    store = Store(tmp_path / "old.db")
    assert store.open_round(-1, "story", "s1", "2099-01-01T00:00:00") == 2  # the deleted round's id stays used
    store.close()
    assert applied(tmp_path / "old.db") == RELEASED
    assert schema(tmp_path / "old.db") == schema(_fresh(tmp_path))


def test_culture_rounds_already_shown_stay_shown_after_the_upgrade_and_fewer_stay_hidden(tmp_path):
    older = Migrations("outcomes_bot")  # the version before m011: the star was read from the live counts
    for name in RELEASED[:10]:
        older()(getattr(migrations, name))
    db = Database(tmp_path / "old.db")
    older.apply(db)
    for round_id, answers in ((1, 4), (2, 2)):
        db.execute("INSERT INTO culture_rounds (id, team_id) VALUES (?, 1)", [round_id])
        for point in ("values", "identity"):
            db.execute("INSERT INTO culture_counts VALUES (?, ?, 5, ?)", [round_id, point, answers - 1])
            db.execute("INSERT INTO culture_counts VALUES (?, ?, 7, 1)", [round_id, point])
    db.conn.commit()
    db.close()

    store = Store(tmp_path / "old.db")
    assert store.culture_shown(1) == (4, {"values": {5: 3, 7: 1}, "identity": {5: 3, 7: 1}})
    assert store.culture_shown(2) == (0, {})  # two answers were never shown, and are not now
    store.close()
