"""The coach: a pure function from a worker's reply to moves and traps.

Rules are phrases in ``flows/coach.yaml`` (compiled in ``rules.py``). Each
detection keeps the exact words that triggered it, so every verdict can be
explained.

The reply is cut into sentences. Each trap and move is looked for sentence by
sentence (traps on each side of a "but", except yes-but), and an ``unless``
phrase in the same place (negation, hedging, reported speech) cancels it. A
sentence with a trap earns no moves. Questions are typed open or closed, one
by one. A statement counts as a reflection only on positive evidence: a
reflective phrase, or the person's own words said back (``before``, what the
person said just before). Greetings, goodbyes, thanks and logistics are
neutral: neither skilled nor a trap. The question-and-answer trap is found
across the message (several questions fired off) and across turns (a run of
closed questions). When the rules hear no trap and no skilled move in
something said to someone, the word model in ``model.py`` may name one, with
a run of words as its evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Sequence

from ..content.schema import MOVE_IDS
from ..text import lowered, normalise
from .language import WORD
from .phrases import Seen
from .rules import RuleError, Rules, compile_phrases, compile_rules, phrase_set
from .shorthand import Reading

__all__ = [
    "Classification",
    "Detection",
    "RuleError",
    "Rules",
    "classify",
    "compile_phrases",
    "compile_rules",
    "phrase_set",
    "reading",
    "sentences",
]

GOOD_MOVES = set(MOVE_IDS) - {"closed_question"}  # when the rules hear one of these, the word model keeps quiet
QUESTION_MOVES = ("open_question", "closed_question", "asking_permission")
LISTENING = {"reflection", "summary", "affirmation"}  # moves that show a question run is not a barrage
TOLD_KEPT = 512  # readings of the person's last words kept with the rules
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


def sentences(text: str, rules: Rules | None = None) -> list[tuple[int, str]]:
    """Split text into (offset, sentence) pairs, as the coach reads it (``Language.sentences``)."""
    return (rules or _default_rules()).language.sentences(text)


def classify(
    text: str, recent: Sequence[Iterable[str]] = (), rules: Rules | None = None, before: str = ""
) -> Classification:
    """Find the moves and traps in ``text``.

    ``recent`` holds the move ids of the turns before this one, oldest first;
    it lets the coach see a run of closed questions and advice given after
    asking permission. ``before`` is what the person said just before: a
    statement that says their words back is a reflection.
    """
    rules = rules or _default_rules()
    settings = rules.flow.settings
    norm = normalise(text)[: settings.read_chars]
    told = Told.read(before, rules)
    heard = Heard()
    for offset, sentence in rules.language.sentences(norm):
        reading = rules.shorthand.read(lowered(sentence))  # rules are compiled lower-case: twice as fast
        _hear(Sentence(sentence, reading, offset, rules.index.scan(reading.text)), rules, heard, told)
    _summary_by_shape(norm, heard.moves, rules, heard.checked_back)
    weak = [d.id for d in heard.moves.values() if d.weak]
    if weak and len(heard.moves) > len(weak):
        for move_id in weak:  # a weak sign gives way to a clear move elsewhere in the reply
            heard.moves.pop(move_id)
    if "summary" in heard.moves:
        heard.moves.pop("reflection", None)  # a summary is the reflection that gathers things up
    previous = [set(turn) for turn in recent]
    qa = _question_answer(norm, heard, previous, rules)
    if qa:
        heard.traps.setdefault("question_answer", qa)
    if not heard.traps:
        _ask_the_model(norm, heard, rules)
    if heard.moves.keys() & {"asking_permission", "summary"} or (previous and "asking_permission" in previous[-1]):
        for trap_id in settings.permission_allows:  # ideas offered with permission, or the person's own
            heard.traps.pop(trap_id, None)
    if told is not None and told.sought_advice:
        for trap_id in settings.asked_allows:  # what the person asked for is information, not a trap
            heard.traps.pop(trap_id, None)
    if heard.traps.keys() - OWN_WORDS_EXCUSE:  # a reply with a trap in it earns no credit, whatever else it says
        trapped = [d.start for d in heard.traps.values() if d.id not in OWN_WORDS_EXCUSE]
        heard.moves = {
            k: d
            for k, d in heard.moves.items()
            if k in ("open_question", "closed_question")
            and not any(d.start <= t < d.start + len(d.evidence) for t in trapped)
        }
    priority = settings.trap_priority
    return Classification(
        tuple(sorted(heard.moves.values(), key=lambda d: d.start)),
        tuple(sorted(heard.traps.values(), key=lambda d: priority.index(d.id))),
        tuple(heard.asked),
        tuple(heard.neutral.values()),
    )


def reading(text: str, rules: Rules) -> str:
    """A whole reply as the coach and its word model read it: lower-case, shorthand spelt out."""
    return rules.shorthand.read(lowered(normalise(text)[: rules.flow.settings.read_chars])).text


def _default_rules() -> Rules:
    """The shipped rules (loaded once)."""
    from ..content.flows import default_flows

    return default_flows().rules


def _hear(said: Sentence, rules: Rules, heard: Heard, told: Told | None) -> None:
    """Add what one sentence says to ``heard``."""
    found_traps = _sentence_traps(said, rules)
    if found_traps:
        kept = _says_back(said, found_traps, told, rules)
        if not kept:  # the person's own plan or words said back: a reflection, not the worker's verdict
            heard.moves.setdefault("reflection", Detection("reflection", said.text, said.offset))
        found_traps = kept
    if not found_traps and (told is None or not told.asked):
        found_traps = _contradicts(said, told, rules)
    for det in found_traps:
        heard.traps.setdefault(det.id, det)
    question = is_question(said.low, rules)
    neutral = None if found_traps else _neutral(said, rules)
    if neutral is not None:
        heard.neutral.setdefault(neutral.id, neutral)
        if neutral.id in rules.flow.settings.unread:
            return  # written in a language the coach does not read
    found_moves = _sentence_moves(said, question, rules, bool(found_traps), weak_allowed=neutral is None)
    if not found_traps and neutral is None:
        found_moves = _reflective(said, question, found_moves, heard, rules, told)
    kinds: list[str] = []
    if question and _checks_back(said, found_moves, heard, rules):
        heard.checked_back = said.offset
        found_moves = [d for d in found_moves if d.id not in QUESTION_MOVES]
        if not heard.moves.keys() & REFLECTIVE:
            first = heard.statements[0]
            heard.moves["reflection"] = Detection("reflection", first.text, first.offset)
    elif question:
        kind = next((d.id for d in found_moves if d.id in QUESTION_MOVES), None)
        if kind is not None or "reflection" not in {d.id for d in found_moves}:
            kinds = question_kinds(said.low, kind or "closed_question", rules, said.seen)
            heard.spans += [(said.offset, said.offset + len(said.text), k) for k in kinds]
    if found_traps:
        return  # a trap sentence earns no credit as a skilled move
    if not question and neutral is None and not found_moves:
        heard.statements.append(said)
    for kind in set(kinds) - {"asking_permission"}:
        if kind not in {d.id for d in found_moves}:
            found_moves.append(Detection(kind, said.text, said.offset))
    heard.asked += [k for k in kinds if k != "asking_permission"]
    for det in found_moves:
        heard.moves.setdefault(det.id, det)


def _contradicts(said: Sentence, told: Told | None, rules: Rules) -> list[Detection]:
    """The worker tells the person they are wrong: "You haven't, love." to their "I've took me tablets",
    "We did." to "Nobody told me", "...in March, not last week." to "he'll be home soon"."""
    language, trap = rules.language, rules.flow.settings.contradiction_trap
    said_no = rules.contradiction.search(said.low, said.seen) if rules.contradiction is not None else None
    if told is None:  # nothing to compare with: "No, you haven't..." is read as contradiction
        return [_detection(trap, said, said_no)] if said_no else []
    short = language.short_reply.match(said.low)
    agrees = short is not None and _negative(said.low[: short.end()], language) == _negative(told.text, language)
    if short and not agrees:
        return [Detection(trap, said.text[: short.end()].strip(" ,."), said.offset)]
    if said_no and not agrees:  # "No, you're not" to "I'm not a child" agrees with them
        return [_detection(trap, said, said_no)]
    correction = language.correction.search(said.low)  # "..., not X" where they said X (and not "not X")
    if (
        correction
        and not _negative(told.text, language)
        and language.content_words(said.low[correction.start() :]) & told.words
    ):
        return [Detection(trap, said.text[correction.start() :].strip(" ,."), said.offset + correction.start())]
    return []


def _negative(text: str, language) -> bool:
    """The words say no, not or never."""
    return language.negation.search(text) is not None


def _says_back(said: Sentence, traps: list[Detection], told: Told | None, rules: Rules) -> list[Detection]:
    """The traps left once the person's own words said back are taken out.

    Nearly all the words being theirs excuses any trap but a barrage of
    questions: their plan ("So you're going to start on Monday"), their
    ambivalence ("Fine, but a lot at the minute"). The trap's own words
    being theirs, turned to "you" ("you have to" for their "I have to"),
    excuses all but yes-but.
    """
    if told is None:
        return traps
    language, share, theirs = rules.language, rules.flow.settings.says_back_share, told.words
    mine = language.content_words(said.low)
    if not told.asked and mine and len(mine & theirs) >= share * len(mine):
        turn = language.contrast.search(said.low)  # yes-but is excused only if what follows the "but" is theirs too
        after = language.content_words(said.low[turn.end() :]) if turn else mine
        keep = OWN_WORDS_EXCUSE | ({"yes_but"} if after and len(after & theirs) < share * len(after) else set())
        return [d for d in traps if d.id in keep]
    if all(_theirs(d.evidence, told, rules) for d in traps if d.id not in OWN_WORDS_EXCUSE | {"yes_but"}):
        return [d for d in traps if d.id in OWN_WORDS_EXCUSE | {"yes_but"}]
    return traps


def _theirs(evidence: str, told: Told, rules: Rules) -> bool:
    """The words of a detection are the person's own: its content words were all theirs ("a burden",
    "non-compliant"), or, turned from "you" to "I", the words stand in what they said ("I have to")."""
    said_back = rules.language.said_back
    words = [said_back.get(w, w) for w in rules.shorthand.read(lowered(evidence)).text.split()]
    content = rules.language.content_words(" ".join(words))
    if content:
        return content <= told.words
    return len(words) >= 2 and re.search(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", told.text) is not None


def _reflective(
    said: Sentence, question: bool, found: list[Detection], heard: Heard, rules: Rules, told: Told | None
) -> list[Detection]:
    """A statement (or one said with a rising "?") that says the person's own words back is a reflection."""
    if {d.id for d in found} & (GOOD_MOVES - {"reflection"}) or "reflection" in {d.id for d in found}:
        return found
    if question and (rules.question_start.match(said.low) or rules.language.question_tag.search(said.low)):
        return found  # "Since the fall?" says it back, rising; "Did you fall?" and "..., didn't you?" ask
    if told is None or told.asked:
        return found  # an answer to the person's question is not a reflection of it
    if not rules.language.echoes(said.low, told.words, rules.flow.settings.echo_share):
        return found
    return [d for d in found if d.id != "closed_question"] + [Detection("reflection", said.text, said.offset)]


