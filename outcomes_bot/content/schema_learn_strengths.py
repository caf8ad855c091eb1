"""The shape of ``flows/strengths.yaml``: the guide's four quadrants of a strengths map, and every message."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .schema import STRENGTH_KINDS, Frozen, Text

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


class StrengthsMessages(Frozen):
    """Every sentence the strengths map says."""

    intro: Text
    person_question: Text
    name_too_much: Text
    question: Text  # {number} {total} {title} {guide} {prompts}
    prompt_line: Text  # {prompt}
    given: Text  # {answer}
    empty: Text
    too_long: Text  # {length} {limit}
    pii_warning: Text  # {kinds} {masked}
    choose_first: Text
    retype: Text
    stopped: Text
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
    not_kept: Text
    no_practice: Text
    no_such_session: Text
    scenario_gone: Text
    terminal_commands: Text
    terminal_pii_choice: Text
    terminal_pii_masked: Text
    terminal_chart: Text  # {path}
    btn_skip: Text
    btn_back: Text
    btn_stop: Text
    btn_keep: Text
    btn_mask: Text
    btn_retype: Text
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
        for quadrant in self.quadrants:
            if quadrant.id == quadrant_id:
                return quadrant
        raise KeyError(quadrant_id)
