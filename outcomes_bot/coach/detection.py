"""What the coach finds in a reply: detections, the classification, and what it has heard so far.

Also the groups of move and trap ids the coach's reading turns on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content.schema import MOVE_IDS
from .phrases import Seen
from .shorthand import Reading

GOOD_MOVES = set(MOVE_IDS) - {"closed_question"}  # when the rules hear one of these, the word model keeps quiet
QUESTION_MOVES = ("open_question", "closed_question", "asking_permission")
LISTENING = {"reflection", "summary", "affirmation"}  # moves that show a question run is not a barrage
OWN_WORDS_EXCUSE = {"question_answer"}  # traps that saying the person's own words back does not excuse
REFLECTIVE = {"reflection", "summary"}


@dataclass(frozen=True)
class Detection:
    """One move or trap found in a reply, with the words that show it."""

    id: str
    evidence: str
    start: int
    weak: bool = False  # found only by a fallback phrase, so less certain


@dataclass(frozen=True)
class Classification:
    """Everything the coach found in one reply: moves in the order said, traps most specific first."""

    moves: tuple[Detection, ...]
    traps: tuple[Detection, ...]
    questions: tuple[str, ...] = ()  # each question asked, open or closed, outside trap sentences
    neutral: tuple[Detection, ...] = ()  # greetings, goodbyes, thanks, logistics: talk that is neither

    @property
    def move_ids(self) -> list[str]:
        """Move ids, in order of first appearance."""
        return [d.id for d in self.moves]

    @property
    def trap_ids(self) -> list[str]:
        """Trap ids, the most specific first (``settings.trap_priority``)."""
        return [d.id for d in self.traps]

    @property
    def is_neutral(self) -> bool:
        """Neither skilled nor a trap: it earns nothing and costs nothing."""
        return not self.moves and not self.traps


@dataclass(frozen=True)
class Sentence:
    """One sentence of a reply: as typed, as the rules read it, where it starts, and what phrases it may match."""

    text: str
    reading: Reading  # lower-cased, with texting shorthand spelt out
    offset: int
    seen: Seen

    @property
    def low(self) -> str:
        """The sentence as the rules read it."""
        return self.reading.text


@dataclass
class Heard:
    """What the coach has heard so far in one reply."""

    moves: dict[str, Detection] = field(default_factory=dict)
    traps: dict[str, Detection] = field(default_factory=dict)
    neutral: dict[str, Detection] = field(default_factory=dict)
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, open|closed|permission)
    asked: list[str] = field(default_factory=list)
    statements: list[Sentence] = field(default_factory=list)  # plain statements that no rule named
    checked_back: int | None = None  # where a check-back ("Have I got that right?") starts


def quoted(rule_id: str, said: Sentence, match: re.Match, start: int = 0) -> Detection:
    """A detection quoting the words as typed (rules read them lower-cased, with shorthand spelt out)."""
    first, last = said.reading.span(start + match.start(), start + match.end())
    words = said.text[first:last].strip()
    return Detection(rule_id, words or said.text, said.offset + first)
