"""The coach: a pure function from a worker's reply to moves and traps.

Rules are phrases in ``flows/coach.yaml``. A phrase is a regular expression
in which ``{name}`` stands for a word list from the same file, and a space
stands for any run of spaces. Each detection keeps the exact words that
triggered it, so every verdict can be explained.

The reply is cut into sentences. Each trap and move is looked for sentence by
sentence (traps on each side of a "but", except yes-but), and an ``unless``
phrase in the same place (negation, hedging, reported speech) cancels it. A
sentence with a trap earns no moves. Questions are typed open or closed, one
by one. The question-and-answer trap is found across the message (several
questions fired off) and across turns (a run of closed questions). When the
rules hear no trap and no skilled move, the word model in ``model.py`` may
name one, with a word pair as its evidence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Sequence

from .model import TrapModel
from .phrases import BadPhrase, Index, Phrases, Seen, compile_each
from .schema import MOVE_IDS, CoachFlow
from .shorthand import Reading, Shorthand
from .text import lowered, normalise

SLOT = re.compile(r"\{([a-z_]+)\}")
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
SUBORDINATE = re.compile(
    r"(?:when|where|if|as|while|once|before|after|since)\s+(?:you|i|we|they|he|she|it|things)\b", re.IGNORECASE
)
UPPER_ESCAPE = re.compile(r"\\[A-Z]")  # \S, \W...: lower-casing would change their meaning
TAG = re.compile(
    r",\s*(?:isn'?t it|aren'?t you|weren'?t you|wasn'?t it|wasn'?t he|wasn'?t she|don'?t you|didn'?t you|haven'?t you|"
    r"hasn'?t it|won'?t you|right|yeah|eh|innit)\s*[.!]?$",
    re.IGNORECASE,
)
CLAUSE = re.compile(r",|;|\band\b|\bor\b", re.IGNORECASE)
# In a run-on typed without commas ("did u sleep did u eat"), a new question starts at "did you"...
RUN_ON = re.compile(
    r"(?<=\w )(?=(?:did|do|does|have|has|are|is|was|were|can|could|will|would)\s+(?:you|u|he|she|they|it)\b)"
)
NOT_BEFORE_RUN_ON = re.compile(r"\b(?:what|how|why|when|where|who|which|whose|and|or|but|so|if|that|to|then)\s$")
PARTS = re.compile(r"[.;!?:,]|\band\b|\bbut\b", re.IGNORECASE)
ADDRESSED = re.compile(r"\b(?:you|your|yourself|u|ur|he|she|him|her|his|they|them|mr|mrs|miss)\b", re.IGNORECASE)
YOU = re.compile(r"\byou(?:'re|'ve|'d|'ll|r)?\b", re.IGNORECASE)
TURN = re.compile(r"\b(?:but|however)\b", re.IGNORECASE)
# A sentence that takes back the one before ("Still, ...", "Mind you, ...", "Not now, though.") continues it;
# a question with "though" in it ("How are you, though?") does not.
CONTINUES = re.compile(
    r"(?:but|however|though|although|only|the thing is|still|mind you|even so|that said|saying that|having said that|"
    r"then again|at the same time|all the same|be that as it may|trouble is|problem is|thing is|except)\b"
    r"|[^.!?]*(?<!\bas )(?<!\beven )\bthough\b(?! (?:i|you|we|he|she|it|they)\b)[^?]*$",
    re.IGNORECASE,
)
GOOD_MOVES = set(MOVE_IDS) - {"closed_question"}  # when the rules hear one of these, the word model keeps quiet
QUESTION_MOVES = ("open_question", "closed_question", "asking_permission")
LISTENING = {"reflection", "summary", "affirmation"}  # moves that show a question run is not a barrage


class RuleError(ValueError):
    """A phrase that cannot be compiled; ``where`` says which one."""

    def __init__(self, where: tuple, message: str, fix: str):
        super().__init__(message)
        self.where = where
        self.fix = fix


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

    @property
    def move_ids(self) -> list[str]:
        """Move ids, in order of first appearance."""
        return [d.id for d in self.moves]

    @property
    def trap_ids(self) -> list[str]:
        """Trap ids, the most specific first (``settings.trap_priority``)."""
        return [d.id for d in self.traps]


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


@dataclass(frozen=True)
class Rule:
    """A compiled trap or move rule."""

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
class Rules:
    """The coach's compiled rules and settings, and the word model that backs them up."""

    traps: tuple[Rule, ...]
    moves: dict[str, Rule]
    question_start: re.Pattern
    flow: CoachFlow
    index: Index  # which phrases could match a sentence
    shorthand: Shorthand
    model: TrapModel | None = None

    def phrase_sets(self) -> Iterator[tuple[str, Phrases]]:
        """Every compiled set of phrases (phrases, exceptions, fallbacks), with its trap or move id."""
        for rule in (*self.traps, *self.moves.values()):
            for phrases in (rule.pattern, rule.unless, rule.fallback):
                if phrases is not None:
                    yield rule.id, phrases


