"""One practice turn worked out, as pure functions the engine calls: trust, acts and the coach's word.

Neutral talk (a greeting, "go on", a goodbye) earns nothing and moves
nothing, except that the first few encouragers in a session keep the person
talking and raise trust a little. A trap lowers trust; good moves, and putting
a trap right (a repair), raise it again. The coach explains a trap in full the
first time it appears in a session and briefly after that, with a better way
that fits the moment (``feedback.py``).
"""

from __future__ import annotations

from ..coach.classifier import GOOD_MOVES, Classification, Detection, sentences
from ..coach.feedback import better_way
from ..content.flows import Flows
from ..content.messages import render
from ..content.schema import Scenario
from ..replies import Reply
from .machine import Session


def talk_kind(result: Classification) -> str | None:
    """The kind of neutral talk a reply is ("greeting", "encourager"...), or None if it is more than that."""
    return result.neutral[0].id if result.is_neutral and result.neutral else None


def new_trust(flows: Flows, session: Session, result: Classification, talk: str | None) -> int:
    """Good moves raise trust (the best move counts), a trap lowers it (the worst one counts);
    an encourager raises it a little, the first few times only."""
    coach, encouraging = flows.coach, flows.practice.encourager
    gain = max((coach.moves[m].trust for m in result.move_ids), default=0) if not result.traps else 0
    if talk == "encourager":
        gain = encouraging.trust if session.encouraged < encouraging.times else 0
        session.encouraged += 1
    loss = min((coach.traps[t].trust for t in result.trap_ids), default=0)
    return max(0, min(10, session.trust + gain + loss))


def acts(flows: Flows, result: Classification, text: str) -> tuple[list[str], str | None, str | None]:
    """The machine triggers this reply fires, in the order said, its main move and that move's act.

    A reply with a trap in it moves the conversation nowhere: the person
    has closed down, whatever else was said.
    """
    practice = flows.practice
    fired: dict[str, str] = {}  # move id -> act, in the order said
    spans = sentences(text, flows.rules)
    for det in result.moves if not result.traps else ():
        fired[det.id] = practice.moves[det.id].act
        said = _sentence_of(det, spans, text)
        for name, pattern in flows.act_cues.get(det.id, {}).items():
            if pattern is not None and pattern.search(said):
                fired[det.id] = name
                break
    ranked = [m for m in practice.moves if m in result.move_ids]
    main = ranked[0] if ranked else None
    return list(dict.fromkeys(fired.values())), main, fired.get(main) if main is not None else None


def _sentence_of(det: Detection, spans: list[tuple[int, str]], text: str) -> str:
    """The sentence a detection was found in."""
    return next((s for start, s in reversed(spans) if start <= det.start), text)


def trap_notes(
    flows: Flows, scenario: Scenario, session: Session, *, result: Classification, text: str, stage: int
) -> list[dict]:
    """Each trap with its quote and the better way for this moment (what the turn records and the report shows)."""
    spans = sentences(text, flows.rules)
    return [
        {
            "trap": d.id,
            "quote": d.evidence,
            "better": better_way(
                scenario,
                d.id,
                stage=stage,
                revealed=session.revealed,
                sentence=_sentence_of(d, spans, text),
                rules=flows.rules,
            ),
        }
        for d in result.traps
    ]


def feedback(
    flows: Flows, scenario: Scenario, session: Session, *, notes: list[dict], move: str | None, opened_up: bool
) -> list[Reply]:
    """The coach's word on this turn: each trap, in full the first time in a session and briefly after;
    or, now and then, some praise for a good move that opened the person up."""
    coach = flows.coach
    replies = []
    for note in notes:
        trap = coach.traps[note["trap"]]
        again = note["trap"] in session.explained
        session.explained = sorted({*session.explained, note["trap"]})
        text = render(
            flows.messages,
            "trap_feedback_short" if again else "trap_feedback",
            name=trap.name,
            motto=trap.motto,
            quote=note["quote"],
            definition=trap.definition,
            person=scenario.person.name,
            why=scenario.traps[note["trap"]].why,
            better=note["better"],
        )
        replies.append(Reply("coach", text, data={"trap": note["trap"]}))
    if notes:
        return replies
    if move and move in GOOD_MOVES and opened_up and session.turn - session.last_praise >= coach.settings.praise_every:
        session.last_praise = session.turn
        praise = coach.moves[move].praise.format(**scenario.person.pronouns.model_dump())
        return [Reply("praise", praise, data={"move": move})]
    return []


def talk_note(flows: Flows, talk: str | None, session: Session, summary: str | bool) -> list[Reply]:
    """A word about the talk itself: how to finish after a goodbye or a summary, and that the coach reads English.

    ``summary`` is "captured" for a summary that caught what matters most to
    the person, True for another summary, False for none.
    """
    person = flows.scenarios[session.scenario].person.name
    if talk == "goodbye":
        text = render(flows.messages, "how_to_end")
    elif talk == "welsh":
        text = render(flows.messages, "welsh_note")
    elif summary and session.state != flows.practice.final:
        text = render(
            flows.messages, "how_to_end_captured" if summary == "captured" else "how_to_end_summary", person=person
        )
    else:
        return []
    return [Reply("note", text)]
