"""SQL for the personal-outcomes quiz: each worker's last answers, quizzes running, and open Telegram polls.

A mixin of ``Store``. What a quiz asks and how it is marked is decided in
``learn/quiz.py`` and ``learn/quiz_rounds.py``, not here. A quiz running in a
private chat keeps the worker's own answers until it ends; a team round in a
group keeps only counts per statement (``right``, ``wrong`` on each poll),
never who answered what, and those go once the summary is made.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..clock import now
from .base import Row, StoreBase


class QuizStore(StoreBase):
    """Quiz history, runs and polls (mixed into ``Store``, which opens ``db``)."""

    # --- history -------------------------------------------------------------------

    def quiz_history(self, user: str) -> dict[int, bool]:
        """What a worker (or ``group:<chat id>``) last answered: statement number -> was it right."""
        rows = self._rows("SELECT number, right FROM quiz_history WHERE user = ?", [user])
        return {r["number"]: bool(r["right"]) for r in rows}

    def remember_quiz(self, user: str, results: list[tuple[int, bool]]) -> None:
        """Keep the last answer to each statement, replacing what was kept before."""
        with self.db.atomic():
            self._remember(user, results)

    def _remember(self, user: str, results: Sequence[tuple[int, bool]]) -> None:
        """The history rows for ``results``, inside the caller's transaction."""
        at = now()
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO quiz_history (user, number, right, answered_at) VALUES (?, ?, ?, ?)",
            [(user, number, int(right), at) for number, right in results],
        )

    # --- a quiz running in a chat ------------------------------------------------------

    def start_quiz_run(self, chat_id: int, user: str | None, numbers: list[int], closes_at: str | None = None) -> None:
        """Start a quiz in a chat (a private one with ``user``, or a group's round), replacing one running there.

        The polls of a quiz it replaces are forgotten too: an answer to one of them is then ignored.
        """
        with self.db.atomic():
            self.db.execute("DELETE FROM quiz_polls WHERE chat_id = ?", [chat_id])
            self.db.execute(
                "INSERT OR REPLACE INTO quiz_runs (chat_id, user, numbers, answers, started_at, closes_at) "
                "VALUES (?, ?, ?, '[]', ?, ?)",
                [chat_id, user, json.dumps(numbers), now(), closes_at],
            )

    def quiz_run(self, chat_id: int) -> Row | None:
        """The quiz running in a chat: its numbers and answers (as lists) and when a group's round closes."""
        row = self._row("SELECT * FROM quiz_runs WHERE chat_id = ?", [chat_id])
        if row:
            row["numbers"], row["answers"] = json.loads(row["numbers"]), json.loads(row["answers"])
        return row

    def group_quiz_runs(self) -> list[Row]:
        """Team rounds still open, for re-arming their closing time after a restart."""
        return self._rows("SELECT chat_id, closes_at FROM quiz_runs WHERE user IS NULL ORDER BY chat_id")

    def add_quiz_poll(self, poll_id: str, chat_id: int, user: str | None, number: int, position: int) -> None:
        """A poll the bot sent: which chat, whose quiz (None in a group) and which statement."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO quiz_polls (poll_id, chat_id, user, number, position, is_group, right, wrong) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, 0)",
                [poll_id, chat_id, user, number, position, int(user is None)],
            )

    def quiz_poll(self, poll_id: str) -> Row | None:
        """A poll the bot sent and still counts answers to, or None."""
        return self._row("SELECT * FROM quiz_polls WHERE poll_id = ?", [poll_id])

    def record_private_answer(self, poll: Row, answers: list[list[Any]], right: bool) -> None:
        """A worker answered their own poll: their history, their quiz's answers, and the poll is done with.

        One transaction: three statements and one commit.
        """
        with self.db.atomic():
            self._remember(poll["user"], [(poll["number"], right)])
            self.db.execute(
                "UPDATE quiz_runs SET answers = ? WHERE chat_id = ?", [json.dumps(answers), poll["chat_id"]]
            )
            self.db.execute("DELETE FROM quiz_polls WHERE poll_id = ?", [poll["poll_id"]])

    def set_group_counts(self, poll_id: str, right: int, wrong: int) -> None:
        """How many answered a group's poll rightly and wrongly (Telegram's own counts; no one is named)."""
        with self.db.atomic():
            self.db.execute("UPDATE quiz_polls SET right = ?, wrong = ? WHERE poll_id = ?", [right, wrong, poll_id])

    def group_counts(self, chat_id: int) -> list[Row]:
        """A group round's counts per statement: number, right, wrong."""
        return self._rows(
            "SELECT number, SUM(right) AS right, SUM(wrong) AS wrong FROM quiz_polls WHERE chat_id = ? "
            "GROUP BY number ORDER BY number",
            [chat_id],
        )

    def end_quiz_run(
        self, chat_id: int, history_of: str | None = None, results: Sequence[tuple[int, bool]] = ()
    ) -> None:
        """A quiz is over: its run and polls go (a group's counts with them); ``results`` kept under ``history_of``."""
        with self.db.atomic():
            if history_of is not None:
                self._remember(history_of, results)
            self.db.execute("DELETE FROM quiz_polls WHERE chat_id = ?", [chat_id])
            self.db.execute("DELETE FROM quiz_runs WHERE chat_id = ?", [chat_id])

    # --- a person's own data -------------------------------------------------------------

    def quiz_data(self, user: str) -> dict[str, Any]:
        """The quiz side of /mydata: every answer kept, the quiz running in their chat, and its open poll."""
        running = self._row("SELECT numbers, answers, started_at FROM quiz_runs WHERE user = ?", [user])
        if running:
            running = {**running, "numbers": json.loads(running["numbers"]), "answers": json.loads(running["answers"])}
        return {
            "quiz_history": self._rows(
                "SELECT number, right, answered_at FROM quiz_history WHERE user = ? ORDER BY number", [user]
            ),
            "quiz_running": running,
            "quiz_polls": self._rows("SELECT poll_id, number, position FROM quiz_polls WHERE user = ?", [user]),
        }

    def forget_quiz_data(self, user: str) -> int:
        """Delete a person's quiz history, running quiz and its polls; how many answers went."""
        with self.db.atomic():
            count = self.db.execute("DELETE FROM quiz_history WHERE user = ?", [user]).rowcount
            self.db.execute("DELETE FROM quiz_polls WHERE user = ?", [user])
            self.db.execute("DELETE FROM quiz_runs WHERE user = ?", [user])
        return count

    def migrate_quiz_chat(self, old: int, new: int) -> bool:
        """A group became a supergroup with a new id: its round, polls and the team's results move to it.

        True if a round was running there (its closing time is then the new chat's to keep).
        """
        with self.db.atomic():
            moved = self.db.execute("UPDATE OR IGNORE quiz_runs SET chat_id = ? WHERE chat_id = ?", [new, old]).rowcount
            self.db.execute("UPDATE quiz_polls SET chat_id = ? WHERE chat_id = ?", [new, old])
            self.db.execute(
                "UPDATE OR IGNORE quiz_history SET user = ? WHERE user = ?", [f"group:{new}", f"group:{old}"]
            )
            for table in ("quiz_runs", "quiz_polls"):  # anything the new id already had kept it, and wins
                self.db.execute(f"DELETE FROM {table} WHERE chat_id = ?", [old])
            self.db.execute("DELETE FROM quiz_history WHERE user = ?", [f"group:{old}"])
        return moved > 0