def expand(phrase: str, words: dict[str, str], where: tuple, depth: int = 0) -> str:
    """Replace ``{name}`` slots with their word lists, spaces with ``\\s+``, and make apostrophes optional."""

    def slot(match: re.Match) -> str:
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
    found = phrase_set(phrases, words, where, whole_words, lower, indexed=False)
    return found.pattern if found is not None else None


def phrase_set(
    phrases: Iterable[str],
    words: dict[str, str],
    where: tuple,
    whole_words: bool = True,
    lower: bool = False,
    indexed: bool = True,
) -> Phrases | None:
    """Compile phrases as ``compile_phrases`` does, and each one alone, to search only those that could match.

    With ``lower`` the phrases are for lower-cased text, which is faster than ignoring case.
    """
    bodies = [expand(phrase, words, where + (index,)) for index, phrase in enumerate(phrases)]
    if not bodies:
        return None
    # A phrase ends at the end of a word, or (if it ends in a space) before the next one.
    end = r"(?:(?<!\w)|(?!\w))" if whole_words else ""
    flags = re.IGNORECASE
    if lower and not any(UPPER_ESCAPE.search(body) for body in bodies):  # \S, \W... would change if lower-cased
        bodies, flags = [body.lower() for body in bodies], 0
    try:
        return compile_each(bodies, r"(?<!\w)", end, flags, indexed)
    except BadPhrase as exc:
        raise RuleError(
            where + (exc.index,),
            f"the phrase is not a valid pattern ({exc})",
            exc.fix or "check brackets and special characters; write a literal ? or ( as \\? or \\(",
        ) from None


def compile_rules(flow: CoachFlow) -> Rules:
    """Compile coach.yaml into Rules; raise RuleError naming the bad phrase."""
    words = dict(flow.words)
    index = Index()

    def compiled(phrases: list[str], where: tuple) -> Phrases | None:
        return index.add(phrase_set(phrases, words, where, lower=True))

    traps = []
    for trap_id, trap in flow.traps.items():
        pattern = compiled(trap.phrases, ("traps", trap_id, "phrases"))
        if pattern is None:
            continue  # found by structure, not phrases (question_answer)
        traps.append(Rule(trap_id, pattern, compiled(trap.unless, ("traps", trap_id, "unless"))))
    moves = {
        move_id: Rule(
            move_id,
            compiled(move.phrases, ("moves", move_id, "phrases")),
            compiled(move.unless, ("moves", move_id, "unless")),
            move.questions_only,
            compiled(move.fallback, ("moves", move_id, "fallback")),
        )
        for move_id, move in flow.moves.items()
    }
    starts = compile_phrases(flow.question_starts, words, ("question_starts",), lower=True)
    before = {word: (rule.means, frozenset(rule.words)) for word, rule in flow.shorthand.before.items()}
    shorthand = Shorthand(dict(flow.shorthand.means), before)
    return Rules(tuple(traps), moves, starts, flow, index.build(), shorthand, TrapModel.load())


def sentences(text: str) -> list[tuple[int, str]]:
    """Split text into (offset, sentence) pairs, trimmed of spaces.

    A sentence that opens with "But" or "However" stays joined to the one
    before, so "I hear you. But..." is read as the one thought it is.
    """
    out: list[tuple[int, str]] = []
    for match in SENTENCE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not WORD.search(stripped):
            continue
        start = match.start() + raw.index(stripped[0])
        if out and CONTINUES.match(stripped):
            first = out[-1][0]
            out[-1] = (first, text[first : start + len(stripped)])
        else:
            out.append((start, stripped))
    return out


def is_question(sentence: str, rules: Rules) -> bool:
    """A question ends in '?', ends in a tag ("..., weren't you"), or opens like one without a full stop."""
    if sentence.rstrip("\"' )!").endswith("?") or TAG.search(sentence):
        return True
    return not sentence.endswith((".", "!")) and bool(rules.question_start.match(sentence))


