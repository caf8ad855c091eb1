"""The second pass over ``flows/strengths.yaml``.

``check_strengths`` holds the map to the guide: its four quadrants, soft and
hard, individual and community, each once and in the guide's order (the grid
is drawn in that order), and every text filling in only its own names.
"""

from __future__ import annotations

from .problems import only_placeholders
from .schema_learn_steps import STEP_PLACEHOLDERS
from .schema_learn_strengths import QUADRANTS, StrengthsFlow, StrengthsMessages
from .yamlsource import FlowError, Source

PLACEHOLDERS = {  # message key -> the names the program fills in; a key not listed takes none
    **STEP_PLACEHOLDERS,
    "question": {"number", "total", "title", "guide", "prompts"},
    "prompt_line": {"prompt"},
    "map_title": {"person"},
    "practice_title": {"person", "title"},
    "quadrant_heading": {"title"},
    "item": {"item"},
    "found_count": {"found", "total", "person"},
    "all_found": {"total", "person"},
    "nudge_line": {"nudge"},
    "caption": {"person"},
    "image_title": {"person"},
    "terminal_chart": {"path"},
}


def check_strengths(src: Source, flow: StrengthsFlow, errors: list[FlowError]) -> None:
    """The four quadrants, once each in the guide's order; every text fills in only its own names."""
    ids = tuple(quadrant.id for quadrant in flow.quadrants)
    if ids != QUADRANTS:
        fix = f"list the guide's four quadrants once each, in its order: {', '.join(QUADRANTS)}"
        errors.append(src.error(("quadrants",), f"quadrants are {', '.join(ids)}", fix))
    for index, quadrant in enumerate(flow.quadrants):
        path = ("quadrants", index)
        for field in ("title", "short", "guide"):
            only_placeholders(src, (*path, field), getattr(quadrant, field), set(), errors)
        only_placeholders(src, (*path, "nudge"), quadrant.nudge, {"person"}, errors)
        for number, prompt in enumerate(quadrant.prompts):
            only_placeholders(src, (*path, "prompts", number), prompt, {"person"}, errors)
    for key in StrengthsMessages.model_fields:
        only_placeholders(src, ("messages", key), getattr(flow.messages, key), PLACEHOLDERS.get(key, set()), errors)
