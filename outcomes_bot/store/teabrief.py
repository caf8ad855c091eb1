"""SQL for tea-brief rounds in group chats: answers, consent to be named, actions and follow-ups.

A mixin of ``Store``, like ``teams.py``. Who may do what is decided in
``team/teabrief.py``, not here.
"""

from __future__ import annotations

import secrets

from ..clock import now
from .base import Row, StoreBase


class TeaStore(StoreBase):
    """Tea-brief rounds and group settings (mixed into ``Store``, which opens ``db``)."""

    # --- groups ----------------------------------------------------------------------

    def group(self, chat_id: int) -> Row:
        """A group's settings (defaults if it has none yet)."""
        row = self._row("SELECT * FROM groups WHERE chat_id = ?", [chat_id])
        return row or {
            "chat_id": chat_id,
            "team_id": None,
            "supervisors_only": 0,
            "followup_days": None,
            "share_and_tell": 0,
        }

    def set_group(self, chat_id: int, **fields: object) -> None:
        """Change some of a group's settings."""
        with self.db.atomic():
            self.db.table("groups").upsert({**self.group(chat_id), **fields}, pk="chat_id")

    def share_and_tell_groups(self) -> list[int]:
        """Groups that asked for a monthly share-and-tell."""
        return [r["chat_id"] for r in self._rows("SELECT chat_id FROM groups WHERE share_and_tell = 1")]

    # --- rounds ----------------------------------------------------------------------

    def open_round(self, chat_id: int, kind: str, story_id: str, closes_at: str) -> int:
        """Start a round in a group, with a random token for its private link; its id."""
        with self.db.atomic():
            return self._insert(
                "rounds",
                {
                    "chat_id": chat_id,
                    "kind": kind,
                    "story_id": story_id,
                    "started_at": now(),
                    "closes_at": closes_at,
                    "closed_at": None,
                    "token": secrets.token_urlsafe(9),
                },
            )

    def count_stories(self, chat_id: int) -> int:
        """How many stories a group has been told."""
        return self.db.table("rounds").count_where("chat_id = ? AND kind = 'story'", [chat_id])

    def round(self, round_id: int) -> Row | None:
        """A round by id."""
        return self._row("SELECT * FROM rounds WHERE id = ?", [round_id])

    def current_round(self, chat_id: int) -> Row | None:
        """The group's open round, if there is one."""
        return self._row("SELECT * FROM rounds WHERE chat_id = ? AND closed_at IS NULL ORDER BY id DESC", [chat_id])

    def open_rounds(self) -> list[Row]:
        """Every round not yet closed (to set their closing times again after a restart)."""
        return self._rows("SELECT * FROM rounds WHERE closed_at IS NULL ORDER BY id")

    def close_round(self, round_id: int) -> bool:
        """Close a round; False if it was closed already."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE rounds SET closed_at = ? WHERE id = ? AND closed_at IS NULL", [now(), round_id]
            )
        return cursor.rowcount == 1

    def add_round_message(self, chat_id: int, ref: str, round_id: int, prompt: str) -> None:
        """Remember which prompt a message the bot posted carries, so replies to it can be filed."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO round_messages (chat_id, ref, round_id, prompt) VALUES (?, ?, ?, ?)",
                [chat_id, ref, round_id, prompt],
            )

    def round_message(self, chat_id: int, ref: str) -> Row | None:
        """The round and prompt a message of the bot's carries."""
        return self._row("SELECT * FROM round_messages WHERE chat_id = ? AND ref = ?", [chat_id, ref])

    # --- answers and consent ----------------------------------------------------------

    def add_answer(
        self, round_id: int, chat_id: int, user: str, name: str, prompt: str, text: str, private: bool
    ) -> int:
        """Keep an answer (private ones are not shared until their writer says so); its id."""
        with self.db.atomic():
            return self._insert(
                "answers",
                {
                    "round_id": round_id,
                    "chat_id": chat_id,
                    "user": user,
                    "name": name,
                    "prompt": prompt,
                    "text": text,
                    "private": int(private),
                    "shared": int(not private),
                    "created_at": now(),
                },
            )

    def answer(self, answer_id: int) -> Row | None:
        """An answer by id."""
        return self._row("SELECT * FROM answers WHERE id = ?", [answer_id])

    def set_answer_shared(self, answer_id: int, shared: bool) -> None:
        """Let a private answer into the group's summary, or keep it out."""
        with self.db.atomic():
            self.db.execute("UPDATE answers SET shared = ? WHERE id = ?", [int(shared), answer_id])

    def answers(self, round_id: int) -> list[Row]:
        """A round's answers, oldest first."""
        return self._rows("SELECT * FROM answers WHERE round_id = ? ORDER BY id", [round_id])

    def delete_answers(self, chat_id: int, user: str) -> int:
        """Delete everything a person answered in a group's rounds, and the actions they offered; how many."""
        with self.db.atomic():
            self.db.execute("DELETE FROM actions WHERE chat_id = ? AND user = ?", [chat_id, user])
            return self.db.execute("DELETE FROM answers WHERE chat_id = ? AND user = ?", [chat_id, user]).rowcount

    def set_named(self, round_id: int, user: str, named: bool) -> None:
        """Record whether a person agreed to be named in a round's summary."""
        with self.db.atomic():
            if named:
                self.db.execute("INSERT OR IGNORE INTO named (round_id, user) VALUES (?, ?)", [round_id, user])
            else:
                self.db.execute("DELETE FROM named WHERE round_id = ? AND user = ?", [round_id, user])

    def named(self, round_id: int) -> set[str]:
        """Who agreed to be named in a round's summary."""
        return {r["user"] for r in self._rows("SELECT user FROM named WHERE round_id = ?", [round_id])}

    def named_in(self, chat_id: int) -> list[Row]:
        """People in a group who have ever agreed to be named, with the name they answered under."""
        return self._rows(
            "SELECT DISTINCT n.user, a.name FROM named n JOIN rounds r ON r.id = n.round_id "
            "JOIN answers a ON a.user = n.user AND a.chat_id = r.chat_id WHERE r.chat_id = ? ORDER BY a.name",
            [chat_id],
        )

    # --- actions and follow-ups ---------------------------------------------------------

    def add_action(self, round_id: int, chat_id: int, text: str, who: str, by_when: str, user: str) -> int:
        """Keep an action the group agreed (``user`` offered it); its id."""
        with self.db.atomic():
            return self._insert(
                "actions",
                {
                    "round_id": round_id,
                    "chat_id": chat_id,
                    "text": text,
                    "who": who,
                    "by_when": by_when,
                    "user": user,
                    "done": 0,
                    "created_at": now(),
                },
            )

    def actions(self, round_id: int) -> list[Row]:
        """A round's actions."""
        return self._rows("SELECT * FROM actions WHERE round_id = ? ORDER BY id", [round_id])

    def action(self, action_id: int) -> Row | None:
        """An action by id."""
        return self._row("SELECT * FROM actions WHERE id = ?", [action_id])

    def mark_done(self, action_id: int) -> bool:
        """Mark an action done; False if it already was."""
        with self.db.atomic():
            return self.db.execute("UPDATE actions SET done = 1 WHERE id = ? AND done = 0", [action_id]).rowcount == 1

    def add_followup(self, round_id: int, chat_id: int, due_at: str) -> int:
        """Keep a follow-up to send when it is due; its id."""
        with self.db.atomic():
            return self._insert(
                "followups", {"round_id": round_id, "chat_id": chat_id, "due_at": due_at, "sent_at": None}
            )

    def followup(self, followup_id: int) -> Row | None:
        """A follow-up by id."""
        return self._row("SELECT * FROM followups WHERE id = ?", [followup_id])

    def unsent_followups(self) -> list[Row]:
        """Follow-ups not yet sent (to set them again after a restart)."""
        return self._rows("SELECT * FROM followups WHERE sent_at IS NULL ORDER BY id")

    def mark_followup_sent(self, followup_id: int) -> bool:
        """Mark a follow-up sent; False if it already was."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE followups SET sent_at = ? WHERE id = ? AND sent_at IS NULL", [now(), followup_id]
            )
        return cursor.rowcount == 1

    def migrate_chat(self, old: int, new: int) -> None:
        """A group became a supergroup with a new id: move everything of the group to it."""
        with self.db.atomic():
            if self._row("SELECT 1 AS x FROM groups WHERE chat_id = ?", [new]) is None:
                self.db.execute("UPDATE groups SET chat_id = ? WHERE chat_id = ?", [new, old])
            for table in ("rounds", "round_messages", "answers", "actions", "followups"):
                self.db.execute(f"UPDATE {table} SET chat_id = ? WHERE chat_id = ?", [new, old])

    def tea_data(self, user: str) -> dict[str, list[Row]]:
        """Everything of the tea-brief side kept about a person, for /mydata: answers, consents, actions."""
        return {
            "tea_brief_answers": self._rows(
                "SELECT id, round_id, chat_id, name, prompt, text, private, shared, created_at FROM answers "
                "WHERE user = ? ORDER BY id",
                [user],
            ),
            "tea_brief_named": self._rows(
                "SELECT n.round_id, r.chat_id FROM named n LEFT JOIN rounds r ON r.id = n.round_id "
                "WHERE n.user = ? ORDER BY n.round_id",
                [user],
            ),
            "tea_brief_actions": self._rows(
                "SELECT id, round_id, chat_id, text, who, by_when, done, created_at FROM actions WHERE user = ? "
                "ORDER BY id",
                [user],
            ),
        }

    def unlink_team(self, team_id: int) -> None:
        """A team is gone: groups linked to it belong to no team (support goes to their admins again)."""
        with self.db.atomic():
            self.db.execute("UPDATE groups SET team_id = NULL WHERE team_id = ?", [team_id])

    def forget_tea_data(self, user: str) -> int:
        """Delete a person's tea-brief answers and consents; how many answers went."""
        with self.db.atomic():
            count = self.db.execute("DELETE FROM answers WHERE user = ?", [user]).rowcount
            self.db.execute("DELETE FROM actions WHERE user = ?", [user])
            self.db.execute("DELETE FROM named WHERE user = ?", [user])
        return count
