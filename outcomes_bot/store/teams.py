"""SQL for secrets, the people who use the bot, teams and their members.

A mixin of ``Store`` (``database.py``); together the store's modules are the
only code that touches the database. Access control is not decided here: these
methods do what they are asked, and the services (``team/teams.py``,
``team/reflections.py``) decide who may ask.
"""

from __future__ import annotations

import secrets

from ..clock import now
from .base import Row, StoreBase


class TeamStore(StoreBase):
    """Secrets, display names, teams and memberships (mixed into ``Store``, which opens ``db``)."""

    # --- secrets ---------------------------------------------------------------------

    def secret(self, name: str) -> str:
        """A random secret kept in the database (made on first use), e.g. the key that signs buttons."""
        row = self._row("SELECT value FROM secrets WHERE name = ?", [name])
        if row:
            return str(row["value"])
        value = secrets.token_hex(32)
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)", [name, value])
        kept = self._row("SELECT value FROM secrets WHERE name = ?", [name])
        return str(kept["value"]) if kept else value  # always kept: it was inserted just above

    # --- users and teams ----------------------------------------------------------------

    def remember_user(self, user: str, name: str) -> None:
        """Keep the display name a person goes by (for their supervisor's views)."""
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO users (user, name) VALUES (?, ?) ON CONFLICT(user) DO UPDATE SET name = excluded.name",
                [user, name],
            )

    def user_name(self, user: str) -> str:
        """A person's display name, or '' if unknown."""
        row = self._row("SELECT name FROM users WHERE user = ?", [user])
        return str(row["name"]) if row and row["name"] else ""

    def set_current_team(self, user: str, team_id: int | None) -> None:
        """Which of their teams a person's team commands act on."""
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO users (user, name) VALUES (?, '')", [user])
            self.db.execute("UPDATE users SET current_team = ? WHERE user = ?", [team_id, user])

    def current_team(self, user: str) -> int | None:
        """The team a person last chose, if they are still in it."""
        row = self._row(
            "SELECT u.current_team FROM users u JOIN members m ON m.team_id = u.current_team AND m.user = u.user "
            "WHERE u.user = ?",
            [user],
        )
        return row["current_team"] if row else None

    def create_team(self, name: str, user: str, code_hash: str) -> int:
        """A new team with ``user`` as its supervisor; its id."""
        with self.db.atomic():
            team_id = self._insert(
                "teams", {"name": name, "code_hash": code_hash, "created_by": user, "created_at": now()}
            )
            self.db.table("members").insert(
                {"team_id": team_id, "user": user, "role": "supervisor", "joined_at": now()}
            )
        return team_id

    def team(self, team_id: int) -> Row | None:
        """A team by id."""
        return self._row("SELECT * FROM teams WHERE id = ?", [team_id])

    def team_by_code(self, code_hash: str) -> Row | None:
        """The team whose current join code has this hash."""
        return self._row("SELECT * FROM teams WHERE code_hash = ?", [code_hash])

    def set_code(self, team_id: int, code_hash: str | None) -> None:
        """Replace (or, with None, revoke) a team's join code."""
        with self.db.atomic():
            self.db.execute("UPDATE teams SET code_hash = ? WHERE id = ?", [code_hash, team_id])

    def teams_of(self, user: str) -> list[Row]:
        """Every team a person belongs to, with their role, by name."""
        return self._rows(
            "SELECT t.id, t.name, m.role FROM members m JOIN teams t ON t.id = m.team_id WHERE m.user = ? "
            "ORDER BY t.name COLLATE NOCASE, t.id",
            [user],
        )

    # --- members -------------------------------------------------------------------------

    def role(self, team_id: int, user: str) -> str | None:
        """A person's role in a team ('supervisor' or 'worker'), or None if not a member."""
        row = self._row("SELECT role FROM members WHERE team_id = ? AND user = ?", [team_id, user])
        return row["role"] if row else None

    def add_member(self, team_id: int, user: str, role: str = "worker") -> bool:
        """Add a person to a team; False if they were already in it."""
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO members (team_id, user, role, joined_at) VALUES (?, ?, ?, ?)",
                [team_id, user, role, now()],
            )
        return cursor.rowcount == 1

    def set_role(self, team_id: int, user: str, role: str) -> None:
        """Change a member's role."""
        with self.db.atomic():
            self.db.execute("UPDATE members SET role = ? WHERE team_id = ? AND user = ?", [role, team_id, user])

    def member(self, member_id: int) -> Row | None:
        """A membership by its id, with the person's name."""
        return self._row(
            "SELECT m.*, COALESCE(u.name, '') AS name FROM members m LEFT JOIN users u ON u.user = m.user "
            "WHERE m.id = ?",
            [member_id],
        )

    def members(self, team_id: int) -> list[Row]:
        """A team's members with names and roles, alphabetically (never ranked)."""
        return self._rows(
            "SELECT m.id, m.user, m.role, m.joined_at, COALESCE(u.name, '') AS name FROM members m "
            "LEFT JOIN users u ON u.user = m.user WHERE m.team_id = ? ORDER BY name COLLATE NOCASE, m.id",
            [team_id],
        )

    def remove_member(self, team_id: int, user: str) -> None:
        """Take a person out of a team, and withdraw everything they shared with it (reflections, progress)."""
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM shares WHERE team_id = ? AND reflection_id IN (SELECT id FROM reflections WHERE user = ?)",
                [team_id, user],
            )
            self.db.execute("DELETE FROM progress_shares WHERE team_id = ? AND user = ?", [team_id, user])
            self.db.execute("DELETE FROM members WHERE team_id = ? AND user = ?", [team_id, user])

    # --- teams whose supervisor leaves ----------------------------------------------------

    def teams_to_settle(self, user: str) -> tuple[list[Row], list[Row]]:
        """What /forget does to the teams a person supervises: (handed over, closed).

        A team they made that has another supervisor passes to the one who has been in it longest
        (``to``, ``to_name``), who becomes its lead. A team with no other supervisor is closed rather
        than left with no one to run it, or run by someone who never agreed to see what members
        share: ``members`` are the others in it, to be told.
        """
        handed: list[Row] = []
        closed: list[Row] = []
        teams = self._rows(
            "SELECT t.id, t.name, t.created_by FROM members m JOIN teams t ON t.id = m.team_id "
            "WHERE m.user = ? AND m.role = 'supervisor' ORDER BY t.id",
            [user],
        )
        for team in teams:
            others = self._rows(
                "SELECT m.user, m.role, COALESCE(u.name, '') AS name FROM members m "
                "LEFT JOIN users u ON u.user = m.user WHERE m.team_id = ? AND m.user != ? ORDER BY m.id",
                [team["id"], user],
            )
            chiefs = [m for m in others if m["role"] == "supervisor"]
            if not chiefs:
                closed.append({"id": team["id"], "name": team["name"], "members": [m["user"] for m in others]})
            elif team["created_by"] == user:
                chief = chiefs[0]
                handed.append({"id": team["id"], "name": team["name"], "to": chief["user"], "to_name": chief["name"]})
        return handed, closed

    def close_team(self, team_id: int) -> None:
        """Delete a team with its join code, members, prompts, schedules and what was shared with it.

        Members' reflections stay theirs (an answer to one of its prompts loses the prompt); a message
        that carried one of its prompts, replied to later, is told the prompt is gone.
        """
        with self.db.atomic():
            for table in ("shares", "progress_shares", "schedules", "prompts", "members"):
                self.db.execute(f"DELETE FROM {table} WHERE team_id = ?", [team_id])
            self.db.execute("UPDATE users SET current_team = NULL WHERE current_team = ?", [team_id])
            self.db.execute("DELETE FROM teams WHERE id = ?", [team_id])
