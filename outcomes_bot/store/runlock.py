"""One bot per database: a lock beside the database file, held for the life of the process.

Two bots on one database would both answer every message (and trip over each
other's writes). The lock is the operating system's (``filelock`` uses
``flock`` on Unix), so it is released when the process ends in any way,
``kill -9`` included, and never needs clearing by hand. Only the bot takes
it: the terminal commands work beside a running bot.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

HELD: list[FileLock] = []  # the locks this process holds, kept so they are never collected and released


class AlreadyRunning(RuntimeError):
    """Another process holds the database's lock."""


def hold(db: str | Path) -> None:
    """Take the lock for ``db`` for the rest of the process's life, or raise AlreadyRunning."""
    lock = FileLock(f"{db}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise AlreadyRunning(str(db)) from None
    HELD.append(lock)
