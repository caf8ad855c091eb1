"""SQL for the culture star: rounds, who has answered, the scores as anonymous counts, and the action plan.

A mixin of ``Store``. Scores are never stored against a person: a member's taps
wait in ``culture_taps`` (their own, until all eight are in), and then, in one
transaction, are added to ``culture_counts`` (how many gave each score to each
point: no person, time or id), the taps are deleted and the member is marked
as having answered in ``culture_done`` (who, never what). What anyone is shown
is ``culture_shown``, a copy of the counts refreshed in that same transaction
only when ``every`` (the threshold) more answers are in than the copy reflects:
any two views differ by a group of answers, never by one person's.
"""

from __future__ import annotations

import json
from typing import Any

from ..clock import now
from .base import Row, StoreBase


class CultureStore(StoreBase):
    """Culture-star rounds, answers and actions (mixed into ``Store``, which opens ``db``)."""

    def open_culture_round(self, team_id: int, user: str) -> int:
        """Close the team's open round, if any, and open a new one; its id."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE culture_rounds SET closed_at = ? WHERE team_id = ? AND closed_at IS NULL", [now(), team_id]
            )
            return self._insert("culture_rounds", {"team_id": team_id, "opened_by": user, "opened_at": now()})

    def culture_round(self, round_id: int) -> Row | None:
        """A round, with its team's name (None if the round, or its team, is gone)."""
        return self._row(
            "SELECT r.*, t.name AS team FROM culture_rounds r JOIN teams t ON t.id = r.team_id WHERE r.id = ?",
            [round_id],
        )

    def open_culture_round_of(self, team_id: int) -> Row | None:
        """The team's open round, if any."""
        return self._row(
            "SELECT r.*, t.name AS team FROM culture_rounds r JOIN teams t ON t.id = r.team_id "
            "WHERE r.team_id = ? AND r.closed_at IS NULL ORDER BY r.id DESC LIMIT 1",
            [team_id],
        )

    def previous_culture_round(self, round_id: int, team_id: int) -> int | None:
        """The team's latest round before this one whose star was shown, if any."""
        row = self._row(
            "SELECT r.id FROM culture_rounds r WHERE r.team_id = ? AND r.id < ? AND "
            "EXISTS (SELECT 1 FROM culture_shown s WHERE s.round_id = r.id) ORDER BY r.id DESC LIMIT 1",
            [team_id, round_id],
        )
        return row["id"] if row else None

    def culture_answered(self, round_id: int) -> int:
        """How many members have scored all eight points in a round."""
        row = self._row("SELECT count(*) AS n FROM culture_done WHERE round_id = ?", [round_id])
        return row["n"] if row else 0

    def culture_has_answered(self, round_id: int, user: str) -> bool:
        """Whether a person has answered a round already."""
        return (
            self._row("SELECT 1 AS y FROM culture_done WHERE round_id = ? AND user = ?", [round_id, user]) is not None
        )

    def culture_taps(self, round_id: int, user: str) -> dict[str, int]:
        """A member's scores so far in a round (point id -> score), before all eight are in."""
        row = self._row("SELECT scores FROM culture_taps WHERE round_id = ? AND user = ?", [round_id, user])
        return json.loads(row["scores"]) if row else {}

    def set_culture_taps(self, round_id: int, user: str, scores: dict[str, int]) -> None:
        """Keep a member's scores so far."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO culture_taps (round_id, user, scores) VALUES (?, ?, ?)",
                [round_id, user, json.dumps(scores)],
            )

    def complete_culture(self, round_id: int, user: str, scores: dict[str, int], every: int) -> bool:
        """Add a member's eight scores to the counts, forget their taps, mark them answered: one transaction.

        The shown copy is refreshed too once ``every`` more answers are in than it reflects (at 3, 6, 9, ...
        for 3). False (and nothing changed) if they had answered already.
        """
        with self.db.atomic():
            marked = self.db.execute(
                "INSERT OR IGNORE INTO culture_done (round_id, user) VALUES (?, ?)", [round_id, user]
            )
            if marked.rowcount != 1:
                return False
            for point, score in scores.items():
                self.db.execute(
                    "INSERT INTO culture_counts (round_id, point, score, n) VALUES (?, ?, ?, 1) "
                    "ON CONFLICT (round_id, point, score) DO UPDATE SET n = n + 1",
                    [round_id, point, score],
                )
            self.db.execute("DELETE FROM culture_taps WHERE round_id = ? AND user = ?", [round_id, user])
            self._refresh_shown(round_id, every)
        return True

    def _refresh_shown(self, round_id: int, every: int) -> None:
        """Copy a round's counts to ``culture_shown`` if ``every`` more answers are in than it reflects."""
        totals = self._row(
            "SELECT (SELECT max(t) FROM (SELECT sum(n) AS t FROM culture_counts WHERE round_id = ? GROUP BY point)) "
            "AS answers, (SELECT max(answered) FROM culture_shown WHERE round_id = ?) AS shown",
            [round_id, round_id],
        )
        answers, shown = (totals["answers"] or 0, totals["shown"] or 0) if totals else (0, 0)
        if answers < shown + every:
            return
        self.db.execute("DELETE FROM culture_shown WHERE round_id = ?", [round_id])
        self.db.execute(
            "INSERT INTO culture_shown (round_id, point, score, n, answered) "
            "SELECT round_id, point, score, n, ? FROM culture_counts WHERE round_id = ?",
            [answers, round_id],
        )

    def culture_shown(self, round_id: int) -> tuple[int, dict[str, dict[int, int]]]:
        """What is shown of a round: how many answers, and their counts (point id -> score -> how many); 0 if none."""
        counts: dict[str, dict[int, int]] = {}
        answered = 0
        for row in self._rows("SELECT point, score, n, answered FROM culture_shown WHERE round_id = ?", [round_id]):
            counts.setdefault(row["point"], {})[row["score"]] = row["n"]
            answered = row["answered"]
        return answered, counts

    def culture_counts(self, round_id: int) -> dict[str, dict[int, int]]:
        """A round's scores as counts, up to the last answer (never shown: see ``culture_shown``)."""
        counts: dict[str, dict[int, int]] = {}
        for row in self._rows("SELECT point, score, n FROM culture_counts WHERE round_id = ?", [round_id]):
            counts.setdefault(row["point"], {})[row["score"]] = row["n"]
        return counts

    def add_culture_action(self, action: dict[str, Any]) -> int:
        """Keep an action (round_id, point, what, who, by_when, evidence, created_by, due_at); its id."""
        return self._insert("culture_actions", {**action, "created_at": now()})

    def culture_action(self, action_id: int) -> Row | None:
        """An action, with its round's team id (None if it, its round or its team is gone)."""
        return self._row(
            "SELECT a.*, r.team_id FROM culture_actions a JOIN culture_rounds r ON r.id = a.round_id "
            "JOIN teams t ON t.id = r.team_id WHERE a.id = ?",
            [action_id],
        )

    def culture_actions(self, round_id: int) -> list[Row]:
        """A round's actions, in the order they were written."""
        return self._rows("SELECT * FROM culture_actions WHERE round_id = ? ORDER BY id", [round_id])

    def review_culture_action(self, action_id: int, rag: str) -> None:
        """Keep an action's red/amber/green review, and when it was made."""
        with self.db.atomic():
            self.db.execute("UPDATE culture_actions SET rag = ?, reviewed_at = ? WHERE id = ?", [rag, now(), action_id])

    def mark_culture_review_asked(self, action_id: int) -> None:
        """Note that the review of an action has been asked for, so it is asked once."""
        with self.db.atomic():
            self.db.execute("UPDATE culture_actions SET asked_at = ? WHERE id = ?", [now(), action_id])

    def culture_reviews_due(self) -> list[Row]:
        """Actions whose review has not been asked for yet (to arm at start-up): id and due time."""
        return self._rows("SELECT id, due_at FROM culture_actions WHERE asked_at IS NULL AND rag IS NULL ORDER BY id")

    # --- a person's own data -----------------------------------------------------------

    def culture_data(self, user: str) -> dict[str, Any]:
        """A person's culture-star data, for /mydata: rounds opened, actions written, rounds answered, taps.

        Their scores are not here once all eight are in: they are only counts, tied to no one.
        """
        return {
            "culture_rounds_opened": self._rows(
                "SELECT id, team_id, opened_at, closed_at FROM culture_rounds WHERE opened_by = ? ORDER BY id", [user]
            ),
            "culture_actions_written": self._rows(
                "SELECT id, round_id, point, what, who, by_when, evidence, created_at, rag, reviewed_at "
                "FROM culture_actions WHERE created_by = ? ORDER BY id",
                [user],
            ),
            "culture_rounds_answered": [
                r["round_id"] for r in self._rows("SELECT round_id FROM culture_done WHERE user = ?", [user])
            ],
            "culture_scores_unfinished": {
                str(r["round_id"]): json.loads(r["scores"])
                for r in self._rows("SELECT round_id, scores FROM culture_taps WHERE user = ?", [user])
            },
        }

    def forget_culture_data(self, user: str) -> int:
        """Delete a person's culture-star data; how many actions went.

        Rounds they opened stay for the team, no longer saying who opened them; the anonymous counts
        stay too (nothing ties them to anyone). Rounds of teams that no longer exist go altogether.
        """
        with self.db.atomic():
            actions = self.db.execute("DELETE FROM culture_actions WHERE created_by = ?", [user]).rowcount
            self.db.execute("UPDATE culture_rounds SET opened_by = NULL WHERE opened_by = ?", [user])
            self.db.execute("DELETE FROM culture_done WHERE user = ?", [user])
            self.db.execute("DELETE FROM culture_taps WHERE user = ?", [user])
            gone = "SELECT id FROM culture_rounds WHERE team_id NOT IN (SELECT id FROM teams)"
            for table in ("culture_done", "culture_counts", "culture_shown", "culture_taps", "culture_actions"):
                self.db.execute(f"DELETE FROM {table} WHERE round_id IN ({gone})")
            self.db.execute("DELETE FROM culture_rounds WHERE team_id NOT IN (SELECT id FROM teams)")
        return actions
