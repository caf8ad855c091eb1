"""The shape of ``flows/progress.yaml``: measures of progress, skills to focus on, and every message."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .schema import Frozen, Id, Text

MEASURE_IDS = (  # what learn/progress.py reads from each session's stored report, in chart order
    "traps_per_10",
    "open_question_pct",
    "reflection_to_question",
    "stage_max",
    "outcome_captured",
    "strength_captured",
    "facts_found",
)
MeasureId = Literal[MEASURE_IDS]  # type: ignore[valid-type]


class Measure(Frozen):
    """One measure of progress: its name on the chart and in the text, which way is better, its report lines."""

    id: MeasureId
    name: Text  # on the chart
    said: Text  # in a sentence: "Improved since your earlier sessions: {measures}."
    better: Literal["higher", "lower"]
    thresholds: Literal["open_question_pct", "reflection_to_question", ""] = ""  # coach.yaml's fair/good lines
    top: float = Field(gt=0)  # the top of the chart's scale (values above it stretch the scale)


class Skill(Frozen):
    """A skill a worker may choose to focus on in their next session, and how the coach knows it when seen."""

    id: Id
    name: Text  # "reflect before asking"
    button: Text  # the button's label
    trap: Id | Literal[""] = ""  # the trap this skill avoids: suggested when it is the worker's commonest
    measure: MeasureId | Literal[""] = ""  # the measure that shows it: suggested when that measure was low
    shows: list[Id] = []  # moves (coach.yaml) a reply shows the skill with
    misses: list[Id] = []  # moves that miss it, said without any of ``shows``
    misses_traps: list[Id] = []  # traps that miss it
    said_shows: Text  # the coach's word the first time a reply shows it; {skill}
    said_misses: Text  # the coach's word the first time a reply misses it; {skill}


class ProgressMessages(Frozen):
    """Every sentence /progress, /focus and the report's focus line say."""

    progress_none: Text
    progress_one: Text
    progress_improved: Text  # {measures}
    progress_not_yet: Text
    progress_next_skill: Text  # {skill}
    progress_keep_going: Text
    progress_with_reacts: Text  # {person} {trap}
    progress_with_untried: Text  # {person}
    progress_with_least_recent: Text  # {person}
    chart_title: Text  # {sessions}
    chart_session: Text
    chart_fair: Text
    chart_good: Text
    caption: Text  # {sessions}
    focus_question: Text
    focus_set: Text  # {skill}
    focus_unknown: Text
    focus_now: Text  # {skill}
    focus_none: Text
    focus_cleared: Text
    focus_start: Text  # {skill}
    focus_report: Text  # {skill} {shown} {missed}
    focus_report_good: Text
    focus_report_again: Text
    btn_focus: Text  # {skill}
    btn_focus_other: Text
    btn_focus_clear: Text
    terminal_chart: Text  # {path}


class ProgressFlow(Frozen):
    """flows/progress.yaml: measures, skills, who to practise with for each trap, and messages."""

    recent: int = Field(ge=1)  # the commonest trap is counted over this many latest sessions
    coach_times: int = Field(ge=1, le=5)  # the coach's words about the focus in one session, at most
    measures: Annotated[list[Measure], Field(min_length=1)]
    skills: Annotated[list[Skill], Field(min_length=1)]
    practise_with: dict[Id, Annotated[list[Id], Field(min_length=1)]]  # trap -> scenarios, most reactive first
    messages: ProgressMessages

    def skill(self, skill_id: str) -> Skill | None:
        """The skill with this id, or None."""
        return next((s for s in self.skills if s.id == skill_id), None)
