"""The shape of ``flows/outcomes.yaml``: the rules and wording of the "Is it an outcome?" check.

The kinds and qualities are the guide's ("What are personal outcomes?"): a statement reads as a
personal outcome, a need or barrier, a resource, or an output, and an outcome should be
personal, realistic, achievable, meaningful, and evolving or stable.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .schema import Frozen, Id, Text

KINDS = ("outcome", "need", "resource", "output")
QUALITIES = ("personal", "realistic", "achievable", "meaningful", "evolving_or_stable")
Kind = Literal["outcome", "need", "resource", "output"]
Phrases = list[Text]


class Weights(Frozen):
    """What a phrase of each strength adds to its kind's score."""

    strong: int = Field(ge=1)
    phrases: int = Field(ge=1)
    weak: int = Field(ge=1)


class Settings(Frozen):
    """How a kind is chosen, and how much advice is given."""

    weights: Weights
    tie_order: list[Kind] = Field(min_length=4, max_length=4)
    default_kind: Kind
    max_advice: int = Field(ge=1, le=10)
    max_quote_words: int = Field(ge=3)


class KindRules(Frozen):
    """The phrases that show a kind, by strength, and those that cancel it."""

    strong: Phrases = []
    phrases: Phrases = []
    weak: Phrases = []
    unless: Phrases = []


class QualityRules(Frozen):
    """The phrases that show a quality of an outcome."""

    phrases: Phrases = Field(min_length=1)


class Builder(Frozen):
    """Advice built from their words: a pattern with named groups, for one kind, and its message."""

    kind: Kind
    from_: Text = Field(alias="from")
    message: Id


class Voice(Frozen):
    """Word maps for saying their words back to them, or in the person's own voice."""

    to_you: dict[str, str]
    she_to_you: dict[str, str]
    he_to_you: dict[str, str]
    she_to_i: dict[str, str]
    he_to_i: dict[str, str]
    who: Text  # named groups: family, named, first
    subjects: list[str]
    object_before: list[str]
    verbs_i: dict[str, str]
    verbs_you: dict[str, str]
    third_person_s: Text
    she: list[str]
    he: list[str]


class KindWords(Frozen):
    """A kind's name and the guide's meaning of it, in a line."""

    name: Text
    explain: Text


class QualityWords(Frozen):
    """A quality's name, the guide's words for it, and what to ask when it is missing."""

    name: Text
    guide: Text
    missing: Text


class Buttons(Frozen):
    """Button labels for the tool."""

    again: Text
    done: Text


class OutcomeMessages(Frozen):
    """Every sentence the tool shows a person."""

    title: Text
    intro: Text
    prompt: Text
    empty: Text
    kind_line: Text
    evidence_line: Text
    no_evidence: Text
    qualities_heading: Text
    quality_shown: Text
    quality_missing: Text
    quality_no_words: Text
    not_outcome_qualities: Text
    service_line: Text
    advice_heading: Text
    cli_unreadable: Text  # {path} {reason}: outcome-check could not open the file
    cli_not_text: Text  # {path}: outcome-check was given a file that is not UTF-8 text
    quote: Text
    joiner: str
    buttons: Buttons
    kinds: dict[Kind, KindWords]
    generic_advice: dict[Kind, Text]
    advice: dict[Id, Text]
    service_language: dict[Id, Text]
    qualities: dict[str, QualityWords]


class OutcomesFlow(Frozen):
    """flows/outcomes.yaml: the outcome check's rules and wording."""

    settings: Settings
    words: dict[Id, Text]
    kinds: dict[Kind, KindRules]
    qualities: dict[str, QualityRules]
    service_language: dict[Id, Phrases]
    builders: list[Builder] = []
    voice: Voice
    messages: OutcomeMessages
