"""How the coach reads a reply's shape: the whole reply, what the person said before, questions and clauses.

A question is found by its mark, its tag or how its clauses open, and typed
open or closed clause by clause; ``Told`` is the person's last words, read
once and kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import lowered, normalise
from .language import WORD, Language
from .phrases import Seen
from .rules import Rules

TOLD_KEPT = 512  # readings of the person's last words kept with the rules


@dataclass(frozen=True)
class Told:
    """What the person said just before: as the rules read it, its content words, and whether it asked."""

    text: str
    words: frozenset[str]
    asked: bool  # a question, or "can you...": what the worker says next answers it
    sought_advice: bool  # "What should I do?": advice given next is information, not a trap

    @classmethod
    def read(cls, before: str, rules: Rules) -> "Told | None":
        """The person's last words ready for the coach, or None if there were none.

        The same words come back often (a person's lines are a finite pool), so
        the last few readings are kept.
        """
        if not before.strip():
            return None
        kept = rules.told
        if before not in kept:
            if len(kept) >= TOLD_KEPT:
                kept.pop(next(iter(kept)))  # the oldest
            kept[before] = cls._read(before, rules)
        return kept[before]

    @classmethod
    def _read(cls, before: str, rules: Rules) -> "Told":
        """``read`` without the cache."""
        text = reading(before, rules)
        asked = bool(rules.language.request.search(text)) or is_question(text.strip(), rules)
        sought = bool(rules.language.advice_request.search(text))
        return cls(text, frozenset(rules.language.content_words(text)), asked, sought)


def reading(text: str, rules: Rules) -> str:
    """A whole reply as the coach and its word model read it: lower-case, shorthand spelt out."""
    return rules.shorthand.read(lowered(normalise(text)[: rules.flow.settings.read_chars])).text


def default_rules() -> Rules:
    """The shipped rules (loaded once)."""
    from ..content.flows import default_flows

    return default_flows().rules


def is_question(sentence: str, rules: Rules) -> bool:
    """A question ends in '?' or a tag ("..., weren't you"), or, without a full stop, has a clause that
    opens like one ("Erm, now the boxes are out, how are you feeling about the move")."""
    if sentence.rstrip("\"' )!").endswith("?") or rules.language.question_tag.search(sentence):
        return True
    if rules.language.asked_anyway.match(sentence):
        return True  # "I was wondering what you miss most.", "Tell me about your week."
    clauses = split_clauses(sentence, rules.language)
    if not clauses:
        return False  # punctuation alone ("," or "...") asks nothing
    first = clauses[0][0]
    if len(WORD.findall(first)) >= rules.flow.settings.rising_min_words and asks(first, rules):
        return True  # spoken: "Did your Gareth ring last night, then."
    if sentence.endswith((".", "!")):
        return False
    return any(asks(part, rules) for part, _ in clauses)


def question_kinds(sentence: str, kind: str, rules: Rules, seen: Seen | None = None) -> list[str]:
    """The questions one sentence asks, each open or closed.

    "What time did you get up, did you have breakfast and have you been out?"
    asks three: one open, two closed. A sentence of one question is ``kind``,
    unless the question comes after a clause that sets it up ("Say you keep
    up the walks, where would you like to be by summer?"): then it is typed
    by its own words. "..., or would you rather...?" offers a choice and asks
    nothing new. ``seen`` is what ``Rules.index.scan`` found in the sentence.
    """
    language = rules.language
    parts = split_clauses(sentence, language)
    if len(parts) == 1 and "?" not in sentence:
        parts = [(part, False) for part in language.run_on_parts(sentence)]
    asked = [part for part, choice in parts if not choice and asks(part, rules)]
    opener = rules.moves["open_question"]
    if kind == "asking_permission":  # asking permission, then any questions fired off after it
        return [kind] + ["open_question" if opener.find(part, seen) else "closed_question" for part in asked[1:]]
    if len(asked) == 1 and asked[0] != parts[0][0] and kind != "open_question":
        return ["open_question" if opener.find(asked[0], seen) else kind]
    if len(asked) < 2:
        return [kind]
    return ["open_question" if opener.find(part, seen) else "closed_question" for part in asked]


def split_clauses(sentence: str, language: Language) -> list[tuple[str, bool]]:
    """The clauses of a sentence, each with whether it comes after "or" (a choice offered, not a new question)."""
    out, last, choice = [], 0, False
    for match in language.clause_break.finditer(sentence):
        out.append((sentence[last : match.start()].strip(), choice))
        choice, last = language.alternative.fullmatch(match.group().strip()) is not None, match.end()
    out.append((sentence[last:].strip(), choice))
    return [(part, choice) for part, choice in out if part]


def asks(part: str, rules: Rules) -> bool:
    """A clause that opens like a question ("did you...", not "and had a chat"), and is not a clause like
    "when you..." or an aside ("do you think")."""
    language = rules.language
    if not rules.question_start.match(part) or language.subordinate.match(part) or language.aside.match(part):
        return False
    return bool(rules.moves["open_question"].find(part) or rules.moves["closed_question"].find(part))
