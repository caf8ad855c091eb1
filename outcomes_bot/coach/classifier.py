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

The parts: ``clauses`` reads a reply's shape (sentences, questions, what the
person said before), ``traps`` and ``moves`` find each, and ``detection``
holds what is found. The names callers use are importable from here.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from ..text import lowered, normalise
from .clauses import Told, default_rules, is_question, question_kinds, reading
from .detection import (
    GOOD_MOVES,
    LISTENING,
    OWN_WORDS_EXCUSE,
    QUESTION_MOVES,
    REFLECTIVE,
    Classification,
    Detection,
    Heard,
    Sentence,
)
from .moves import checks_back, neutral_kind, reflective, sentence_moves, summary_by_shape
from .rules import RuleError, Rules, compile_phrases, compile_rules, phrase_set
from .traps import ask_the_model, contradicts, question_answer, says_back, sentence_traps

__all__ = [
    "GOOD_MOVES",
    "LISTENING",
    "QUESTION_MOVES",
    "REFLECTIVE",
    "Classification",
    "Detection",
    "RuleError",
    "Rules",
    "classify",
    "compile_phrases",
    "compile_rules",
    "is_question",
    "phrase_set",
    "question_kinds",
    "reading",
    "sentences",
]


def sentences(text: str, rules: Rules | None = None) -> list[tuple[int, str]]:
    """Split text into (offset, sentence) pairs, as the coach reads it (``Language.sentences``)."""
    return (rules or default_rules()).language.sentences(text)


def classify(
    text: str, recent: Sequence[Iterable[str]] = (), rules: Rules | None = None, before: str = ""
) -> Classification:
    """Find the moves and traps in ``text``.

    ``recent`` holds the move ids of the turns before this one, oldest first;
    it lets the coach see a run of closed questions and advice given after
    asking permission. ``before`` is what the person said just before: a
    statement that says their words back is a reflection.
    """
    rules = rules or default_rules()
    norm = normalise(text)[: rules.flow.settings.read_chars]
    told = Told.read(before, rules)
    heard = _listen(norm, rules, told)
    previous = [set(turn) for turn in recent]
    qa = question_answer(norm, heard, previous, rules)
    if qa:
        heard.traps.setdefault("question_answer", qa)
    if not heard.traps:
        ask_the_model(norm, heard, rules)
    _excuse(heard, previous, told, rules)
    priority = rules.flow.settings.trap_priority
    return Classification(
        tuple(sorted(heard.moves.values(), key=lambda d: d.start)),
        tuple(sorted(heard.traps.values(), key=lambda d: priority.index(d.id))),
        tuple(heard.asked),
        tuple(heard.neutral.values()),
    )


def _listen(norm: str, rules: Rules, told: Told | None) -> Heard:
    """What the reply says, sentence by sentence, with summaries found by shape and weak signs weighed."""
    heard = Heard()
    for offset, sentence in rules.language.sentences(norm):
        reading = rules.shorthand.read(lowered(sentence))  # rules are compiled lower-case: twice as fast
        _hear(Sentence(sentence, reading, offset, rules.index.scan(reading.text)), rules, heard, told)
    summary_by_shape(norm, heard.moves, rules, heard.checked_back)
    weak = [d.id for d in heard.moves.values() if d.weak]
    if weak and len(heard.moves) > len(weak):
        for move_id in weak:  # a weak sign gives way to a clear move elsewhere in the reply
            heard.moves.pop(move_id)
    if "summary" in heard.moves:
        heard.moves.pop("reflection", None)  # a summary is the reflection that gathers things up
    return heard


def _excuse(heard: Heard, previous: list[set[str]], told: Told | None, rules: Rules) -> None:
    """Take out the traps that permission or the person's own request excuses, and the credit a trap costs."""
    settings = rules.flow.settings
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


def _hear(said: Sentence, rules: Rules, heard: Heard, told: Told | None) -> None:
    """Add what one sentence says to ``heard``."""
    found_traps = sentence_traps(said, rules)
    if found_traps:
        kept = says_back(said, found_traps, told, rules)
        if not kept:  # the person's own plan or words said back: a reflection, not the worker's verdict
            heard.moves.setdefault("reflection", Detection("reflection", said.text, said.offset))
        found_traps = kept
    if not found_traps and (told is None or not told.asked):
        found_traps = contradicts(said, told, rules)
    for det in found_traps:
        heard.traps.setdefault(det.id, det)
    question = is_question(said.low, rules)
    neutral = None if found_traps else neutral_kind(said, rules)
    if neutral is not None:
        heard.neutral.setdefault(neutral.id, neutral)
        if neutral.id in rules.flow.settings.unread:
            return  # written in a language the coach does not read
    found_moves = sentence_moves(said, question, rules, trapped=bool(found_traps), weak_allowed=neutral is None)
    if not found_traps and neutral is None:
        found_moves = reflective(said, question, found_moves, rules=rules, told=told)
    kinds: list[str] = []
    if question and checks_back(said, found_moves, heard, rules):
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
