"""The person the worker is talking to: choosing what they say next.

The person reacts to a trap first; answers guardedly when trust is low;
reveals a hidden fact when trust is high enough and the worker asked the
right kind of question; and otherwise answers from the reply pool for the
current stage and the kind of move the worker made. No line is used twice in
a session while another is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from .coach import Classification
from .flows import Flows
from .machine import Session
from .schema import Reveal, Scenario


@dataclass(frozen=True)
class PersonaTurn:
    """What the person says, what they were thinking, and why."""

    text: str
    thought: str
    kind: str
    fact: str = ""


def pick(key: str, lines: list[str], session: Session) -> str | None:
    """Take the next unused line of a pool, or None if all are used."""
    for step in range(len(lines)):
        index = (session.turn + step) % len(lines)
        tag = f"{key}:{index}"
        if tag not in session.used:
            session.used.append(tag)
            return lines[index]
    return None


def rotate(lines: list[str], session: Session) -> str:
    """A line chosen by turn number (for thoughts, which may recur)."""
    return lines[session.turn % len(lines)]


def reply_kinds(flows: Flows, move: str | None) -> list[str]:
    """The reply pools to try for the worker's main move, in order."""
    act = flows.practice.moves[move] if move else flows.practice.no_move
    return list(act.replies) + [k for k in flows.practice.no_move.replies if k not in act.replies]


def unlocked(flows: Flows, scenario: Scenario, session: Session, moves: set[str], text: str) -> Reveal | None:
    """The first hidden fact this reply earns, if any (the outcome comes first)."""
    cues = flows.cues[scenario.id].facts
    for reveal in [scenario.outcome.reveal, *scenario.facts]:
        if reveal.id in session.revealed or session.trust < reveal.trust:
            continue
        if not moves & set(reveal.moves):
            continue
        pattern = cues.get(reveal.id)
        if pattern is None or pattern.search(text):
            return reveal
    return None


def respond(
    flows: Flows, scenario: Scenario, session: Session, result: Classification, move: str | None, text: str
) -> PersonaTurn:
    """Choose the person's reply to this turn; records what was used on ``session``."""
    if session.state == flows.practice.final:
        line = pick("closing", scenario.closing, session) or scenario.closing[0]
        return PersonaTurn(line, rotate(scenario.thoughts["closing"], session), "closing")
    if result.traps:
        trap = result.traps[0].id
        notes = scenario.traps[trap]
        line = pick(f"trap.{trap}", notes.reactions, session) or _any_line(scenario, session)
        return PersonaTurn(line, notes.think, "trap")
    if session.trust < flows.practice.guarded_below:
        line = pick("guarded", scenario.guarded, session) or _any_line(scenario, session)
        return PersonaTurn(line, rotate(scenario.thoughts["guarded"], session), "guarded")
    reveal = unlocked(flows, scenario, session, set(result.move_ids), text)
    if reveal:
        session.revealed.append(reveal.id)
        return PersonaTurn(reveal.text, reveal.think, "fact", reveal.id)
    for kind in reply_kinds(flows, move):
        for key in (session.state, "any"):
            lines = scenario.replies.get(key, {}).get(kind)
            line = pick(f"{key}.{kind}", lines, session) if lines else None
            if line:
                return PersonaTurn(line, rotate(scenario.thoughts[kind], session), kind)
    return PersonaTurn(_any_line(scenario, session), rotate(scenario.thoughts["other"], session), "other")


def _any_line(scenario: Scenario, session: Session) -> str:
    """Any unused reply at all, for a very long session; the first line if none is left."""
    for key, pools in scenario.replies.items():
        for kind, lines in pools.items():
            line = pick(f"{key}.{kind}", lines, session)
            if line:
                return line
    return scenario.guarded[session.turn % len(scenario.guarded)]
