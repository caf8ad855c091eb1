"""Texting shorthand ("how r u", "ur worried", "wat happened"), read as the words it stands for.

Workers type on their phones. Before the coach's phrases are tried, each
shorthand word in a lower-cased sentence is replaced by what it means (the
list is ``shorthand`` in ``flows/coach.yaml``), and a map from each character
of the result back to the sentence as typed lets the coach quote the worker's
own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NEXT_WORD = re.compile(r"\s+([\w']+)")


@dataclass(frozen=True)
class Reading:
    """A sentence with its shorthand spelt out, and where each character came from (None if unchanged)."""

    text: str
    origin: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the typed sentence that ``text[start:end]`` was read from."""
        if self.origin is None:
            return start, end
        first = self.origin[min(start, len(self.origin) - 1)]
        return (first, self.origin[end - 1] + 1) if end > start else (first, first)


class Shorthand:
    """What each shorthand word means, and the words before which some mean something else."""

    def __init__(self, means: dict[str, str], before: dict[str, tuple[str, frozenset[str]]]):
        """``before`` maps a word to (its meaning, the next words that call for that meaning)."""
        self.means = means
        self.before = before
        words = sorted(set(means) | set(before), key=len, reverse=True)
        alternatives = "|".join(map(re.escape, words)) or "(?!)"
        self.pattern = re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w-])")

    def read(self, text: str) -> Reading:
        """``text`` (lower-cased) with every shorthand word spelt out."""
        if not self.pattern.search(text):
            return Reading(text)
        out: list[str] = []
        origin: list[int] = []
        last = 0
        for match in self.pattern.finditer(text):
            start, end = match.span()
            meaning = self.meaning(match.group(), text, end)
            out += [text[last:start], meaning]
            origin += [*range(last, start), *(min(start + i, end - 1) for i in range(len(meaning)))]
            last = end
        out.append(text[last:])
        origin += range(last, len(text))
        return Reading("".join(out), tuple(origin))

    def meaning(self, word: str, text: str, end: int) -> str:
        """What ``word`` means where it ends at ``end`` in ``text``."""
        if word in self.before:
            meaning, next_words = self.before[word]
            following = NEXT_WORD.match(text, end)
            if following and following.group(1) in next_words:
                return meaning
        return self.means.get(word, word)
