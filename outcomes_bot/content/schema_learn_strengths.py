"""The shape of ``flows/strengths.yaml``: the guide's four quadrants of a strengths map, and every message."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .schema import STRENGTH_KINDS, Frozen, Text, one_with
from .schema_learn_steps import StepMessages

QUADRANTS: tuple[str, ...] = STRENGTH_KINDS  # the scenarios' strength kinds: the map places them
Quadrant = Literal["soft_individual", "soft_community", "hard_individual", "hard_community"]


class StrengthsQuadrant(Frozen):
    """One quadrant: soft or hard, individual or community; the guide's examples, our prompts and a nudge."""

    id: Quadrant
    title: Text  # heads the quadrant in the text and on the picture
    short: Text  # a short name, for a narrow place
    guide: Text  # the guide's examples, verbatim
    prompts: Annotated[list[Text], Field(min_length=1)]  # {person}
    nudge: Text  # said when the quadrant is empty; {person}


class StrengthsMessages(StepMessages):
    """Every sentence the strengths map says: the stepper's, and the map's."""

    question: Text  # {number} {total} {title} {guide} {prompts}
    prompt_line: Text  # {prompt}
    map_title: Text  # {person}
    practice_title: Text  # {person} {title}
    quadrant_heading: Text  # {title}
    item: Text  # {item}
    not_found: Text
    nothing: Text
    found_count: Text  # {found} {total} {person}
    all_found: Text  # {total} {person}
    nudges_title: Text
    nudge_line: Text  # {nudge}
    caption: Text  # {person}
    image_title: Text  # {person}
    image_empty: Text
    keep_question: Text
    no_practice: Text
    no_such_session: Text
    scenario_gone: Text
    terminal_chart: Text  # {path}
    btn_save: Text
    btn_drop: Text
    btn_new: Text


class StrengthsFlow(Frozen):
    """flows/strengths.yaml: the strengths map."""

    source: Text
    quadrants: Annotated[list[StrengthsQuadrant], Field(min_length=1)]
    messages: StrengthsMessages

    def quadrant(self, quadrant_id: str) -> StrengthsQuadrant:
        """The quadrant with this id; KeyError if there is none."""
        return one_with(self.quadrants, "id", quadrant_id)