def _checks_back(said: Sentence, found: list[Detection], heard: Heard, rules: Rules) -> bool:
    """A closed "Have I got that right?" after saying back what was heard is part of the reflection, not a question."""
    if "open_question" in {d.id for d in found} or not rules.language.check_back.match(said.low):
        return False
    return bool(heard.statements) or bool(heard.moves.keys() & REFLECTIVE)


def _neutral(said: Sentence, rules: Rules) -> Detection | None:
    """The kind of neutral talk this sentence is (a greeting, a goodbye, thanks...), if it is one."""
    for rule in rules.neutral:
        match = rule.find(said.low, said.seen)
        if match:
            return _detection(rule.id, said, match)
    return None


def is_question(sentence: str, rules: Rules) -> bool:
    """A question ends in '?' or a tag ("..., weren't you"), or, without a full stop, has a clause that
    opens like one ("Erm, now the boxes are out, how are you feeling about the move")."""
    if sentence.rstrip("\"' )!").endswith("?") or rules.language.question_tag.search(sentence):
        return True
    if rules.language.asked_anyway.match(sentence):
        return True  # "I was wondering what you miss most.", "Tell me about your week."
    first = _clauses(sentence, rules.language)[0][0]
    if len(WORD.findall(first)) >= rules.flow.settings.rising_min_words and _asks(first, rules):
        return True  # spoken: "Did your Gareth ring last night, then."
    if sentence.endswith((".", "!")):
        return False
    language = rules.language
    return any(_asks(part, rules) for part, _ in _clauses(sentence, language))


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
    parts = _clauses(sentence, language)
    if len(parts) == 1 and "?" not in sentence:
        parts = [(part, False) for part in language.run_on_parts(sentence)]
    asked = [part for part, choice in parts if not choice and _asks(part, rules)]
    opener = rules.moves["open_question"]
    if kind == "asking_permission":  # asking permission, then any questions fired off after it
        return [kind] + ["open_question" if opener.find(part, seen) else "closed_question" for part in asked[1:]]
    if len(asked) == 1 and asked[0] != parts[0][0] and kind != "open_question":
        return ["open_question" if opener.find(asked[0], seen) else kind]
    if len(asked) < 2:
        return [kind]
    return ["open_question" if opener.find(part, seen) else "closed_question" for part in asked]


