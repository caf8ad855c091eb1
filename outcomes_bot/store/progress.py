"""SQL for the focus a worker chooses for their next practice session (``/focus``).

A mixin of ``Store``. One row per worker: the skill, when chosen, and the session
that took it up (none until a session starts). A session takes it once, when it
starts, and keeps it in its state; nothing here runs per practice text.
"""

from __future__ import annotations

import json
from typing import Any

from ..clock import now
from .base import Row, StoreBase


class ProgressStore(StoreBase):
    """A worker's chosen focus: set, read, taken up by a session, exported and deleted."""

    def set_focus(self, user: str, skill: str) -> None:
        """Choose the skill for the worker's next session (replacing any chosen before)."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO focus (user, skill, chosen_at, taken_by) VALUES (?, ?, ?, NULL)",
                [user, skill, now()],
            )

    def focus_of(self, user: str) -> Row | None:
        """The worker's focus row (skill, chosen_at, taken_by), or None."""
        return self._row("SELECT skill, chosen_at, taken_by FROM focus WHERE user = ?", [user])

    def clear_focus(self, user: str) -> int:
        """Drop the worker's focus; how many rows went (0 or 1)."""
        with self.db.atomic():
            return self.db.execute("DELETE FROM focus WHERE user = ?", [user]).rowcount

    def take_focus(self, user: str, session_id: str) -> str:
        """The focus for a session starting now, marked as taken by it; "" if none is waiting."""
        row = self._row("SELECT skill FROM focus WHERE user = ? AND taken_by IS NULL", [user])
        if row is None:
            return ""
        with self.db.atomic():
            self.db.execute("UPDATE focus SET taken_by = ? WHERE user = ?", [session_id, user])
        return str(row["skill"])

    def progress_data(self, user: str) -> dict[str, Any]:
        """What /mydata shows of progress: the focus chosen (the figures are the sessions' own reports)."""
        return {"focus": self.focus_of(user)}

    def forget_progress_data(self, user: str) -> int:
        """Delete the worker's focus, inside the caller's transaction; how many rows went."""
        return self.db.execute("DELETE FROM focus WHERE user = ?", [user]).rowcount

    def finished_reports_of(self, prefix: str) -> list[dict[str, Any]]:
        """The reports of finished sessions of every user whose id starts with ``prefix`` ('terminal:'), oldest
        first: each terminal practice run has a user of its own, and the database is the terminal user's."""
        rows = self._rows(
            "SELECT report FROM sessions WHERE user LIKE ? AND active = 0 AND ended_at IS NOT NULL "
            "ORDER BY started_at, rowid",
            [prefix.replace("%", "") + "%"],
        )
        reports = [json.loads(row["report"]) if row["report"] else {} for row in rows]
        return [report for report in reports if report.get("scenario")]
