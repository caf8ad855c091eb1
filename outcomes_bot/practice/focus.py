"""The worker's chosen focus during a practice session: a word from the coach now and then, and how it went.

A session takes up the focus the worker chose (``/focus``) once, when it starts,
and keeps it in its state. Each reply then shows the skill (one of its
``shows`` moves, with no trap that misses it), misses it (a trap in
``misses_traps``, or a ``misses`` move said without any ``shows`` move), or
neither. The coach says a short word the first time a reply shows it and the
first time one misses it, at most ``coach_times`` words a session. The report
ends with how often it was shown and missed. All wording is in
``flows/progress.yaml``; a session with no focus is untouched.
"""

from __future__ import annotations

from ..coach.classifier import Classification
from ..content.flows import Flows
from ..content.schema_progress import Skill
from ..replies import Reply
from .machine import Session


def verdict(skill: Skill, result: Classification) -> str:
    """Whether a reply 'shows' the skill, 'misses' it, or neither ("")."""
    moves, traps = set(result.move_ids), set(result.trap_ids)
    if traps & set(skill.misses_traps):
        return "misses"
    if moves & set(skill.shows) and not traps:
        return "shows"
    if moves & set(skill.misses):
        return "misses"
    return ""


def focus_word(flows: Flows, session: Session, result: Classification) -> list[Reply]:
    """Count the reply against the session's focus and, the first time it shows or misses it, say a word."""
    skill = flows.progress.skill(session.focus) if session.focus else None
    if skill is None:
        return []
    seen = verdict(skill, result)
    if not seen:
        return []
    if seen == "shows":
        session.focus_shown += 1
    else:
        session.focus_missed += 1
    if seen in session.focus_said or len(session.focus_said) >= flows.progress.coach_times:
        return []
    session.focus_said = [*session.focus_said, seen]
    text = (skill.said_shows if seen == "shows" else skill.said_misses).format(skill=skill.name)
    return [Reply("coach", text, data={"focus": skill.id, "seen": seen})]


def focus_start(flows: Flows, session: Session) -> list[Reply]:
    """The note at the start of a session with a focus: which skill it is."""
    skill = flows.progress.skill(session.focus) if session.focus else None
    if skill is None:
        return []
    return [Reply("note", flows.progress.messages.focus_start.format(skill=skill.name), data={"focus": skill.id})]


def focus_report(flows: Flows, session: Session) -> dict | None:
    """How the session went on its focus, for the report; None with no focus."""
    skill = flows.progress.skill(session.focus) if session.focus else None
    if skill is None:
        return None
    return {"skill": skill.id, "shown": session.focus_shown, "missed": session.focus_missed}


def focus_lines(flows: Flows, focus: dict) -> str:
    """The report's lines on the focus: shown and missed, and whether it went well."""
    texts = flows.progress.messages
    skill = flows.progress.skill(focus["skill"])
    name = skill.name if skill else focus["skill"]
    went = texts.focus_report_good if focus["shown"] > focus["missed"] else texts.focus_report_again
    return "\n".join([texts.focus_report.format(skill=name, shown=focus["shown"], missed=focus["missed"]), went])