def _clauses(sentence: str, language) -> list[tuple[str, bool]]:
    """The clauses of a sentence, each with whether it comes after "or" (a choice offered, not a new question)."""
    out, last, choice = [], 0, False
    for match in language.clause_break.finditer(sentence):
        out.append((sentence[last : match.start()].strip(), choice))
        choice, last = language.alternative.fullmatch(match.group().strip()) is not None, match.end()
    out.append((sentence[last:].strip(), choice))
    return [(part, choice) for part, choice in out if part]


def _asks(part: str, rules: Rules) -> bool:
    """A clause that opens like a question ("did you...", not "and had a chat"), and is not a clause like
    "when you..." or an aside ("do you think")."""
    language = rules.language
    if not rules.question_start.match(part) or language.subordinate.match(part) or language.aside.match(part):
        return False
    return bool(rules.moves["open_question"].find(part) or rules.moves["closed_question"].find(part))


def _ask_the_model(norm: str, heard: Heard, rules: Rules) -> None:
    """Let the word model name a trap the rules missed, in something said to or about someone."""
    clear = {d.id for d in heard.moves.values() if not d.weak} & GOOD_MOVES
    if rules.model is None or clear or not rules.language.addressed.search(norm):
        return
    if heard.neutral and not heard.moves:
        return  # greetings, goodbyes and logistics are not advice
    read = rules.shorthand.read(lowered(norm))
    guess = rules.model.predict(read.text, cautious=bool(heard.moves.keys() & GOOD_MOVES))
    if guess is None:
        return
    trap, start, end = guess
    unless = next((r.unless for r in rules.traps if r.id == trap), None)
    if unless and unless.search(read.text, rules.index.scan(read.text)):
        return  # the trap's own exceptions still apply
    first, last = read.span(start, end)
    heard.traps[trap] = Detection(trap, norm[first:last], first)


