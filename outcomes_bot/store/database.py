"""The ``Store``: the connection to the database, practice sessions and turns, and every area's mixin in one.

Each area's SQL lives in its own module of this room (``teams``, ``reflections``,
``prompts``, ``pending``, ``personal``, ``teabrief``); ``Store`` composes them.
Schema changes are migrations (``migrations.py``), applied in order on open. The
practice hot path is plain SQL on the one connection, whose statements SQLite
prepares once: a turn and the session state it changed are written in one
transaction, committed before the reply goes out, so a crash never loses or
half-saves a turn, and the turn's message id is its record of the update.

The database is in WAL mode with ``synchronous = NORMAL``: a commit is safe
against the process dying (``kill -9``), and is made durable on disk at the
next checkpoint, so a power cut can lose the last few commits but never
corrupts the file. That is the usual choice for WAL, and what lets a commit
cost no fsync.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..clock import now
from ..practice.machine import Session, Turn
from .base import Row
from .culture import CultureStore
from .migrations import migrations
from .nudges import NudgeStore
from .pending import PendingStore
from .personal import PersonalData
from .progress import ProgressStore
from .prompts import PromptStore
from .quiz import QuizStore
from .teabrief import TeaStore

DEFAULT_DB = "data/outcomes.db"
StoreError = sqlite3.Error  # what opening or using the database can raise, for callers outside this room


def db_path() -> str:
    """The database path: $OUTCOMES_DB, or data/outcomes.db."""
    return os.environ.get("OUTCOMES_DB") or DEFAULT_DB


class Store(PersonalData, PromptStore, PendingStore, TeaStore, QuizStore, CultureStore, NudgeStore, ProgressStore):
    """Sessions and turns here, and through its mixins teams, reflections, prompts, pending input and
    tea-briefs and the quiz, in SQLite, migrated on open (``migrations.py``)."""

    def __init__(self, path: str | Path | None = None) -> None:
        """Open (creating if need be) the database at ``path``, ``db_path()`` or ``":memory:"``, and migrate it."""
        path = str(path if path is not None else db_path())
        if path == ":memory:":
            self.db = Database(memory=True)
        else:
            Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fresh = not Path(path).exists()
            self.db = Database(path)
            if fresh:
                os.chmod(path, 0o600)  # what workers write about people is for their eyes only
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")  # see the module's docstring
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten, not just unlinked
        migrations.apply(self.db)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # --- practice sessions ---------------------------------------------------

    def start_session(self, session: Session) -> None:
        """Save a new session as the user's one active session."""
        with self.db.atomic():
            self.db.execute("UPDATE sessions SET active = 0 WHERE user = ? AND active = 1", [session.user])
            self.db.table("sessions").insert(
                {
                    "id": session.id,
                    "user": session.user,
                    "scenario": session.scenario,
                    "started_at": now(),
                    "ended_at": None,
                    "active": 1,
                    "state": _state(session),
                    "report": None,
                }
            )

    def active_session(self, user: str) -> Session | None:
        """The user's active session, restored exactly, or None."""
        row = self._row("SELECT state FROM sessions WHERE user = ? AND active = 1 LIMIT 1", [user])
        return Session.from_dict(json.loads(row["state"])) if row else None

    def session(self, session_id: str) -> Session | None:
        """A session by id, restored exactly, or None."""
        row = self._row("SELECT state FROM sessions WHERE id = ?", [session_id])
        return Session.from_dict(json.loads(row["state"])) if row else None

    def save_turn(self, session: Session, turn: Turn) -> None:
        """Save a turn and the session state it led to, in one transaction (one commit)."""
        row = {**_turn_row(turn), "created_at": now()}
        with self.db.atomic():
            self.db.conn.execute(INSERT_TURN, row)
            self.db.conn.execute("UPDATE sessions SET state = ? WHERE id = ?", [_state(session), session.id])

    def save_state(self, session: Session) -> None:
        """Save a session's state."""
        self.db.conn.execute("UPDATE sessions SET state = ? WHERE id = ?", [_state(session), session.id])

    def end_session(self, session: Session, report: dict[str, Any]) -> None:
        """Mark a session finished and keep its report."""
        with self.db.atomic():
            self.db.table("sessions").update(
                session.id,
                {
                    "state": _state(session),
                    "active": 0,
                    "ended_at": now(),
                    "report": json.dumps(report),
                },
            )

    def turns(self, session_id: str) -> list[Turn]:
        """A session's turns, in order."""
        return [_turn(r) for r in self._rows("SELECT * FROM turns WHERE session_id = ? ORDER BY turn", [session_id])]

    def turn_from(self, session_id: str, source: str) -> Turn | None:
        """The turn a message with this front-end id already made in a session, if any."""
        if not source:
            return None
        row = self._row("SELECT * FROM turns WHERE session_id = ? AND source = ? LIMIT 1", [session_id, source])
        return _turn(row) if row else None

    def update_handled(self, update_id: int) -> bool:
        """Whether a Telegram update has been handled already."""
        return self._row("SELECT 1 AS yes FROM handled_updates WHERE update_id = ?", [update_id]) is not None

    def mark_update_handled(self, update_id: int, keep: int = 10_000) -> None:
        """Record a handled update, forgetting ones so old that Telegram will never send them again."""
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO handled_updates VALUES (?, ?)", [update_id, now()])
            self.db.execute("DELETE FROM handled_updates WHERE update_id < ?", [update_id - keep])

    def count_sessions(self, user: str) -> int:
        """How many sessions a user has started."""
        return self.db.table("sessions").count_where("user = ?", [user])

    def practice_summaries(self, user: str) -> list[Row]:
        """A person's finished practice sessions, oldest first: when, who with, and the report figures."""
        rows = self._rows(
            "SELECT id, scenario, started_at, ended_at, report FROM sessions WHERE user = ? AND active = 0 "
            "AND ended_at IS NOT NULL ORDER BY started_at, rowid",
            [user],
        )
        for row in rows:
            row["report"] = json.loads(row["report"]) if row["report"] else {}
        return rows

    def last_finished_session(self, prefix: str) -> Row | None:
        """The newest finished session of any user whose id starts with ``prefix`` ('terminal:'): id and user."""
        return self._row(
            "SELECT id, user FROM sessions WHERE user LIKE ? AND ended_at IS NOT NULL ORDER BY ended_at DESC, "
            "rowid DESC LIMIT 1",
            [prefix.replace("%", "") + "%"],
        )

    # --- a person's own data -----------------------------------------------------

    def user_data(self, user: str) -> dict[str, Any]:
        """Everything kept about a user (the /mydata export), every table that holds their id or words.

        Their sessions (each with its state, report and turns), the name they go by, their teams,
        reflections, the prompts and schedules they set, the prompts that reached them, anything
        half-written, and their tea-brief answers, consents to be named and actions.
        ``tests/test_forget.py`` checks this against every table in the database.
        """
        sessions = []
        for row in self.db.table("sessions").rows_where("user = ?", [user], order_by="started_at, rowid"):
            sessions.append(
                {
                    "id": row["id"],
                    "scenario": row["scenario"],
                    "started_at": row["started_at"],
                    "ended_at": row["ended_at"],
                    "active": bool(row["active"]),
                    "state": json.loads(row["state"]) if row["state"] else None,
                    "report": json.loads(row["report"]) if row["report"] else None,
                    "turns": [asdict(turn) for turn in self.turns(row["id"])],
                }
            )
        team = self.team_data(user)
        return {
            "user": user,
            "profile": team.pop("profile"),
            "sessions": sessions,
            **team,
            **self.tea_data(user),
            **self.quiz_data(user),
            **self.culture_data(user),
            **self.progress_data(user),
            **self.nudge_data(user),
        }

    def forget(self, user: str) -> dict[str, Any]:
        """Delete everything kept about a user, for good, and say how much went.

        Teams they supervise are settled first (``TeamStore.teams_to_settle``): handed to a
        co-supervisor, or closed. The counts come with the ``handed`` and ``closed`` teams, so the
        engine can say so and tell the people concerned.
        """
        where = "session_id IN (SELECT id FROM sessions WHERE user = ?)"
        with self.db.atomic():
            turns = self.db.table("turns").count_where(where, [user])
            sessions = self.db.table("sessions").count_where("user = ?", [user])
            self.db.table("turns").delete_where(where, [user])
            self.db.table("sessions").delete_where("user = ?", [user])
            gone = self.forget_team_data(user)
            for team in gone["closed"]:
                self.unlink_team(team["id"])
            gone["answers"] = self.forget_tea_data(user)
            gone["quiz_answers"] = self.forget_quiz_data(user)
            gone["culture_actions"] = self.forget_culture_data(user)
            gone["focus"] = self.forget_progress_data(user)
            gone["nudges"] = self.forget_nudge_data(user)
        if self.db.journal_mode == "wal":
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no copy left behind in the write-ahead log
        return {"sessions": sessions, "turns": turns, **gone}


