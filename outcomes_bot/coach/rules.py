"""The coach's rules compiled from ``flows/coach.yaml``.

A phrase is a regular expression in which ``{name}`` stands for a word list
from the same file and a space stands for any run of spaces. Each rule's
phrases are compiled one by one behind an index (``phrases.py``), so a
sentence is searched only with the phrases that could match it. An ``unless``
phrase in the same place cancels the rule there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..content.schema_coach import CoachFlow, LanguageRules
from .language import Language
from .model import TrapModel
from .phrases import BadPhrase, Index, Phrases, Seen, compile_each
from .shorthand import Shorthand

SLOT = re.compile(r"\{([a-z_]+)\}")
UPPER_ESCAPE = re.compile(r"\\[A-Z]")  # \S, \W...: lower-casing would change their meaning
GROUP_HELP = "check brackets and special characters; write a literal ? or ( as \\? or \\("


class RuleError(ValueError):
    """A phrase that cannot be compiled; ``where`` says which one."""

    def __init__(self, where: tuple, message: str, fix: str):
        """A RuleError at ``where`` (a key path in coach.yaml), saying what is wrong and how to fix it."""
        super().__init__(message)
        self.where = where
        self.fix = fix


@dataclass(frozen=True)
class Rule:
    """A compiled trap, move or neutral rule."""

    id: str
    pattern: Phrases
    unless: Phrases | None
    questions_only: bool = False
    fallback: Phrases | None = None

    def find(self, sentence: str, seen: Seen | None = None, fallback: bool = False) -> re.Match | None:
        """Return the first match in ``sentence`` (of the fallback phrases, if asked) unless an exception applies.

        ``seen`` is ``Rules.index.scan`` of the sentence (or of a text containing it): it makes no difference
        to the answer, only to the time taken.
        """
        phrases = self.fallback if fallback else self.pattern
        match = phrases.search(sentence, seen) if phrases is not None else None
        if match and self.unless is not None and self.unless.search(sentence, seen):
            return None
        return match


@dataclass(frozen=True)
class Rewrite:
    """A compiled rewrite: the traps it is for, the pattern with named groups, and the line to fill in."""

    traps: frozenset[str]
    pattern: re.Pattern
    to: str


@dataclass(frozen=True)
class Rules:
    """The coach's compiled rules and settings, and the word model that backs them up."""

    traps: tuple[Rule, ...]
    moves: dict[str, Rule]
    neutral: tuple[Rule, ...]
    frames: Phrases | None  # reflective frames, inside which some traps are not named
    contradiction: Phrases | None  # "No, you haven't...": the contradiction trap, unless the person asked
    question_start: re.Pattern
    flow: CoachFlow
    index: Index  # which phrases could match a sentence
    shorthand: Shorthand
    language: Language
    rewrites: tuple[Rewrite, ...] = ()
    ing: tuple[tuple[re.Pattern, str], ...] = ()
    model: TrapModel | None = None
    # the coach's readings of what the person said last, by their words (see clauses.Told.read)
    told: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def excused_by_frames(self) -> frozenset[str]:
        """The traps a reflective frame excuses (``settings.frames_excuse``)."""
        return frozenset(self.flow.settings.frames_excuse)

    def phrase_sets(self) -> Iterator[tuple[str, Phrases]]:
        """Every compiled set of phrases (phrases, exceptions, fallbacks), with its rule id."""
        for rule in (*self.traps, *self.moves.values(), *self.neutral):
            for phrases in (rule.pattern, rule.unless, rule.fallback):
                if phrases is not None:
                    yield rule.id, phrases
        for name, phrases in (("frames", self.frames), ("contradiction", self.contradiction)):
            if phrases is not None:
                yield name, phrases


