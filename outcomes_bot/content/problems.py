"""The problems one flow file has: each with the file, the line, the key and the fix.

The semantic checks (``checks*.py``) report through ``Problems``, which
knows the file being checked and the list the errors go into.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..coach.rules import RuleError, compile_phrases
from .yamlsource import FlowError, Path_, Source


@dataclass(frozen=True)
class Problems:
    """Where the problems of one file go: ``src`` says where each is, ``errors`` collects them."""

    src: Source
    errors: list[FlowError]

    def add(self, path: Path_, message: str, fix: str) -> None:
        """Report one problem at ``path``."""
        self.errors.append(self.src.error(path, message, fix))

    def known(self, path: Path_, value: str, known: Collection[str], what: str) -> None:
        """Report ``value`` if it is not one of ``known``, listing the ones that are."""
        if value not in known:
            self.add(path, f"unknown {what} '{value}'", f"use one of: {', '.join(known)}")

    def ids(
        self,
        path: Path_,
        found: Iterable[str],
        known: Collection[str],
        what: str,
        required: Iterable[str] | None = None,
    ) -> None:
        """Report ids not in ``known``, and ``required`` ids (all known ones unless given) that are missing."""
        found = list(found)
        for item in found:
            self.known(path + (item,), item, known, f"{what} id")
        for item in known if required is None else required:
            if item not in found:
                self.add(path, f"missing {what} '{item}'", f"add '{item}:' under '{path[-1]}'")

    def once(self, path: Path_, items: list[str]) -> None:
        """Report an item listed twice."""
        for index, item in enumerate(items):
            if item in items[:index]:
                self.add(path + (index,), f"'{item}' is listed twice", "remove one of them")

    def variants(self, path: Path_, lines: list[str], minimum: int) -> None:
        """A pool has enough lines and no line twice (so nothing repeats in a session)."""
        if len(lines) < minimum:
            self.add(
                path,
                f"missing text: only {len(lines)} line(s), at least {minimum} needed",
                f"add {minimum - len(lines)} more way(s) of saying it",
            )
        seen: dict[str, int] = {}
        for index, line in enumerate(lines):
            if line in seen:
                self.add(
                    path + (index,), f"duplicate line (same as item {seen[line]})", "reword it so it does not repeat"
                )
            seen.setdefault(line, index)

    def cues(self, phrases: list[str], words: dict[str, str], path: Path_) -> re.Pattern | None:
        """Cue phrases compiled (matching the start of words); None, with the problem reported, if one is bad."""
        try:
            return compile_phrases(phrases, words, path, whole_words=False)
        except RuleError as exc:
            self.add(exc.where, str(exc), exc.fix)
            return None


def only_placeholders(src: Source, path: Path_, text: str, names: set[str], errors: list[FlowError]) -> None:
    """Report each placeholder in ``text`` that is not among ``names`` (the ones the program fills in)."""
    for name in re.findall(r"\{([^{}]*)\}", text):
        if name not in names:
            allowed = ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"
            errors.append(src.error(path, f"unknown placeholder '{{{name}}}'", f"use only these here: {allowed}"))