INSERT_TURN = (
    "INSERT INTO turns (session_id, turn, text, moves, traps, stage, trust, reply, thought, fact, questions, "
    "source, created_at) VALUES (:session_id, :turn, :text, :moves, :traps, :stage, :trust, :reply, :thought, "
    ":fact, :questions, :source, :created_at)"
)


def _turn(row: Row) -> Turn:
    """A turn from its database row."""
    return Turn(
        session_id=row["session_id"],
        turn=row["turn"],
        text=row["text"],
        moves=json.loads(row["moves"]),
        traps=json.loads(row["traps"]),
        stage=row["stage"],
        trust=row["trust"],
        reply=row["reply"],
        thought=row["thought"],
        fact=row["fact"] or "",
        questions=json.loads(row["questions"]),
        source=row["source"],
    )


def _state(session: Session) -> str:
    """A session's state as JSON text."""
    return json.dumps(session.to_dict())


def _turn_row(turn: Turn) -> Row:
    """A turn as a database row, lists as JSON text."""
    return {
        "session_id": turn.session_id,
        "turn": turn.turn,
        "text": turn.text,
        "moves": json.dumps(turn.moves),
        "traps": json.dumps(turn.traps),
        "stage": turn.stage,
        "trust": turn.trust,
        "reply": turn.reply,
        "thought": turn.thought,
        "fact": turn.fact,
        "questions": json.dumps(turn.questions),
        "source": turn.source,
    }