def question_kinds(sentence: str, kind: str, rules: Rules, seen: Seen | None = None) -> list[str]:
    """The questions one sentence asks, each open or closed.

    "What time did you get up, did you have breakfast and have you been out?"
    asks three: one open, two closed. A sentence of one question is ``kind``.
    ``seen`` is what ``Rules.index.scan`` found in the sentence.
    """
    parts = [part.strip() for part in CLAUSE.split(sentence)]
    if len(parts) == 1 and "?" not in sentence:  # ...unless the word before it asks ("how did you")
        cuts = (
            [0]
            + [m.start() for m in RUN_ON.finditer(sentence) if not NOT_BEFORE_RUN_ON.search(sentence[: m.start()])]
            + [len(sentence)]
        )
        parts = [sentence[a:b].strip() for a, b in itertools.pairwise(cuts)]
    asked = [part for part in parts if rules.question_start.match(part) and not SUBORDINATE.match(part)]
    if len(asked) < 2:
        return [kind]
    opener = rules.moves["open_question"]
    return ["open_question" if opener.find(part, seen) else "closed_question" for part in asked]


def classify(text: str, recent: Sequence[Iterable[str]] = (), rules: Rules | None = None) -> Classification:
    """Find the moves and traps in ``text``.

    ``recent`` holds the move ids of the turns before this one, oldest first;
    it lets the coach see a run of closed questions and advice given after
    asking permission.
    """
    if rules is None:
        from .flows import default_flows

        rules = default_flows().rules
    settings = rules.flow.settings
    norm = normalise(text)
    moves: dict[str, Detection] = {}
    traps: dict[str, Detection] = {}
    question_spans: list[tuple[int, int, str]] = []  # (start, end, open|closed|permission)
    asked: list[str] = []

    for offset, sentence in sentences(norm):
        reading = rules.shorthand.read(lowered(sentence))  # rules are compiled lower-case: twice as fast
        said = Sentence(sentence, reading, offset, rules.index.scan(reading.text))
        found_traps = _sentence_traps(said, rules)
        for det in found_traps:
            traps.setdefault(det.id, det)
        question = is_question(said.low, rules)
        found_moves = _sentence_moves(said, question, rules, bool(found_traps))
        kinds: list[str] = []
        if question:
            kind = next((d.id for d in found_moves if d.id in QUESTION_MOVES), "closed_question")
            kinds = question_kinds(said.low, kind, rules, said.seen)
            if kind == "asking_permission":  # asking permission, then any questions fired off after it
                kinds = [kind] + kinds[1:]
            question_spans += [(offset, offset + len(sentence), k) for k in kinds]
        if found_traps:
            continue  # a trap sentence earns no credit as a skilled move
        for kind in set(kinds) - {"asking_permission"}:
            if kind not in {d.id for d in found_moves}:
                found_moves.append(Detection(kind, sentence, offset))
        asked += [k for k in kinds if k != "asking_permission"]
        for det in found_moves:
            moves.setdefault(det.id, det)

    _summary_by_shape(norm, moves, rules)
    if "summary" in moves:
        moves.pop("reflection", None)  # a summary is the reflection that gathers things up
    previous = [set(turn) for turn in recent]
    qa = _question_answer(norm, question_spans, moves, previous, settings)
    if qa:
        traps.setdefault("question_answer", qa)
    heard = {d.id for d in moves.values() if not d.weak} & GOOD_MOVES
    if not traps and rules.model is not None and not heard and ADDRESSED.search(norm):
        # the rules heard no trap and no clear skilled move in something said to or about someone
        low = lowered(norm)
        guess = rules.model.predict(low, cautious=bool(moves.keys() & GOOD_MOVES))
        unless = next((r.unless for r in rules.traps if guess and r.id == guess[0]), None)
        read = rules.shorthand.read(low).text  # the trap's own exceptions still apply
        if guess and not (unless and unless.search(read, rules.index.scan(read))):
            trap, start, end = guess
            traps[trap] = Detection(trap, norm[start:end], start)
    if moves.keys() & {"asking_permission", "summary"} or (previous and "asking_permission" in previous[-1]):
        for trap_id in settings.permission_allows:  # ideas offered with permission, or the person's own
            traps.pop(trap_id, None)
    priority = settings.trap_priority
    return Classification(
        tuple(sorted(moves.values(), key=lambda d: d.start)),
        tuple(sorted(traps.values(), key=lambda d: priority.index(d.id))),
        tuple(asked),
    )


