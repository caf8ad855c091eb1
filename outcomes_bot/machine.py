"""The practice conversation as a ``transitions`` state machine.

There is one machine per flow, built from ``flows/practice.yaml``, and one
model per session: a ``Session``. A session is plain data, so it serialises
to the store as JSON and restores exactly; the machine is attached only while
a turn is being handled.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Iterator

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
    thought: str = ""
    last_praise: int = -100
    ended_by: str = ""

    def explored(self) -> bool:
        """Condition: the conversation has reached open, exploratory questions (stage 3)."""
        return 3 in self.reached

    def to_dict(self) -> dict:
        """The session as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Session":
        """Rebuild a session saved with ``to_dict``."""
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


class PracticeMachine:
    """The stage machine for one practice flow; models are attached per turn."""

    def __init__(self, flow: PracticeFlow):
        self.flow = flow
        self.numbers = {s.id: s.number for s in flow.stages}
        self.machine = Machine(
            model=None,
            states=[s.id for s in flow.stages] + [flow.final],
            transitions=[t.model_dump() for t in flow.transitions],
            initial=flow.initial,
            auto_transitions=False,
            ignore_invalid_triggers=True,
        )
        self.triggers = {t.trigger for t in flow.transitions}

    def new_state(self) -> tuple[str, list[int]]:
        """The state and stages reached of a brand-new session."""
        return self.flow.initial, [self.numbers[self.flow.initial]]

    @contextmanager
    def attached(self, session: Session) -> Iterator[Session]:
        """Attach ``session`` to the machine for the length of a ``with`` block."""
        self.machine.add_model(session, initial=session.state)
        try:
            yield session
        finally:
            self.machine.remove_model(session)
            for name in [n for n in vars(session) if n not in Session.__dataclass_fields__]:
                delattr(session, name)  # the trigger methods the machine bound

    def fire(self, session: Session, acts: list[str]) -> None:
        """Fire acts in order as triggers, recording every stage reached."""
        with self.attached(session):
            for act in acts:
                if act not in self.triggers or session.state == self.flow.final:
                    continue
                session.trigger(act)
                number = self.numbers.get(session.state)
                if number and number not in session.reached:
                    session.reached.append(number)
                    session.reached.sort()

    def stage_number(self, session: Session) -> int:
        """The current stage's number (the last stage held, once ended)."""
        return self.numbers.get(session.state) or (session.reached[-1] if session.reached else 1)

    def mermaid(self) -> str:
        """The machine drawn as a Mermaid state diagram, from the same data."""
        from transitions.extensions.diagrams import GraphMachine

        graph = GraphMachine(
            states=[s.id for s in self.flow.stages] + [self.flow.final],
            transitions=[t.model_dump() for t in self.flow.transitions],
            initial=self.flow.initial,
            auto_transitions=False,
            show_conditions=True,
            graph_engine="mermaid",
            title="Practice conversation",
        )
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
