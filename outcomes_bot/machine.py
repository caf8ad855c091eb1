"""The practice conversation as a ``transitions`` state machine.

There is one machine per flow, built from ``flows/practice.yaml``. Each
session is plain data (a ``Session``), so it serialises to the store as JSON
and restores exactly; during a turn the machine drives a small model made
from it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from transitions import Machine

from .schema import PracticeFlow


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

    def to_dict(self) -> dict:
        """The session as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Session":
        """Rebuild a session saved with ``to_dict``."""
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


class _TurnModel:
    """The machine's model during one turn: the state, and the conditions it asks about."""

    def __init__(self, session: Session):
        self.session = session

    def explored(self) -> bool:
        """Condition: the conversation has reached open, exploratory questions (stage 3)."""
        return 3 in self.session.reached


class PracticeMachine:
    """The stage machine for one practice flow; models are attached per turn."""

    def __init__(self, flow: PracticeFlow):
        self.flow = flow
        self.numbers = {s.id: s.number for s in flow.stages}
        self.config = {
            "states": [s.id for s in flow.stages] + [flow.final],
            "transitions": [t.model_dump() for t in flow.transitions],
            "initial": flow.initial,
            "auto_transitions": False,
        }
        # Triggers with no transition from the current state are skipped by hand
        # (get_triggers) rather than with ignore_invalid_triggers, which logs a warning each time.
        self.machine = Machine(model=None, **self.config)
        self.credits = {s.id: set(s.credit) for s in flow.stages}

    def fire(self, session: Session, acts: list[str]) -> None:
        """Fire acts in order as triggers, recording every stage reached.

        The machine drives a throwaway model for the turn, so the session
        itself stays plain data with nothing bound to it.
        """
        model = _TurnModel(session)
        self.machine.add_model(model, initial=session.state)
        if any(act in self.credits.get(session.state, ()) for act in acts):
            self._record(session, session.state)  # e.g. an open question asked in stage 1, whatever came first
        try:
            for act in acts:
                if model.state == self.flow.final:
                    break
                if act in self.credits.get(model.state, ()):
                    self._record(session, model.state)
                if act in self.machine.get_triggers(model.state) and model.trigger(act):
                    session.state = model.state
                    self._record(session, model.state)
        finally:
            self.machine.remove_model(model)

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


@dataclass
class Turn:
    """One worker reply and everything the engine made of it."""

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