def expand(phrase: str, words: dict[str, str], where: tuple, depth: int = 0) -> str:
    """Replace ``{name}`` slots with their word lists, spaces with ``\\s+``, and make apostrophes optional."""

    def slot(match: re.Match) -> str:
        """The word list a ``{name}`` slot stands for, expanded in turn."""
        name = match.group(1)
        if name not in words:
            raise RuleError(
                where,
                f"unknown word list '{{{name}}}'",
                f"add '{name}' under 'words:' in coach.yaml, or correct the spelling",
            )
        if depth > 3:
            raise RuleError(where, "word lists nest too deeply", "avoid word lists that refer to each other in a loop")
        return "(?:" + expand(words[name], words, where, depth + 1) + ")"

    # A space is any run of spaces; an apostrophe may be left out, as in "dont" or "thats".
    return SLOT.sub(slot, phrase).replace(" ", r"\s+").replace("'", "'?")


def compile_phrases(
    phrases: Iterable[str], words: dict[str, str], where: tuple, whole_words: bool = True, lower: bool = False
) -> re.Pattern | None:
    """Compile phrases into one pattern that starts on a word boundary (lower-case with ``lower``, else ignoring case).

    With ``whole_words`` the match must also end on one; without it a phrase
    matches the start of a word, so the cue ``worr`` finds "worried".
    """
    found = phrase_set(phrases, words, where, whole_words=whole_words, lower=lower, indexed=False)
    return found.pattern if found is not None else None


def phrase_set(
    phrases: Iterable[str],
    words: dict[str, str],
    where: tuple,
    whole_words: bool = True,
    lower: bool = False,
    indexed: bool = True,
    common: frozenset[str] = frozenset(),
) -> Phrases | None:
    """Compile phrases as ``compile_phrases`` does, and each one alone, to search only those that could match.

    With ``lower`` the phrases are for lower-cased text, which is faster than ignoring case. ``common``
    words (``language.common_words``) are the last the index looks for.
    """
    bodies = [expand(phrase, words, where + (index,)) for index, phrase in enumerate(phrases)]
    if not bodies:
        return None
    # A phrase ends at the end of a word, or (if it ends in a space) before the next one.
    end = r"(?:(?<!\w)|(?!\w))" if whole_words else ""
    flags: int = re.IGNORECASE
    if lower and not any(UPPER_ESCAPE.search(body) for body in bodies):  # \S, \W... would change if lower-cased
        bodies, flags = [body.lower() for body in bodies], 0
    try:
        return compile_each(bodies, start=r"(?<!\w)", end=end, flags=flags, indexed=indexed, common=common)
    except BadPhrase as exc:
        raise RuleError(
            where + (exc.index,), f"the phrase is not a valid pattern ({exc})", exc.fix or GROUP_HELP
        ) from None


