"""SQL for input that is half done: what a person's next message is for.

A mixin of ``Store``. What each kind of pending input means is decided by the
services that set it (a reflection, a preparation answer...), not here.
"""

from __future__ import annotations

import json
from typing import Any

from ..clock import now
from .base import StoreBase


class PendingStore(StoreBase):
    """One pending input per person (mixed into ``Store``, which opens ``db``)."""

    def set_pending(self, user: str, kind: str, data: dict[str, Any]) -> None:
        """Remember what a person's next message is for (a reflection, a preparation answer...)."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO pending (user, kind, data, created_at) VALUES (?, ?, ?, ?)",
                [user, kind, json.dumps(data), now()],
            )

    def pending(self, user: str) -> tuple[str, dict[str, Any]] | None:
        """What a person's next message is for, if anything."""
        row = self._row("SELECT kind, data FROM pending WHERE user = ?", [user])
        return (row["kind"], json.loads(row["data"])) if row else None

    def clear_pending(self, user: str) -> None:
        """Forget what a person's next message was for."""
        with self.db.atomic():
            self.db.execute("DELETE FROM pending WHERE user = ?", [user])