def _sentence_traps(said: Sentence, rules: Rules) -> list[Detection]:
    """Traps in one sentence. Only yes-but reads across a "but"; the others are
    looked for on each side of it, so a reflection before the "but" cannot
    excuse advice after it. Inside a reflective frame ("It sounds like you have
    to...") the words are the person's, and the traps in ``frames_excuse`` are
    not named there."""
    low = said.low
    cuts = [0] + [m.start() for m in rules.language.contrast.finditer(low) if m.start() > 0] + [len(low)]
    pieces = list(_pieces(low, cuts))
    excused = rules.excused_by_frames
    framed: dict[int, bool] = {}
    found = []
    for rule in rules.traps:
        for start, piece in [(0, low)] if rule.id == "yes_but" else pieces:
            match = rule.find(piece, said.seen)
            if match and rule.id in excused and _framed(start, piece, framed, said, rules):
                continue
            if match:
                found.append(_detection(rule.id, said, match, start))
                break
    return found


def _framed(start: int, piece: str, framed: dict[int, bool], said: Sentence, rules: Rules) -> bool:
    """Whether this part of a sentence opens with a reflective frame (looked up once per part)."""
    if start not in framed:
        framed[start] = rules.frames is not None and rules.frames.search(piece, said.seen) is not None
    return framed[start]


def _detection(rule_id: str, said: Sentence, match: re.Match, start: int = 0) -> Detection:
    """A detection quoting the words as typed (rules read them lower-cased, with shorthand spelt out)."""
    first, last = said.reading.span(start + match.start(), start + match.end())
    words = said.text[first:last].strip()
    return Detection(rule_id, words or said.text, said.offset + first)


def _pieces(sentence: str, cuts: list[int]) -> Iterator[tuple[int, str]]:
    """The parts of a sentence between cut points, with their offsets."""
    for start, end in zip(cuts, cuts[1:], strict=False):
        yield start, sentence[start:end]


def _sentence_moves(
    said: Sentence, question: bool, rules: Rules, trapped: bool = False, weak_allowed: bool = True
) -> list[Detection]:
    """Moves in one sentence; a question is exactly one of open, closed or permission.

    A sentence with a trap in it earns no moves, so only what types its
    questions is looked for (the question-and-answer trap counts them).
    Fallback phrases count only in a sentence where nothing else was found,
    and never in neutral talk.
    """
    if trapped and not question:
        return []
    low, seen = said.low, said.seen
    found = []
    for move_id, rule in rules.moves.items():
        if move_id == "closed_question" or (rule.questions_only and not question):
            continue
        if trapped and move_id not in QUESTION_MOVES:
            continue
        match = rule.find(low, seen)
        if match:
            found.append(_detection(move_id, said, match))
    if not found and not question and not trapped and weak_allowed:
        for move_id, rule in rules.moves.items():
            match = rule.find(low, seen, fallback=True)
            if match:
                found.append(replace(_detection(move_id, said, match), weak=True))
    if question:
        found = _type_question(found, said, rules)
    return found


