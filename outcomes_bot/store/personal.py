"""SQL for a person's own data on the team side: what /mydata shows of it, and what /forget deletes.

A mixin of ``Store``, over the team and reflection tables (``teams.py``,
``reflections.py``); ``database.Store.user_data`` and ``Store.forget`` add the
practice and tea-brief sides. ``tests/test_forget.py`` checks that every table
that holds a person's id or words is covered.
"""

from __future__ import annotations

import json
from typing import Any

from .reflections import ReflectionStore
from .teams import TeamStore


class PersonalData(TeamStore, ReflectionStore):
    """Everything of the team side kept about one person: to export, or to delete for good."""

    def team_data(self, user: str) -> dict[str, Any]:
        """Everything of the team side kept about a person, for /mydata: the name they go by, their teams
        (as member and as maker), reflections, the prompts and schedules they set, the prompts that reached
        them and anything they are half-way through writing."""
        profile = self._row("SELECT name, current_team FROM users WHERE user = ?", [user])
        pending = self._row("SELECT kind, data, created_at FROM pending WHERE user = ?", [user])
        if pending:
            pending["data"] = json.loads(pending["data"])
        return {
            "profile": profile,
            "teams": self._rows(
                "SELECT t.id, t.name, m.role, m.joined_at FROM members m JOIN teams t ON t.id = m.team_id "
                "WHERE m.user = ? ORDER BY t.name COLLATE NOCASE, t.id",
                [user],
            ),
            "teams_made": self._rows("SELECT id, name, created_at FROM teams WHERE created_by = ? ORDER BY id", [user]),
            "reflections": self.reflections_of(user, limit=-1),  # -1: all of them
            "prompts_sent": self._rows(
                "SELECT p.id, t.name AS team, p.text, p.sent_at, p.schedule_id FROM prompts p "
                "LEFT JOIN teams t ON t.id = p.team_id WHERE p.sent_by = ? ORDER BY p.id",
                [user],
            ),
            "schedules_made": self._rows(
                "SELECT s.id, t.name AS team, s.text, s.days, s.at, s.created_at FROM schedules s "
                "LEFT JOIN teams t ON t.id = s.team_id WHERE s.created_by = ? ORDER BY s.id",
                [user],
            ),
            "prompts_received": self._rows(
                "SELECT d.prompt_id, d.ref AS message, p.text, p.sent_at FROM deliveries d "
                "LEFT JOIN prompts p ON p.id = d.prompt_id WHERE d.user = ? ORDER BY d.prompt_id, d.ref",
                [user],
            ),
            "unfinished": pending,
        }

    def forget_team_data(self, user: str) -> dict[str, Any]:
        """Delete everything of a person's on the team side, and settle the teams they supervise.

        Their name, reflections (and shares), memberships, the prompts and schedules they set, the
        record of prompts that reached them and anything half-written all go. A team they alone
        supervise is closed; one they made that has another supervisor passes to them (see
        ``teams_to_settle``). Says how many reflections, prompts and schedules went, and which teams
        were ``handed`` over or ``closed``.
        """
        handed, closed = self.teams_to_settle(user)
        with self.db.atomic():
            count = self.db.table("reflections").count_where("user = ?", [user])
            prompts = self.db.table("prompts").count_where("sent_by = ?", [user])
            schedules = self.db.table("schedules").count_where("created_by = ?", [user])
            for team in closed:
                self.close_team(team["id"])
            for team in handed:
                self.db.execute("UPDATE teams SET created_by = ? WHERE id = ?", [team["to"], team["id"]])
            mine = "SELECT id FROM reflections WHERE user = ?"
            self.db.execute(f"DELETE FROM shares WHERE reflection_id IN ({mine})", [user])
            self.db.execute("DELETE FROM reflections WHERE user = ?", [user])
            self.db.execute("DELETE FROM prompts WHERE sent_by = ?", [user])
            self.db.execute("DELETE FROM schedules WHERE created_by = ?", [user])
            self.db.execute("DELETE FROM deliveries WHERE user = ?", [user])
            self.db.execute("DELETE FROM pending WHERE user = ?", [user])
            self.db.execute("DELETE FROM members WHERE user = ?", [user])
            self.db.execute("DELETE FROM users WHERE user = ?", [user])
            # a team they made and had already left: its longest-standing supervisor becomes its lead
            self.db.execute(
                "UPDATE teams SET created_by = COALESCE((SELECT m.user FROM members m WHERE m.team_id = teams.id "
                "AND m.role = 'supervisor' ORDER BY m.id LIMIT 1), '') WHERE created_by = ?",
                [user],
            )
            led = "SELECT team_id FROM members WHERE role = 'supervisor'"
            self.db.execute(f"UPDATE teams SET code_hash = NULL WHERE id NOT IN ({led})")
        return {"reflections": count, "prompts": prompts, "schedules": schedules, "handed": handed, "closed": closed}
