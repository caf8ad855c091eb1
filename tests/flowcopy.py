"""Broken copies of the shipped flow files, for the tests that show a file's checks refusing a change."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from outcomes_bot.content.flows import check_file, check_path, flows_dir


def broken_copy(tmp_path: Path, name: str, old: str, new: str, tree: bool = False) -> Path:
    """A copy of shipped flow file ``name`` with the first ``old`` made ``new``; the copy's path.

    ``tree``: copy all the shipped flows (into ``tmp_path / "flows"``), for checks that read the other files too.
    """
    if tree:
        root = tmp_path / "flows"
        shutil.copytree(flows_dir(), root)
        path = root / name
    else:
        path = tmp_path / name
    text = (flows_dir() / name).read_text(encoding="utf-8")
    assert old in text, f"the test's anchor text is missing from {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def broken_errors(name: str, model: type, check: Callable, tmp_path: Path, old: str, new: str) -> list[str]:
    """The errors ``check_file`` finds in a copy of ``name`` with the first ``old`` made ``new``, naming ``name``.

    A test file binds the first three: ``broken = functools.partial(broken_errors, "quiz.yaml", QuizFlow, check_quiz)``.
    """
    path = broken_copy(tmp_path, name, old, new)
    flow, _, errors = check_file(path, model, check)
    assert (flow is None) == bool(errors)
    return [str(e).replace(str(path), name) for e in errors]


def tree_errors(tmp_path: Path, name: str, old: str, new: str) -> list[str]:
    """The errors ``check_path`` finds in a fresh copy of all the flows with ``old`` made ``new`` in ``name``.

    Each call copies into a new folder under ``tmp_path``, so one test may try several changes.
    """
    path = broken_copy(Path(tempfile.mkdtemp(dir=tmp_path)), name, old, new, tree=True)
    root = path.parent
    _, errors = check_path(root)
    return [str(e).replace(str(root) + "/", "") for e in errors]


def line_of(name: str, needle: str) -> int:
    """The line a piece of text starts on in shipped flow file ``name``."""
    text = (flows_dir() / name).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1
