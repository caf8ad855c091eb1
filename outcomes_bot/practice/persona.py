"""The person the worker is talking to: choosing what they say next.

The person reacts to a trap first; answers guardedly when trust is low;
answers neutral talk in kind (a greeting with a greeting, "Bore da" with
Welsh); reveals a hidden fact when trust is high enough and the worker asked
the right kind of question (an encourager such as "go on" earns only a few);
and otherwise answers from the reply pool for the current stage and the kind
of move the worker made. No reply is repeated word for word in a session: a
spent pool is reused with "As I say," and the like, as people do.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..coach.classifier import Classification
from ..content.flows import Flows
from ..content.schema import Reveal, Scenario
from .machine import Session


@dataclass(frozen=True)
class PersonaTurn:
    """What the person says, what they were thinking, and why."""

    text: str
    thought: str
    kind: str
    fact: str = ""


def pick(key: str, lines: list[str], session: Session) -> str | None:
    """Take the next unused line of a pool; None if all are used."""
    fresh = [tag for tag in _tags(key, lines, session) if tag not in session.used]
    if not fresh:
        return None
    session.used.append(fresh[0])
    return lines[_index(fresh[0])]


def pick_again(key: str, lines: list[str], session: Session, openers: list[str]) -> str:
    """Take the next unused line of a pool; once all are used, say one again as people do.

    A spent pool gives its least recently used line again, opened with
    "As I say," or the like; so no reply is word for word the same until
    every opener has been used.
    """
    line = pick(key, lines, session)
    if line is not None:
        return line
    tag = min(_tags(key, lines, session), key=session.used.index)
    session.used.remove(tag)
    session.used.append(tag)
    repeats = sum(1 for used in session.used if used.startswith(f"{key}:again"))
    session.used.append(f"{key}:again:{repeats}")
    return f"{openers[repeats % len(openers)]} {lines[_index(tag)]}"


def _tags(key: str, lines: list[str], session: Session) -> list[str]:
    """The pool's lines as the tags ``session.used`` records ("guarded:2"), from this turn's place on."""
    return [f"{key}:{(session.turn + step) % len(lines)}" for step in range(len(lines))]


def _index(tag: str) -> int:
    """The line a tag stands for."""
    return int(tag.rsplit(":", 1)[1])


def rotate(lines: list[str], session: Session) -> str:
    """A line chosen by turn number (for thoughts, which may recur)."""
    return lines[session.turn % len(lines)]


def reply_kinds(flows: Flows, move: str | None, act: str | None) -> list[str]:
    """The reply pools to try for the worker's main move and its act, in order."""
    rules = flows.practice.moves[move] if move else flows.practice.no_move
    kinds = [act] if act in flows.practice.any_reply_kinds else []
    return list(dict.fromkeys(kinds + rules.replies + flows.practice.no_move.replies))


def unlocked(
    flows: Flows, scenario: Scenario, session: Session, *, moves: set[str], text: str, any_cue: bool = False
) -> Reveal | None:
    """The first hidden fact this reply earns, if any (the outcome comes first).

    With ``any_cue`` ("go on": the person carries on with what is on their
    mind) the fact's words need not be in the reply.
    """
    cues = flows.cues[scenario.id].facts
    for reveal in [scenario.outcome.reveal, *scenario.facts]:
        if reveal.id in session.revealed or session.trust < reveal.trust:
            continue
        if not moves & set(reveal.moves):
            continue
        pattern = cues.get(reveal.id)
        if any_cue or pattern is None or pattern.search(text):
            return reveal
    return None


def talk_kinds(flows: Flows, talk: str) -> list[str]:
    """The reply pools for neutral talk, then the pools for no move at all."""
    return list(dict.fromkeys(flows.practice.neutral_replies.get(talk, []) + flows.practice.no_move.replies))


def respond(
    flows: Flows,
    scenario: Scenario,
    session: Session,
    result: Classification,
    *,
    move: str | None,
    act: str | None,
    text: str,
    talk: str | None = None,
) -> PersonaTurn:
    """Choose the person's reply to this turn; records what was used on ``session``.

    ``talk`` is the kind of neutral talk the reply was, if it was nothing more.
    """
    again = flows.practice.repeat_openers
    if session.state == flows.practice.final:
        line = pick_again("closing", scenario.closing, session, again)
        return PersonaTurn(line, rotate(scenario.thoughts["closing"], session), "closing")
    if result.traps:
        return _react(scenario, session, result.traps[0].id, again)
    if session.trust < flows.practice.guarded_below:
        line = pick_again("guarded", scenario.guarded, session, again)
        return PersonaTurn(line, rotate(scenario.thoughts["guarded"], session), "guarded")
    reveal = _earned(flows, scenario, session, result=result, text=text, talk=talk)
    if reveal:
        session.revealed.append(reveal.id)
        return PersonaTurn(reveal.text, reveal.think, "fact", reveal.id)
    kinds = talk_kinds(flows, talk) if talk else reply_kinds(flows, move, act)
    return _answer(scenario, session, kinds, again)


def _react(scenario: Scenario, session: Session, trap: str, again: list[str]) -> PersonaTurn:
    """The person's reaction to a trap: a fresh reaction, else a guarded line, else a reaction said again."""
    notes = scenario.traps[trap]
    line = (
        pick(f"trap.{trap}", notes.reactions, session)
        or pick("guarded", scenario.guarded, session)
        or pick_again(f"trap.{trap}", notes.reactions, session, again)
    )
    return PersonaTurn(line, notes.think, "trap")


def _earned(
    flows: Flows, scenario: Scenario, session: Session, *, result: Classification, text: str, talk: str | None
) -> Reveal | None:
    """The hidden fact this reply earns: an encourager earns only the first few, other neutral talk none."""
    if talk == "encourager" and session.encouraged_facts < flows.practice.encourager.facts:
        reveal = unlocked(flows, scenario, session, moves={"reflection"}, text=text, any_cue=True)
        session.encouraged_facts += reveal is not None
        return reveal
    return None if talk else unlocked(flows, scenario, session, moves=set(result.move_ids), text=text)


def _answer(scenario: Scenario, session: Session, kinds: list[str], again: list[str]) -> PersonaTurn:
    """A fresh line from the first pool of these kinds that has one (this stage's, then any stage's);
    else the first pool's least recently used line, said again."""
    pools = [
        (f"{key}.{kind}", kind, scenario.replies[key][kind])
        for kind in kinds
        for key in (session.state, "any")
        if kind in scenario.replies.get(key, {})
    ]
    for key, kind, lines in pools:
        line = pick(key, lines, session)
        if line:
            return PersonaTurn(line, _thought(scenario, kind, session), kind)
    key, kind, lines = pools[0]
    return PersonaTurn(pick_again(key, lines, session, again), _thought(scenario, kind, session), kind)


def _thought(scenario: Scenario, kind: str, session: Session) -> str:
    """What the person thinks after a reply of this kind (what they thought last, if nothing new)."""
    thoughts = scenario.thoughts.get(kind)
    return rotate(thoughts, session) if thoughts else session.thought
