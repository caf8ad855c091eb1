"""The second pass over ``flows/progress.yaml``.

``check_progress`` holds the measures to what a report stores (each once, in
chart order, with real fair/good lines), the skills to the coach (real moves
and traps), the people to practise with to the scenarios (each trap names
people who exist and react to it), and every text to its own placeholders.
"""

from __future__ import annotations

from .problems import only_placeholders
from .schema import MOVE_IDS, Scenario
from .schema_coach import CoachFlow
from .schema_progress import MEASURE_IDS, ProgressFlow, ProgressMessages
from .yamlsource import FlowError, Source

PLACEHOLDERS = {  # message key -> the names the program fills in; a key not listed takes none
    "progress_improved": {"measures"},
    "progress_next_skill": {"skill"},
    "progress_with_reacts": {"person", "trap"},
    "progress_with_untried": {"person"},
    "progress_with_least_recent": {"person"},
    "chart_title": {"sessions"},
    "caption": {"sessions"},
    "focus_set": {"skill"},
    "focus_now": {"skill"},
    "focus_start": {"skill"},
    "focus_report": {"skill", "shown", "missed"},
    "btn_focus": {"skill"},
    "terminal_chart": {"path"},
}


def check_progress(
    src: Source, flow: ProgressFlow, *, coach: CoachFlow, scenarios: dict[str, Scenario] | None, errors: list[FlowError]
) -> None:
    """Measures, skills, people to practise with and messages all fit the coach, the scenarios and the program.
    ``scenarios`` is None when one scenario is checked alone: the people named are not checked then."""
    ids = tuple(m.id for m in flow.measures)
    if ids != MEASURE_IDS:
        fix = f"list each measure once, in this order: {', '.join(MEASURE_IDS)}"
        errors.append(src.error(("measures",), f"measures are {', '.join(ids)}", fix))
    _check_skills(src, flow, coach, errors)
    for trap in flow.practise_with.keys() - coach.traps.keys():
        errors.append(src.error(("practise_with", trap), f"unknown trap '{trap}'", "use a trap of coach.yaml"))
    for trap in coach.traps:
        if trap not in flow.practise_with:
            errors.append(src.error(("practise_with",), f"no one to practise with for '{trap}'", f"add '{trap}:'"))
    known: dict[str, Scenario] = scenarios or {}
    for trap, people in flow.practise_with.items() if scenarios is not None else ():
        for index, scenario in enumerate(people):
            if scenario not in known:
                fix = f"use one of: {', '.join(known)}"
                errors.append(src.error(("practise_with", trap, index), f"unknown scenario '{scenario}'", fix))
            elif trap not in known[scenario].traps:
                fix = "choose a person whose scenario has reactions to this trap"
                errors.append(src.error(("practise_with", trap, index), f"{scenario} has no '{trap}'", fix))
    for key in ProgressMessages.model_fields:
        only_placeholders(src, ("messages", key), getattr(flow.messages, key), PLACEHOLDERS.get(key, set()), errors)


def _check_skills(src: Source, flow: ProgressFlow, coach: CoachFlow, errors: list[FlowError]) -> None:
    """Each skill once, with real traps and moves, something that shows or misses it, and its own placeholders."""
    seen: set[str] = set()
    for index, skill in enumerate(flow.skills):
        path = ("skills", index)
        if skill.id in seen:
            errors.append(src.error((*path, "id"), f"skill '{skill.id}' is listed twice", "give each skill its own id"))
        seen.add(skill.id)
        for trap in [skill.trap, *skill.misses_traps]:
            if trap and trap not in coach.traps:
                errors.append(src.error(path, f"unknown trap '{trap}'", f"use one of: {', '.join(coach.traps)}"))
        for move in [*skill.shows, *skill.misses]:
            if move not in MOVE_IDS:
                errors.append(src.error(path, f"unknown move '{move}'", f"use one of: {', '.join(MOVE_IDS)}"))
        if not (skill.shows or skill.misses or skill.misses_traps):
            fix = "list the moves that show it ('shows:') or the moves or traps that miss it"
            errors.append(src.error(path, f"the coach cannot tell when '{skill.id}' is shown", fix))
        for field in ("name", "button"):
            only_placeholders(src, (*path, field), getattr(skill, field), set(), errors)
        for field in ("said_shows", "said_misses"):
            only_placeholders(src, (*path, field), getattr(skill, field), {"skill"}, errors)
