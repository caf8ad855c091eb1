"""SQL for nudges: the weekly reminder a person sets, and the teams they share their progress with.

A mixin of ``Store``. Which hours are allowed, and who may see whose progress,
are decided in ``learn/nudges.py`` and ``learn/progress_share.py``, not here.
A share counts only while the worker is still a member of the team (every
read joins ``members``), and leaving a team deletes it (``TeamStore.remove_member``).
"""

from __future__ import annotations

from typing import Any

from ..clock import now
from .base import Row, StoreBase


class NudgeStore(StoreBase):
    """Reminders and progress shares (mixed into ``Store``, which opens ``db``)."""

    # --- reminders ------------------------------------------------------------------

    def set_reminder(self, user: str, day: int, hour: int) -> None:
        """Keep a person's weekly reminder (one each: a new one replaces the old)."""
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO reminders (user, day, hour, set_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(user) DO UPDATE SET day = excluded.day, hour = excluded.hour, set_at = excluded.set_at",
                [user, day, hour, now()],
            )

    def reminder(self, user: str) -> Row | None:
        """A person's reminder (day, hour), or None."""
        return self._row("SELECT user, day, hour, set_at FROM reminders WHERE user = ?", [user])

    def clear_reminder(self, user: str) -> bool:
        """Turn a person's reminder off; whether there was one."""
        with self.db.atomic():
            return self.db.execute("DELETE FROM reminders WHERE user = ?", [user]).rowcount > 0

    def reminders(self) -> list[Row]:
        """Every reminder set, to put back on the clock at start-up."""
        return self._rows("SELECT user, day, hour FROM reminders ORDER BY user")

    # --- progress shared with a team ------------------------------------------------------

    def set_progress_shared(self, user: str, team_id: int, shared: bool) -> bool:
        """Share a worker's progress with a team, or withdraw it; whether anything changed."""
        with self.db.atomic():
            if shared:
                sql = "INSERT OR IGNORE INTO progress_shares (user, team_id, shared_at) VALUES (?, ?, ?)"
                return self.db.execute(sql, [user, team_id, now()]).rowcount > 0
            sql = "DELETE FROM progress_shares WHERE user = ? AND team_id = ?"
            return self.db.execute(sql, [user, team_id]).rowcount > 0

    def progress_shared_teams(self, user: str) -> list[Row]:
        """The teams a person shares their progress with (still a member of), by name."""
        return self._rows(
            "SELECT t.id, t.name, s.shared_at FROM progress_shares s JOIN teams t ON t.id = s.team_id "
            "JOIN members m ON m.team_id = s.team_id AND m.user = s.user WHERE s.user = ? "
            "ORDER BY t.name COLLATE NOCASE, t.id",
            [user],
        )

    def progress_sharers(self, team_id: int) -> list[Row]:
        """The workers who share their progress with a team, alphabetically by name (never ranked)."""
        return self._rows(
            "SELECT m.id AS member_id, s.user, COALESCE(u.name, '') AS name FROM progress_shares s "
            "JOIN members m ON m.team_id = s.team_id AND m.user = s.user AND m.role = 'worker' "
            "LEFT JOIN users u ON u.user = s.user WHERE s.team_id = ? ORDER BY name COLLATE NOCASE, m.id",
            [team_id],
        )

    # --- a person's own data ------------------------------------------------------------

    def nudge_data(self, user: str) -> dict[str, Any]:
        """For /mydata: the person's reminder and every team they share their progress with."""
        shares = self._rows(
            "SELECT s.team_id, COALESCE(t.name, '') AS team, s.shared_at FROM progress_shares s "
            "LEFT JOIN teams t ON t.id = s.team_id WHERE s.user = ? ORDER BY s.team_id",
            [user],
        )
        reminder = self._row("SELECT day, hour, set_at FROM reminders WHERE user = ?", [user])
        return {"reminder": reminder, "progress_shared_with": shares}

    def forget_nudge_data(self, user: str) -> int:
        """Delete a person's reminder and progress shares; how many rows went."""
        with self.db.atomic():
            gone = self.db.execute("DELETE FROM reminders WHERE user = ?", [user]).rowcount
            gone += self.db.execute("DELETE FROM progress_shares WHERE user = ?", [user]).rowcount
        return int(gone)
