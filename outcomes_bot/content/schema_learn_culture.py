"""The shape of ``flows/culturestar.yaml``: the guide's culture star, its eight points, questions and wording."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .schema import Frozen, Id, Text, one_with

POINTS = 8  # the guide's star has eight points
THRESHOLD_MIN = 3  # fewer answers than this and one person's scores could be worked out


class CultureScale(Frozen):
    """The scale each point is scored on: the guide's "1-10, with 10 being the best"."""

    low: int = Field(ge=0)
    high: int = Field(ge=1, le=10)  # one button per score: at most ten fit on a phone in two rows


class CulturePoint(Frozen):
    """One point of the star: its id (kept in the database), its name and the guide's one-line description."""

    id: Id
    name: Text
    description: Text


class CultureChart(Frozen):
    """The words on the radar chart."""

    title: Text  # {team}
    median: Text
    range: Text
    previous: Text
    yours: Text
    scale: Text


class CultureMessages(Frozen):
    """Every sentence the culture star says. ``{name}`` is filled in by the program."""

    intro: Text
    point: Text
    tapped: Text
    done: Text
    done_shown: Text
    already: Text
    already_point: Text
    opened: Text
    round_open: Text
    no_round: Text
    not_member: Text
    not_supervisor: Text
    round_gone: Text
    choose_team: Text
    waiting: Text
    caption: Text
    caption_previous: Text
    summary_title: Text
    summary_line: Text
    summary_line_previous: Text
    lowest: Text
    questions: Text
    question_line: Text
    plan: Text
    plan_actions: Text
    action_line: Text
    action_review: Text
    ask_what: Text
    ask_who: Text
    ask_when: Text
    bad_date: Text
    ask_evidence: Text
    empty: Text
    too_long: Text
    action_saved: Text
    review_ask: Text
    reviewed: Text
    action_gone: Text
    new_round: Text
    btn_action: Text
    btn_team: Text
    rag_red: Text
    rag_amber: Text
    rag_green: Text
    btn_red: Text
    btn_amber: Text
    btn_green: Text
    terminal_intro: Text
    terminal_ask: Text
    terminal_again: Text
    terminal_bad: Text
    terminal_count: Text
    terminal_scores: Text
    terminal_line: Text
    terminal_chart: Text


class CultureFlow(Frozen):
    """flows/culturestar.yaml: the culture star."""

    source: Text
    scale: CultureScale
    threshold: int = Field(ge=THRESHOLD_MIN)
    lowest: int = Field(ge=1)
    review_hour: int = Field(ge=0, le=23)
    text_max: int = Field(ge=20, le=1000)
    points: Annotated[list[CulturePoint], Field(min_length=POINTS, max_length=POINTS)]
    questions: Annotated[list[Text], Field(min_length=2, max_length=2)]
    ideas: Annotated[list[Text], Field(min_length=1)]
    chart: CultureChart
    messages: CultureMessages

    def point(self, point_id: str) -> CulturePoint:
        """The point with this id; KeyError if there is none."""
        return one_with(self.points, "id", point_id)