def _sentence_traps(said: Sentence, rules: Rules) -> list[Detection]:
    """Traps in one sentence. Only yes-but reads across a "but"; the others are
    looked for on each side of it, so a reflection before the "but" cannot
    excuse advice after it."""
    low = said.low
    cuts = [0] + [m.start() for m in TURN.finditer(low) if m.start() > 0] + [len(low)]
    pieces = list(_pieces(low, cuts))
    found = []
    for rule in rules.traps:
        for start, piece in [(0, low)] if rule.id == "yes_but" else pieces:
            match = rule.find(piece, said.seen)
            if match:
                found.append(_detection(rule.id, said, match, start))
                break
    return found


def _detection(rule_id: str, said: Sentence, match: re.Match, start: int = 0) -> Detection:
    """A detection quoting the words as typed (rules read them lower-cased, with shorthand spelt out)."""
    first, last = said.reading.span(start + match.start(), start + match.end())
    words = said.text[first:last].strip()
    return Detection(rule_id, words or said.text, said.offset + first)


def _pieces(sentence: str, cuts: list[int]) -> Iterator[tuple[int, str]]:
    """The parts of a sentence between cut points, with their offsets."""
    for start, end in itertools.pairwise(cuts):
        yield start, sentence[start:end]


def _sentence_moves(said: Sentence, question: bool, rules: Rules, trapped: bool = False) -> list[Detection]:
    """Moves in one sentence; a question is exactly one of open, closed or permission.

    A sentence with a trap in it earns no moves, so only what types its
    questions is looked for (the question-and-answer trap counts them).
    """
    if trapped and not question:
        return []
    low, seen, sentence, offset = said.low, said.seen, said.text, said.offset
    found = []
    for move_id, rule in rules.moves.items():
        if move_id == "closed_question" or (rule.questions_only and not question):
            continue
        if trapped and move_id not in QUESTION_MOVES:
            continue
        match = rule.find(low, seen)
        if match:
            found.append(_detection(move_id, said, match))
    if not found and not question and not trapped:
        for move_id, rule in rules.moves.items():
            match = rule.find(low, seen, fallback=True)
            if match:
                found.append(replace(_detection(move_id, said, match), weak=True))
    ids = {d.id for d in found}
    if question:
        if "asking_permission" in ids:
            found = [
                d
                for d in found
                if d.id not in ("open_question", "reflection", "strengths_question", "scaling_question")
            ]
        elif "scaling_question" in ids and "open_question" not in ids:
            found.append(Detection("open_question", sentence, offset))  # the resource counts it as open
        elif "open_question" not in ids:
            closed = rules.moves["closed_question"].find(low, seen)
            if closed or "reflection" not in ids:
                found = [d for d in found if d.id != "reflection"]
                found.append(Detection("closed_question", sentence, offset))
    return found


def _summary_by_shape(text: str, moves: dict[str, Detection], rules: Rules) -> None:
    """A long reflection that gathers several things about the person is a summary."""
    if "summary" in moves or "reflection" not in moves:
        return
    text = rules.shorthand.read(lowered(text)).text  # "u" and "ur" count as "you" and "your"
    settings = rules.flow.settings
    parts = sum(1 for part in PARTS.split(text) if YOU.search(part) and len(WORD.findall(part)) >= 3)
    if len(WORD.findall(text)) >= settings.summary_min_words and parts >= settings.summary_min_parts:
        first = moves["reflection"]
        moves["summary"] = Detection("summary", first.evidence, first.start)


def _question_answer(
    text: str, spans: list[tuple[int, int, str]], moves: dict[str, Detection], previous: list[set[str]], settings
) -> Detection | None:
    """Several questions fired off in one go, or a run of closed-question turns."""
    closed = [s for s in spans if s[2] == "closed_question"]
    listening = LISTENING & moves.keys()
    if len(spans) >= settings.rapid_fire_questions:
        start, end = spans[0][0], spans[-1][1]
        return Detection("question_answer", _clip(text[start:end]), start)
    only_closed = bool(closed) and "open_question" not in moves and not listening
    streak = settings.closed_streak - 1
    if only_closed and len(previous) >= streak and all(_closed_only(turn) for turn in previous[-streak:]):
        start, end = closed[0][0], closed[0][1]
        return Detection("question_answer", _clip(text[start:end]), start)
    return None


def _closed_only(moves: set[str]) -> bool:
    """True for a turn that asked closed questions and did nothing else skilled."""
    return "closed_question" in moves and not moves & (GOOD_MOVES - {"asking_permission"})


def _clip(text: str, limit: int = 160) -> str:
    """Shorten a quote for feedback, keeping whole words."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
