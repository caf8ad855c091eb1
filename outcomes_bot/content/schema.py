"""The shape of every flow file, as immutable pydantic models.

This is the first validation pass (the schema). Unknown keys are refused, so
a misspelt key is an error rather than silently ignored. The second pass,
the semantic checks, lives in ``checks.py``. The coach's file has its own
models in ``schema_coach.py``, the team flows theirs in ``schema_team.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

TRAP_IDS = ("expert", "power", "problem_solving", "question_answer", "yes_but", "labelling", "confrontational")
MOVE_IDS = (
    "open_question",
    "closed_question",
    "reflection",
    "summary",
    "asking_permission",
    "scaling_question",
    "strengths_question",
    "affirmation",
    "repair",
)
STRENGTH_KINDS = ("soft_individual", "soft_community", "hard_individual", "hard_community")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]  # fits in button data
Variants = Annotated[list[Text], Field(min_length=1)]
Trust = Annotated[int, Field(ge=0, le=10)]


class Frozen(BaseModel):
    """Base for flow models: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


F = TypeVar("F", bound=Frozen)


def one_with(items: Iterable[F], field: str, value: object) -> F:
    """The first of ``items`` whose ``field`` is ``value``; KeyError (of the value) if there is none."""
    for item in items:
        if getattr(item, field) == value:
            return item
    raise KeyError(value)


# --- practice.yaml ----------------------------------------------------------


class Stage(Frozen):
    """One of the five conversation stages."""

    id: Id
    number: int = Field(ge=1, le=5)
    name: Text
    hint: Text
    example: Text | None = None  # an example from the guide, where it gives one
    replies: list[Id] = Field(min_length=1)
    credit: list[Id] = []


class Transition(Frozen):
    """A machine transition, written as plain data for ``transitions``."""

    trigger: Id
    source: list[Id] = Field(min_length=1)
    dest: Id
    conditions: list[Id] = []


class MoveAct(Frozen):
    """What a move does to the conversation: its machine trigger and reply kinds."""

    act: Id
    replies: list[Id] = Field(min_length=1)
    cues: dict[Id, list[Text]] = {}


class Encouragers(Frozen):
    """What "go on" and "mm" can earn on their own: trust for the first few, and at most some facts."""

    trust: int = Field(ge=0, le=3)
    times: int = Field(ge=0)
    facts: int = Field(ge=0)


class PracticeFlow(Frozen):
    """flows/practice.yaml: the stage machine shared by every scenario."""

    initial: Id
    final: Id
    guarded_below: Trust
    min_variants: int = Field(ge=1)
    capture_words: int = Field(ge=1)
    repeat_openers: list[Text] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    transitions: list[Transition] = Field(min_length=1)
    moves: dict[Id, MoveAct]
    no_move: MoveAct
    any_reply_kinds: list[Id] = Field(min_length=1)
    optional_reply_kinds: list[Id] = []  # pools a scenario's `any` may have; without one the person falls back
    neutral_replies: dict[Id, list[Id]] = {}  # neutral talk (a greeting, "go on") -> the reply pools to try
    encourager: Encouragers


# --- scenarios/*.yaml -------------------------------------------------------


class Pronouns(Frozen):
    """How the coach refers to the person."""

    subject: Text
    object: Text
    possessive: Text


class Person(Frozen):
    """Who the person is."""

    name: Text
    pronouns: Pronouns
    about: Text


class Reveal(Frozen):
    """Something the person says only when trust is high and the question fits."""

    id: Id
    text: Text
    think: Text
    trust: Trust
    moves: list[Id] = Field(min_length=1)
    cues: list[Text] = []


class Outcome(Frozen):
    """The person's hidden personal outcome, and how a summary shows it."""

    statement: Text
    cues: list[Text] = Field(min_length=1)
    min_cues: int = Field(ge=1)
    reveal: Reveal


class Strength(Frozen):
    """One strength from a strengths map."""

    kind: Literal[STRENGTH_KINDS]  # type: ignore[valid-type]
    text: Text
    cues: list[Text] = Field(min_length=1)
    told_in: list[Id] = []  # the facts (ids) in which the person tells it: found, for the strengths map, once told


class Better(Frozen):
    """A better way to say it, for a moment of the conversation: in these stages, once these facts are known."""

    text: Text
    stages: list[Annotated[int, Field(ge=1, le=5)]] = []  # any stage if empty
    after: list[Id] = []  # ids of the outcome's reveal or facts the person must have told; none if empty


class TrapNotes(Frozen):
    """How this person reacts to a trap, and the scenario's better ways, chosen to fit the moment."""

    reactions: Variants
    why: Text
    better: Annotated[list[Better], Field(min_length=1)]
    think: Text

    @field_validator("better", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        """A plain line is one better way for any moment."""
        if isinstance(value, str):
            return [{"text": value}]
        if isinstance(value, list):
            return [{"text": item} if isinstance(item, str) else item for item in value]
        return value


class Scenario(Frozen):
    """flows/scenarios/<id>.yaml: one person to practise with."""

    id: Id
    title: Text
    summary: Text
    source: Text
    person: Person
    setting: Text
    referral: Text
    outcome: Outcome
    strengths: list[Strength] = Field(min_length=4)
    worries: Variants
    risks: Variants
    start_trust: Trust
    opening: Variants
    facts: list[Reveal] = Field(min_length=4)
    replies: dict[Id, dict[Id, Variants]]
    guarded: Variants
    closing: Variants
    traps: dict[Id, TrapNotes]
    thoughts: dict[Id, Variants]


# --- messages.yaml ----------------------------------------------------------


class Messages(Frozen):
    """flows/messages.yaml: every short system message, in one place."""

    language: Text
    texts: dict[Id, Text]
