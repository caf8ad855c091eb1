"""The time, in one place, so that stored times are all alike."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


def now() -> str:
    """The time now, in UTC, as ISO 8601 text."""
    return later()


def later(minutes: float = 0, days: float = 0) -> str:
    """A time from now, in UTC, as ISO 8601 text."""
    return (datetime.now(timezone.utc) + timedelta(minutes=minutes, days=days)).isoformat(timespec="seconds")
