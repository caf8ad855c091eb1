"""The coach's trap detection: traps sentence by sentence, contradiction, the person's own words said back,
a barrage of questions, and the word model for what the rules miss."""

from __future__ import annotations

import re
from typing import Iterator

from ..text import lowered
from .clauses import Told
from .detection import GOOD_MOVES, LISTENING, OWN_WORDS_EXCUSE, Detection, Heard, Sentence, quoted
from .language import Language
from .rules import Rules


def sentence_traps(said: Sentence, rules: Rules) -> list[Detection]:
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
            if match and rule.id in excused and _framed(start, piece, framed=framed, said=said, rules=rules):
                continue
            if match:
                found.append(quoted(rule.id, said, match, start))
                break
    return found


def _framed(start: int, piece: str, *, framed: dict[int, bool], said: Sentence, rules: Rules) -> bool:
    """Whether this part of a sentence opens with a reflective frame (looked up once per part)."""
    if start not in framed:
        framed[start] = rules.frames is not None and rules.frames.search(piece, said.seen) is not None
    return framed[start]


def _pieces(sentence: str, cuts: list[int]) -> Iterator[tuple[int, str]]:
    """The parts of a sentence between cut points, with their offsets."""
    for start, end in zip(cuts, cuts[1:], strict=False):
        yield start, sentence[start:end]


def contradicts(said: Sentence, told: Told | None, rules: Rules) -> list[Detection]:
    """The worker tells the person they are wrong: "You haven't, love." to their "I've took me tablets",
    "We did." to "Nobody told me", "...in March, not last week." to "he'll be home soon"."""
    language, trap = rules.language, rules.flow.settings.contradiction_trap
    said_no = rules.contradiction.search(said.low, said.seen) if rules.contradiction is not None else None
    if told is None:  # nothing to compare with: "No, you haven't..." is read as contradiction
        return [quoted(trap, said, said_no)] if said_no else []
    short = language.short_reply.match(said.low)
    agrees = short is not None and _negative(said.low[: short.end()], language) == _negative(told.text, language)
    if short and not agrees:
        return [Detection(trap, said.text[: short.end()].strip(" ,."), said.offset)]
    if said_no and not agrees:  # "No, you're not" to "I'm not a child" agrees with them
        return [quoted(trap, said, said_no)]
    correction = language.correction.search(said.low)  # "..., not X" where they said X (and not "not X")
    if (
        correction
        and not _negative(told.text, language)
        and language.content_words(said.low[correction.start() :]) & told.words
    ):
        return [Detection(trap, said.text[correction.start() :].strip(" ,."), said.offset + correction.start())]
    return []


def _negative(text: str, language: Language) -> bool:
    """The words say no, not or never."""
    return language.negation.search(text) is not None


def says_back(said: Sentence, traps: list[Detection], told: Told | None, rules: Rules) -> list[Detection]:
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


def question_answer(text: str, heard: Heard, previous: list[set[str]], rules: Rules) -> Detection | None:
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


def ask_the_model(norm: str, heard: Heard, rules: Rules) -> None:
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
