"""SQL for reflections: what a person keeps for themselves, and which teams they share each one with.

A mixin of ``Store``. Who may read or share what is decided in
``team/reflections.py``, not here.
"""

from __future__ import annotations

from typing import Any

from ..clock import now
from .base import Row, StoreBase


class ReflectionStore(StoreBase):
    """Reflections and their shares (mixed into ``Store``, which opens ``db``)."""

    def add_reflection(self, user: str, text: str, kind: str, ref: str = "", prompt_id: int | None = None) -> int:
        """Keep a reflection, private to its writer; its id."""
        with self.db.atomic():
            return self._insert(
                "reflections",
                {
                    "user": user,
                    "text": text,
                    "kind": kind,
                    "ref": ref,
                    "prompt_id": prompt_id,
                    "created_at": now(),
                    "version": 1,
                },
            )

    def _reflections(self, where: str, params: list[Any], limit: int = -1, offset: int = 0) -> list[Row]:
        """Reflections, newest first, each with the teams it is shared with, in one query."""
        rows = self._rows(
            "SELECT r.*, GROUP_CONCAT(s.team_id) AS shared FROM reflections r "
            f"LEFT JOIN shares s ON s.reflection_id = r.id WHERE {where} GROUP BY r.id ORDER BY r.id DESC "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        for row in rows:
            row["shared_with"] = sorted(int(team) for team in (row.pop("shared") or "").split(",") if team)
        return rows

    def reflection(self, reflection_id: int) -> Row | None:
        """A reflection by id, with the teams it is shared with."""
        rows = self._reflections("r.id = ?", [reflection_id])
        return rows[0] if rows else None

    def reflections_of(self, user: str, limit: int, offset: int = 0) -> list[Row]:
        """A person's own reflections, newest first (``limit`` -1 for all)."""
        return self._reflections("r.user = ?", [user], limit, offset)

    def count_reflections(self, user: str, kind: str | None = None) -> int:
        """How many reflections a person has kept (of one kind, if given)."""
        if kind is None:
            return self.db.table("reflections").count_where("user = ?", [user])
        return self.db.table("reflections").count_where("user = ? AND kind = ?", [user, kind])

    def set_shared(self, reflection_id: int, team_id: int, shared: bool) -> None:
        """Share a reflection with a team, or withdraw it; either way its version moves on."""
        with self.db.atomic():
            if shared:
                self.db.execute(
                    "INSERT OR IGNORE INTO shares (reflection_id, team_id, shared_at) VALUES (?, ?, ?)",
                    [reflection_id, team_id, now()],
                )
            else:
                self.db.execute("DELETE FROM shares WHERE reflection_id = ? AND team_id = ?", [reflection_id, team_id])
            self.db.execute("UPDATE reflections SET version = version + 1 WHERE id = ?", [reflection_id])

    def delete_reflection(self, reflection_id: int) -> None:
        """Delete a reflection and every share of it."""
        with self.db.atomic():
            self.db.execute("DELETE FROM shares WHERE reflection_id = ?", [reflection_id])
            self.db.execute("DELETE FROM reflections WHERE id = ?", [reflection_id])

    def shared_with(self, team_id: int, limit: int, offset: int = 0) -> list[Row]:
        """Reflections shared with a team by its current members, newest first, with writer and prompt."""
        return self._rows(
            "SELECT r.id, r.text, r.kind, r.created_at, s.shared_at, COALESCE(u.name, '') AS name, "
            "p.text AS prompt FROM shares s JOIN reflections r ON r.id = s.reflection_id "
            "JOIN members m ON m.team_id = s.team_id AND m.user = r.user LEFT JOIN users u ON u.user = r.user "
            "LEFT JOIN prompts p ON p.id = r.prompt_id WHERE s.team_id = ? ORDER BY s.shared_at DESC, r.id DESC "
            "LIMIT ? OFFSET ?",
            [team_id, limit, offset],
        )

    def count_shared_with(self, team_id: int) -> int:
        """How many reflections current members have shared with a team."""
        row = self._row(
            "SELECT count(*) AS n FROM shares s JOIN reflections r ON r.id = s.reflection_id "
            "JOIN members m ON m.team_id = s.team_id AND m.user = r.user WHERE s.team_id = ?",
            [team_id],
        )
        return int(row["n"]) if row else 0  # count(*) always makes a row