def _type_question(found: list[Detection], said: Sentence, rules: Rules) -> list[Detection]:
    """Make a question exactly one of open, closed or asking permission."""
    if rules.question_start.match(said.low) or _inside_asking(found, said, rules):
        found = [d for d in found if d.id != "reflection"]  # a question that opens as one says nothing back
    ids = {d.id for d in found}
    if "asking_permission" in ids:
        return [
            d for d in found if d.id not in ("open_question", "reflection", "strengths_question", "scaling_question")
        ]
    if "scaling_question" in ids and "open_question" not in ids:
        return found + [Detection("open_question", said.text, said.offset)]  # the resource counts it as open
    if "open_question" not in ids:
        if _rising(said, rules) and "reflection" not in ids:  # "You're not getting much out of them now?"
            return found + [Detection("reflection", said.text, said.offset, weak=True)]
        tagged = rules.language.question_tag.search(said.low)  # "..., haven't you?" checks a fact
        if tagged or rules.moves["closed_question"].find(said.low, said.seen) or "reflection" not in ids:
            found = [d for d in found if d.id != "reflection"]
            found.append(Detection("closed_question", said.text, said.offset))
    return found


def _rising(said: Sentence, rules: Rules) -> bool:
    """A statement about the person said with a rising '?': it opens like no question and has no tag."""
    low = said.low
    if rules.question_start.match(low) or rules.language.question_tag.search(low):
        return False
    if any(_asks(part, rules) for part, _ in _clauses(low, rules.language)):
        return False  # "Ryan, would you prefer...?" asks
    words = WORD.findall(low)
    return len(words) >= rules.flow.settings.rising_min_words and bool(rules.language.you.search(low))


def _inside_asking(found: list[Detection], said: Sentence, rules: Rules) -> bool:
    """The reflection's words are part of a question asked later in the sentence ("On a scale..., how are
    you feeling...?") or after "tell me" ("Tell me what a good week looks like for you.")."""
    reflection = next((d for d in found if d.id == "reflection"), None)
    if reflection is None:
        return False
    opened = next((d for d in found if d.id == "open_question"), None)
    if opened is not None and opened.start <= reflection.start:
        return True
    words = lowered(reflection.evidence)
    return any(words in part for part, _ in _clauses(said.low, rules.language) if _asks(part, rules))


def _summary_by_shape(text: str, moves: dict[str, Detection], rules: Rules, checked_back: int | None) -> None:
    """A reflection that gathers several things about the person is a summary.

    Long ones count by their length; shorter ones when the worker checks back
    ("...and..., have I got that right?").
    """
    if "summary" in moves or "reflection" not in moves:
        return
    text = rules.shorthand.read(lowered(text)).text  # "u" and "ur" count as "you" and "your"
    settings, language = rules.flow.settings, rules.language
    parts = sum(
        1 for part in language.summary_parts.split(text) if language.you.search(part) and len(WORD.findall(part)) >= 3
    )
    words = len(WORD.findall(text))
    long_enough = words >= settings.summary_min_words and parts >= settings.summary_min_parts
    gathered = text[:checked_back] if checked_back is not None else ""  # "X, Y and Z. Have I got that right?"
    items = sum(1 for part in language.summary_parts.split(gathered) if len(WORD.findall(part)) >= 2)
    checked = items >= settings.summary_check_back_parts
    if long_enough or checked:
        first = moves["reflection"]
        moves["summary"] = Detection("summary", first.evidence, first.start)


def _question_answer(text: str, heard: Heard, previous: list[set[str]], rules: Rules) -> Detection | None:
    """Several questions fired off in one go, or a run of closed-question turns."""
    settings, spans = rules.flow.settings, heard.spans
    closed = [s for s in spans if s[2] == "closed_question"]
    listening = LISTENING & heard.moves.keys()
    if len(spans) >= settings.rapid_fire_questions:
        start, end = spans[0][0], spans[-1][1]
        return Detection("question_answer", _clip(text[start:end]), start)
    only_closed = bool(closed) and "open_question" not in heard.moves and not listening
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
