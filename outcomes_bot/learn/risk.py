"""A positive-risk conversation: one real decision, the guide's three tests, and a private decision record.

The worker names the person by initials or a first name only, then answers
the steps of ``flows/risk.yaml`` one at a time (what the person wants and why,
the risks of doing it and of not doing it for each of the guide's four
impacts, how the person sees the risk, strengths and resources, who else
should be involved, the decision). Each answer is checked for details that
could identify someone before it is taken, as a reflection is. Progress lives
in the store's pending input, so a restart loses nothing; ``/cancel`` clears
it and keeps nothing.

At the end ``judge`` reads the answers against the guide's tests (balanced,
defensible, collaborative), each with what is missing, and the decision
record is kept as one of the worker's reflections (kind ``risk``): private,
shareable with their team's supervisors, in /mydata, removed by /forget.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..content.schema_learn_risk import IMPACT_PARTS, RiskFlow
from ..replies import Button, Reply
from ..service import refusals_as_notes
from ..team.reflections import Reflections
from .stepper import STEP_HOWS, Stepper

HOWS = STEP_HOWS  # what a button under a question can do
PENDING = "risk"  # the store's pending kind while a conversation is under way


@dataclass(frozen=True)
class Verdict:
    """One of the guide's tests, judged from the answers: met, or what is missing."""

    test: str
    name: str
    met: bool
    missing: tuple[str, ...]
    judged: str
    principle: int


def given(flow: RiskFlow, answer: str | None, impact: bool = False) -> bool:
    """Whether an answer says something: not skipped, and (unless it weighs an impact) not 'none' or 'not sure'."""
    if not answer or not answer.strip():
        return False
    bare = answer.strip().strip(".!,;:").strip().lower()
    return bool(bare) and (impact or bare not in flow.blank_answers)


def defensive(flow: RiskFlow, answers: Mapping[str, str]) -> str | None:
    """The first defensive phrase found in any answer ('just in case', 'cover ourselves'), or None."""
    said = " ".join(answers.values()).lower().replace("’", "'")
    for phrase in flow.defensive_phrases:
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", said):
            return phrase
    return None


def judge(flow: RiskFlow, answers: Mapping[str, str], person: str) -> list[Verdict]:
    """Each of the guide's three tests, judged from the answers (by step id), with what is missing."""
    verdicts = []
    for test in flow.tests:
        missing = []
        for part in test.needs:
            steps = [s for s in flow.steps if s.part == part]
            if part in IMPACT_PARTS:
                open_ = [s.impact or "" for s in steps if not given(flow, answers.get(s.id), impact=True)]
                if open_:
                    missing.append(test.missing[part].format(person=person, impacts=", ".join(open_)))
            elif not any(given(flow, answers.get(s.id)) for s in steps):
                missing.append(test.missing[part].format(person=person))
        phrase = defensive(flow, answers) if test.defensive else None
        if test.defensive and phrase:
            missing.append(test.defensive.format(phrase=phrase, person=person))
        verdicts.append(
            Verdict(
                test=test.id,
                name=test.name,
                met=not missing,
                missing=tuple(missing),
                judged=test.judged.format(person=person),
                principle=test.principle,
            )
        )
    return verdicts


class RiskTalk(Stepper):
    """The conversation over ``flows/risk.yaml``, kept in the store's pending input until it ends."""

    pending = PENDING
    hows = HOWS

    def say(self, key: str, **values: object) -> str:
        """One of the conversation's own messages (``risk.yaml``), filled in."""
        return render_risk(self.flows.risk, key, **values)

    def step_ids(self) -> list[str]:
        """The id of each step of ``risk.yaml``."""
        return [step.id for step in self.flows.risk.steps]

    def question(self, state: dict, step: int) -> str:
        """Question ``step``: its number, title and what it asks, about the person named."""
        person, current = state["person"], self.flows.risk.steps[step]
        return self.say(
            "question",
            number=step + 1,
            total=len(self.flows.risk.steps),
            title=current.title.format(person=person),
            ask=current.ask.format(person=person),
        )

    def kept_text(self, state: dict) -> str:
        """The decision record these answers make."""
        verdicts = judge(self.flows.risk, state["answers"], state["person"])
        return record(self.flows.risk, state["person"], state["answers"], verdicts)

    @refusals_as_notes
    def finish(self, user: str, state: dict) -> list[Reply]:
        """The decision record with the three tests; kept as a private reflection unless the state says not."""
        self.store.clear_pending(user)
        verdicts = judge(self.flows.risk, state["answers"], state["person"])
        text = record(self.flows.risk, state["person"], state["answers"], verdicts)
        first_unmet = next((v.principle for v in verdicts if not v.met), verdicts[0].principle)
        total = len(self.flows.risk.principles)
        index = (first_unmet - 1) % total  # the principle's place in the card set
        offer = Button(self.say("btn_principle", number=first_unmet), "cards", f"principles.{index}")
        data = {"risk": {v.test: list(v.missing) for v in verdicts}, "person": state["person"]}
        shown = Reply("text", text, data=data, buttons=((offer,),))
        if not state.get("keep", True):
            return [shown, Reply("note", self.say("not_kept"))]
        return [shown, *Reflections(self.flows, self.store).keep(user, text, kind="risk", ref=state["person"])]


def render_risk(flow: RiskFlow, key: str, **values: object) -> str:
    """Message ``key`` of ``flow.messages``, filled in (an unknown placeholder is left as it is)."""
    return render_text(getattr(flow.messages, key), **values)


def render_text(text: str, **values: object) -> str:
    """``text`` with its placeholders filled in from ``values``."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)


def record(flow: RiskFlow, person: str, answers: Mapping[str, str], verdicts: list[Verdict]) -> str:
    """The decision record: every answer under its title, then the three tests with what is missing."""
    say = functools.partial(render_risk, flow)
    lines = [say("record_title", person=person), ""]
    for step in flow.steps:
        answer = answers.get(step.id) or say("not_recorded")
        lines.append(f"{step.title.format(person=person)}: {answer}")
    lines += ["", say("tests_title")]
    for verdict in verdicts:
        if verdict.met:
            met = next(t.met for t in flow.tests if t.id == verdict.test).format(person=person)
            lines.append(say("test_met", name=verdict.name, met=met))
            continue
        lines.append(say("test_missing", name=verdict.name))
        lines += [say("missing_item", missing=m) for m in verdict.missing]
        lines.append(say("test_rule", judged=verdict.judged))
    return "\n".join(lines)
