"""The shape of ``flows/risk.yaml``: a positive-risk conversation, the guide's three tests and its 12 principles."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .schema import Frozen, Id, Text, one_with
from .schema_learn_steps import StepMessages

Part = Literal["wants", "why", "doing", "not_doing", "their_view", "strengths", "involved", "decision"]
PARTS: tuple[str, ...] = ("wants", "why", "doing", "not_doing", "their_view", "strengths", "involved", "decision")
IMPACT_PARTS = ("doing", "not_doing")  # asked once per impact
IMPACTS = ("emotional", "psychological", "physical", "social")  # the guide's four, in its order
TEST_IDS = ("balanced", "defensible", "collaborative")  # the guide's three, in its order
PRINCIPLES = 12


class RiskStep(Frozen):
    """One question of the conversation: what its answer is for, and (for a risk) which impact."""

    id: Id
    part: Part
    impact: Literal["emotional", "psychological", "physical", "social"] | None = None
    title: Text  # heads the answer in the decision record; {person}
    ask: Text  # {person}


class RiskTest(Frozen):
    """One of the guide's three tests: its words, how the bot judges it, and what to say is missing."""

    id: Id
    name: Text
    guide: Text  # the guide's definition, verbatim
    judged: Text  # how the answers are read; {person}
    needs: Annotated[list[Part], Field(min_length=1)]
    missing: dict[Part, Text]  # for each part in ``needs``; {person}, and {impacts} for a risk part
    defensive: Text | None = None  # set on the test that reads defensive wording; {phrase} {person}
    met: Text  # {person}
    principle: int = Field(ge=1, le=PRINCIPLES)  # the practice principle to reflect on if it is not met


class Principle(Frozen):
    """One of the guide's 12 practice principles, verbatim, with a question to reflect on."""

    number: int = Field(ge=1, le=PRINCIPLES)
    text: Text
    prompt: Text


class RiskMessages(StepMessages):
    """Every sentence the conversation says: the stepper's, and the decision record's."""

    question: Text  # {number} {total} {title} {ask}
    record_title: Text  # {person}
    not_recorded: Text
    tests_title: Text
    test_met: Text  # {name} {met}
    test_missing: Text  # {name}
    missing_item: Text  # {missing}
    test_rule: Text  # {judged}
    kept_note: Text
    principle_card: Text  # {number} {total} {text}
    btn_principle: Text  # {number}


class RiskFlow(Frozen):
    """flows/risk.yaml: the positive-risk conversation."""

    source: Text
    impacts: Annotated[list[Text], Field(min_length=1)]
    steps: Annotated[list[RiskStep], Field(min_length=1)]
    blank_answers: list[Text]
    defensive_phrases: Annotated[list[Text], Field(min_length=1)]
    tests: Annotated[list[RiskTest], Field(min_length=1)]
    principles: Annotated[list[Principle], Field(min_length=1)]
    messages: RiskMessages

    def principle(self, number: int) -> Principle:
        """The principle with this number; KeyError if there is none."""
        return one_with(self.principles, "number", number)
