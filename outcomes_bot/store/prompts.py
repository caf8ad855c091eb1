"""SQL for reflection prompts: those sent to a team, the messages that carried them, and schedules.

A mixin of ``Store``. Who may send or schedule a prompt is decided in
``team/teams.py``, not here.
"""

from __future__ import annotations

from ..clock import later, now
from .base import Row, StoreBase


class PromptStore(StoreBase):
    """Prompts, their deliveries and repeating schedules (mixed into ``Store``, which opens ``db``)."""

    # --- prompts and deliveries ---------------------------------------------------------------

    def add_prompt(self, team_id: int, text: str, sent_by: str, schedule_id: int | None = None) -> int:
        """Keep a reflection prompt sent to a team; its id."""
        with self.db.atomic():
            return self._insert(
                "prompts",
                {"team_id": team_id, "text": text, "sent_by": sent_by, "sent_at": now(), "schedule_id": schedule_id},
            )

    def prompt(self, prompt_id: int) -> Row | None:
        """A prompt by id."""
        return self._row("SELECT * FROM prompts WHERE id = ?", [prompt_id])

    def prompts_of(self, team_id: int, limit: int) -> list[Row]:
        """A team's latest prompts, newest first."""
        return self._rows("SELECT * FROM prompts WHERE team_id = ? ORDER BY id DESC LIMIT ?", [team_id, limit])

    def shared_answers(self, prompt_id: int, team_id: int) -> list[Row]:
        """Answers to a prompt that current members shared with the team, oldest first."""
        return self._rows(
            "SELECT r.text, r.created_at, COALESCE(u.name, '') AS name FROM reflections r "
            "JOIN shares s ON s.reflection_id = r.id AND s.team_id = ? "
            "JOIN members m ON m.team_id = s.team_id AND m.user = r.user LEFT JOIN users u ON u.user = r.user "
            "WHERE r.prompt_id = ? ORDER BY r.id",
            [team_id, prompt_id],
        )

    def add_delivery(self, prompt_id: int, user: str, ref: str) -> None:
        """Remember which message carried a prompt to a person, so a reply to it can be linked."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO deliveries (user, ref, prompt_id) VALUES (?, ?, ?)", [user, ref, prompt_id]
            )

    def delivered_prompt(self, user: str, ref: str) -> int | None:
        """The prompt a message to this person carried, if it did."""
        row = self._row("SELECT prompt_id FROM deliveries WHERE user = ? AND ref = ?", [user, ref])
        return row["prompt_id"] if row else None

    def latest_unanswered_prompt(self, user: str, days: int = 14) -> Row | None:
        """The newest prompt sent to a person in the last ``days`` days that they have not answered."""
        return self._row(
            "SELECT p.* FROM deliveries d JOIN prompts p ON p.id = d.prompt_id WHERE d.user = ? "
            "AND p.sent_at >= ? AND p.id NOT IN "
            "(SELECT prompt_id FROM reflections WHERE user = ? AND prompt_id IS NOT NULL) ORDER BY p.id DESC",
            [user, later(days=-days), user],  # stored times are ISO text, so they compare as text
        )

    # --- schedules ----------------------------------------------------------------------------

    def add_schedule(self, team_id: int, text: str, days: str, at: str, user: str) -> int:
        """Keep a repeating prompt; its id."""
        with self.db.atomic():
            return self._insert(
                "schedules",
                {
                    "team_id": team_id,
                    "text": text,
                    "days": days,
                    "at": at,
                    "created_by": user,
                    "created_at": now(),
                },
            )

    def schedules(self, team_id: int | None = None) -> list[Row]:
        """Every repeating prompt (of one team, if given)."""
        if team_id is None:
            return self._rows("SELECT * FROM schedules ORDER BY id")
        return self._rows("SELECT * FROM schedules WHERE team_id = ? ORDER BY id", [team_id])

    def schedule(self, schedule_id: int) -> Row | None:
        """A repeating prompt by id."""
        return self._row("SELECT * FROM schedules WHERE id = ?", [schedule_id])

    def delete_schedule(self, schedule_id: int) -> None:
        """Stop a repeating prompt."""
        with self.db.atomic():
            self.db.execute("DELETE FROM schedules WHERE id = ?", [schedule_id])
