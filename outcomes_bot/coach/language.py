"""How the coach reads a language beside its phrases: sentences, questions, clauses and echoes.

The patterns are ``language:`` in ``flows/coach.yaml``; ``rules.compile_rules``
compiles them into a ``Language``. Nothing English is written here, so a coach
file for another language brings its own.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
SUFFIXES = ("ing", "ed", "es", "s", "e")  # stripped before words are compared: "dancing" echoes "dance"
LOOK_BACK = 24  # how far before a run-on question the words that cancel it are looked for


@dataclass(frozen=True)
class Language:
    """The compiled ``language:`` patterns of a coach file."""

    continues: re.Pattern
    contrast: re.Pattern
    question_tag: re.Pattern
    clause_break: re.Pattern
    alternative: re.Pattern
    aside: re.Pattern
    run_on_question: re.Pattern
    not_before_run_on: re.Pattern
    subordinate: re.Pattern
    summary_parts: re.Pattern
    addressed: re.Pattern
    you: re.Pattern
    check_back: re.Pattern
    request: re.Pattern
    asked_anyway: re.Pattern
    advice_request: re.Pattern
    negation: re.Pattern
    short_reply: re.Pattern
    correction: re.Pattern
    said_back: dict[str, str]
    function_words: frozenset[str]
    common_words: frozenset[str]  # in nearly every sentence: the phrase index looks for rarer words first

    def sentences(self, text: str) -> list[tuple[int, str]]:
        """Split text into (offset, sentence) pairs, trimmed of spaces.

        A sentence that carries on the one before ("But...", "Still, ...",
        "..., though.") stays joined to it, so "I hear you. But..." is read as
        the one thought it is; a question is not carried on.
        """
        out: list[tuple[int, str]] = []
        for match in SENTENCE.finditer(text):
            raw = match.group()
            stripped = raw.strip()
            if not WORD.search(stripped):
                continue
            start = match.start() + raw.index(stripped[0])
            if out and self.continues.match(stripped) and not out[-1][1].endswith("?"):
                first = out[-1][0]
                out[-1] = (first, text[first : start + len(stripped)])
            else:
                out.append((start, stripped))
        return out

    def run_on_parts(self, sentence: str) -> list[str]:
        """A question typed without commas cut where each new question starts ("did u sleep did u eat")."""
        cuts = [0]
        for match in self.run_on_question.finditer(sentence):
            if not self.not_before_run_on.search(sentence, max(0, match.start() - LOOK_BACK), match.start()):
                cuts.append(match.start())
        cuts.append(len(sentence))
        return [sentence[a:b].strip() for a, b in itertools.pairwise(cuts)]

    def content_words(self, text: str) -> set[str]:
        """The words of ``text`` (lower-case) that carry content, each cut to a rough stem."""
        return {_stem(w) for w in WORD.findall(text) if w not in self.function_words and len(w) > 1}

    def echoes(self, said: str, theirs: frozenset[str], share: float) -> bool:
        """``said`` (lower-case) repeats the person's last words (``theirs``, their content words): enough of
        its own content words are theirs.

        Saying someone's own words back to them is the plainest reflection
        there is ("Not since the fall." after "I haven't been out since the
        fall").
        """
        mine = self.content_words(said)
        shared = mine & theirs
        return bool(shared) and len(shared) >= share * len(mine)


def _stem(word: str) -> str:
    """A rough stem: a word without its possessive and a common ending."""
    word = word.removesuffix("'s")
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.removesuffix("e") if len(word) > 4 else word
