"""The practice conversation as a ``transitions`` state machine.

There is one machine per flow, built from ``flows/practice.yaml``. Each
session is plain data (a ``Session``), so it serialises to the store as JSON
and restores exactly; during a turn the machine drives a small model made
from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from transitions import Machine

from ..content.schema import PracticeFlow

if TYPE_CHECKING:
    from transitions.core import MachineConfig, StateIdentifier, Transition

Destination = tuple[str, list[tuple[str, bool]]]  # where a transition goes, and its conditions (name, result wanted)


@dataclass
class Session:
    """One practice conversation: where it is, how open the person is, what was used."""

    id: str
    user: str
    scenario: str
    state: str
    trust: int
    reached: list[int] = field(default_factory=list)
    turn: int = 0
    used: list[str] = field(default_factory=list)
    revealed: list[str] = field(default_factory=list)
    recent: list[list[str]] = field(default_factory=list)
    last_text: str = ""
    last_reply: str = ""  # what the person said last: the coach reads the worker's reply against it
    thought: str = ""
    last_praise: int = -100
    ended_by: str = ""
    encouraged: int = 0  # encouragers ("go on", "mm") said so far
    encouraged_facts: int = 0  # hidden facts they earned
    explained: list[str] = field(default_factory=list)  # traps the coach has explained in full
    focus: str = ""  # the skill the worker chose to work on (flows/progress.yaml), taken up when the session began
    focus_shown: int = 0  # replies that showed it
    focus_missed: int = 0  # replies that missed it
    focus_said: list[str] = field(default_factory=list)  # what the coach has said of it: "shows", "misses"

    def to_dict(self) -> dict:
        """The session as JSON-ready data (its fields are plain values and lists, so a shallow copy does)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict) -> "Session":
        """Rebuild a session saved with ``to_dict``."""
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def _destination(transition: Transition) -> Destination:
    """A built transition as plain data: the flows name its destination and its conditions."""
    conditions = []
    for condition in transition.conditions:
        if not isinstance(condition.func, str):
            raise TypeError(f"a condition of the practice flow is not a name: {condition.func!r}")
        conditions.append((condition.func, condition.target))
    if transition.dest is None:
        raise TypeError("a transition of the practice flow has no destination")
    return transition.dest, conditions


class _TurnModel:
    """The machine's model during one turn: the state, and the conditions it asks about."""

    def __init__(self, session: Session):
        self.session = session

    def explored(self) -> bool:
        """Condition: the conversation has reached open, exploratory questions (stage 3)."""
        return 3 in self.session.reached


class PracticeMachine:
    """The stage machine for one practice flow.

    ``transitions`` builds the machine from the flow once; its transitions,
    read once into a table of (stage, trigger) -> (destination, conditions),
    are then applied to each session's state, so no model is attached and
    removed on every turn.
    """

    def __init__(self, flow: PracticeFlow):
        self.flow = flow
        self.numbers = {s.id: s.number for s in flow.stages}
        states: list[StateIdentifier] = [s.id for s in flow.stages]
        self.config: MachineConfig = {
            "states": states + [flow.final],
            "transitions": [t.model_dump() for t in flow.transitions],
            "initial": flow.initial,
            "auto_transitions": False,
        }
        # Triggers with no transition from the current state are skipped by hand
        # (get_triggers) rather than with ignore_invalid_triggers, which logs a warning each time.
        self.machine = Machine(model=None, **self.config)
        self.table: dict[tuple[str, str], list[Destination]] = {
            (source, trigger): [_destination(t) for t in found]
            for trigger, event in self.machine.events.items()
            for source, found in event.transitions.items()
        }
        self.credits = {s.id: set(s.credit) for s in flow.stages}

    def fire(self, session: Session, acts: list[str]) -> None:
        """Fire acts in order as triggers, recording every stage reached.

        As ``transitions`` does: the first transition for the trigger from
        this stage whose conditions hold is taken; a trigger with none is
        skipped. The session stays plain data with nothing bound to it.
        """
        model = _TurnModel(session)
        if any(act in self.credits.get(session.state, ()) for act in acts):
            self._record(session, session.state)  # e.g. an open question asked in stage 1, whatever came first
        for act in acts:
            if session.state == self.flow.final:
                break
            if act in self.credits.get(session.state, ()):
                self._record(session, session.state)
            for dest, conditions in self.table.get((session.state, act), ()):
                if all(bool(getattr(model, name)()) == wanted for name, wanted in conditions):
                    session.state = dest
                    self._record(session, dest)
                    break

    def _record(self, session: Session, state: str) -> None:
        """Note a stage as reached."""
        number = self.numbers.get(state)
        if number and number not in session.reached:
            session.reached.append(number)
            session.reached.sort()

    def stage_number(self, session: Session) -> int:
        """The current stage's number; once ended, the highest stage reached."""
        return self.numbers.get(session.state) or (session.reached[-1] if session.reached else 1)

    def mermaid(self) -> str:
        """The machine drawn as a Mermaid state diagram, from the same data."""
        from transitions.extensions.diagrams import GraphMachine

        graph = GraphMachine(**self.config, show_conditions=True, graph_engine="mermaid", title="Practice conversation")
        return graph.get_graph().draw(None)


@dataclass(kw_only=True)
class Turn:
    """One worker reply and everything the engine made of it (built with keywords: it has many fields)."""

    session_id: str
    turn: int
    text: str
    moves: list[str]
    traps: list[dict]
    stage: int
    trust: int
    reply: str
    thought: str
    fact: str = ""
    questions: list[str] = field(default_factory=list)
    source: str = ""  # the front end's id for the message, so one delivered twice is not coached twice
