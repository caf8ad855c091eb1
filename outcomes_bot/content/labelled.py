"""Reading a labelled set: one JSON object per line, each checked, errors naming the line and the fix."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

SPLITS = ("dev", "test")


class LabelledSetError(ValueError):
    """A line of a labelled set that cannot be used, with its line number."""


def rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[str, dict]]:
    """Each row of ``path`` with where it is ("file:line"), once its keys, split and id are checked."""
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelledSetError(f"{where}: not JSON ({exc.msg}). Fix: one JSON object per line") from None
        if not isinstance(row, dict):
            raise LabelledSetError(f"{where}: not an object. Fix: write {{{', '.join(required)}}} as keys")
        missing = [k for k in required if k not in row]
        if missing:
            raise LabelledSetError(f"{where}: missing {', '.join(missing)}. Fix: add the keys")
        if row["split"] not in SPLITS:
            raise LabelledSetError(f"{where}: split '{row['split']}'. Fix: use dev or test")
        if row["id"] in seen:
            raise LabelledSetError(f"{where}: duplicate id '{row['id']}'. Fix: give each line its own id")
        seen.add(row["id"])
        yield where, row


def unknown(where: str, what: str, given, known) -> None:
    """Raise LabelledSetError for the first of ``given`` not in ``known``."""
    strange = [x for x in given if x not in known]
    if strange:
        raise LabelledSetError(f"{where}: unknown {what} '{strange[0]}'. Fix: use one of {', '.join(known)}")