def _regex(pattern: str, where: tuple, flags: int = 0) -> re.Pattern:
    """One regular expression compiled; raise RuleError naming it if it is not valid."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise RuleError(where, f"the pattern is not a valid regular expression ({exc})", GROUP_HELP) from None


def compile_language(rules: LanguageRules) -> Language:
    """The ``language:`` patterns compiled (ignoring case), and its word lists; raise RuleError naming a bad one."""
    patterns = {
        name: _regex(value, ("language", name), re.IGNORECASE) for name, value in rules if isinstance(value, str)
    }
    return Language(
        **patterns,
        said_back=dict(rules.said_back),
        function_words=frozenset(rules.function_words),
        common_words=frozenset(rules.common_words),
    )


FIELD = re.compile(r"\{([a-z_]+)(?:\|ing)?\}")


def compile_rewrites(flow: CoachFlow, words: dict[str, str]) -> tuple[Rewrite, ...]:
    """The ``rewrites`` compiled; raise RuleError for a bad pattern or a field the pattern does not name."""
    out = []
    for index, rule in enumerate(flow.rewrites):
        where = ("rewrites", index)
        pattern = _regex(expand(rule.from_, words, where + ("from",)), where + ("from",), re.IGNORECASE)
        for name in FIELD.findall(rule.to):
            if name not in pattern.groupindex:
                raise RuleError(
                    where + ("to",),
                    f"'{{{name}}}' is not a group of the pattern",
                    f"name a group (?P<{name}>...) in 'from', or use one of: {', '.join(pattern.groupindex) or 'none'}",
                )
        out.append(Rewrite(frozenset(rule.traps), pattern, rule.to))
    return tuple(out)


def compile_ing(flow: CoachFlow) -> tuple[tuple[re.Pattern, str], ...]:
    """The ``ing`` rules compiled; raise RuleError for a bad pattern."""
    return tuple(
        (_regex(pattern, ("ing", index)), replacement) for index, (pattern, replacement) in enumerate(flow.ing)
    )


@dataclass
class _Compiler:
    """Compiles a coach file's phrase lists into one index, with its word lists and common words."""

    words: dict[str, str]
    common: frozenset[str]
    index: Index = field(default_factory=Index)

    def phrases(self, phrases: list[str], where: tuple) -> Phrases | None:
        """A list of phrases compiled for lower-cased text and added to the index (None if the list is empty)."""
        return self.index.add(phrase_set(phrases, self.words, where, lower=True, common=self.common))

    def required(self, phrases: list[str], where: tuple) -> Phrases:
        """``phrases`` for a list the schema says is never empty."""
        compiled = self.phrases(phrases, where)
        assert compiled is not None, where  # the schema asks for at least one phrase
        return compiled

    def traps(self, flow: CoachFlow) -> tuple[Rule, ...]:
        """The trap rules; a trap found by structure, not phrases (question_answer), has none."""
        traps = []
        for trap_id, trap in flow.traps.items():
            pattern = self.phrases(trap.phrases, ("traps", trap_id, "phrases"))
            if pattern is not None:
                traps.append(Rule(trap_id, pattern, self.phrases(trap.unless, ("traps", trap_id, "unless"))))
        return tuple(traps)

    def moves(self, flow: CoachFlow) -> dict[str, Rule]:
        """The move rules, by move id."""
        return {
            move_id: Rule(
                id=move_id,
                pattern=self.required(move.phrases, ("moves", move_id, "phrases")),
                unless=self.phrases(move.unless, ("moves", move_id, "unless")),
                questions_only=move.questions_only,
                fallback=self.phrases(move.fallback, ("moves", move_id, "fallback")),
            )
            for move_id, move in flow.moves.items()
        }

    def neutral(self, flow: CoachFlow) -> tuple[Rule, ...]:
        """The rules for neutral talk (greetings, goodbyes, thanks, logistics)."""
        return tuple(
            Rule(
                kind,
                self.required(talk.phrases, ("neutral", kind, "phrases")),
                self.phrases(talk.unless, ("neutral", kind, "unless")),
            )
            for kind, talk in flow.neutral.items()
        )


def compile_rules(flow: CoachFlow) -> Rules:
    """Compile coach.yaml into Rules; raise RuleError naming the bad phrase."""
    words = dict(flow.words)
    compiler = _Compiler(words, frozenset(flow.language.common_words))
    traps, moves, neutral = compiler.traps(flow), compiler.moves(flow), compiler.neutral(flow)  # in the index's order
    starts = compile_phrases(flow.question_starts, words, ("question_starts",), lower=True)
    assert starts is not None  # the schema asks for at least one question start
    before = {word: (rule.means, frozenset(rule.words)) for word, rule in flow.shorthand.before.items()}
    return Rules(
        traps=traps,
        moves=moves,
        neutral=neutral,
        frames=compiler.phrases(flow.frames, ("frames",)),
        contradiction=compiler.phrases(flow.contradiction, ("contradiction",)),
        question_start=starts,
        flow=flow,
        index=compiler.index.build(),
        shorthand=Shorthand(dict(flow.shorthand.means), before),
        language=compile_language(flow.language),
        rewrites=compile_rewrites(flow, words),
        ing=compile_ing(flow),
        model=TrapModel.load(),
    )
