"""The coach's move detection: skilled moves sentence by sentence, each question typed exactly once,
reflections heard from the person's own words, check-backs, summaries and neutral talk."""

from __future__ import annotations

from dataclasses import replace

from ..text import lowered
from .clauses import Told, asks, split_clauses
from .detection import GOOD_MOVES, QUESTION_MOVES, REFLECTIVE, Detection, Heard, Sentence, quoted
from .language import WORD
from .rules import Rules


def sentence_moves(
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
            found.append(quoted(move_id, said, match))
    if not found and not question and not trapped and weak_allowed:
        for move_id, rule in rules.moves.items():
            match = rule.find(low, seen, fallback=True)
            if match:
                found.append(replace(quoted(move_id, said, match), weak=True))
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
    if any(asks(part, rules) for part, _ in split_clauses(low, rules.language)):
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
    return any(words in part for part, _ in split_clauses(said.low, rules.language) if asks(part, rules))


def reflective(
    said: Sentence, question: bool, found: list[Detection], rules: Rules, told: Told | None
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


def checks_back(said: Sentence, found: list[Detection], heard: Heard, rules: Rules) -> bool:
    """A closed "Have I got that right?" after saying back what was heard is part of the reflection, not a question."""
    if "open_question" in {d.id for d in found} or not rules.language.check_back.match(said.low):
        return False
    return bool(heard.statements) or bool(heard.moves.keys() & REFLECTIVE)


def neutral_kind(said: Sentence, rules: Rules) -> Detection | None:
    """The kind of neutral talk this sentence is (a greeting, a goodbye, thanks...), if it is one."""
    for rule in rules.neutral:
        match = rule.find(said.low, said.seen)
        if match:
            return quoted(rule.id, said, match)
    return None


def summary_by_shape(text: str, moves: dict[str, Detection], rules: Rules, checked_back: int | None) -> None:
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
