"""The time, in one place, so that stored times are all alike."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    """The time now, in UTC, as ISO 8601 text."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
