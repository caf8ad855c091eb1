"""What every engine shares: validated flows, the store, messages by key, and refusals made into notes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from .content.flows import Flows
from .content.messages import render
from .replies import Button, Refused, Reply
from .store.database import Store
from .team import privacy

S = TypeVar("S", bound="Service")
# what an unfinished pending input is called (message 'unfinished_<name>'), by its store kind; others are 'other'
UNFINISHED = {"identifiers": "reflection", "record_keep": "record"}  # kinds that go on a conversation of another
UNFINISHED_NAMES = (
    *("reflection", "prep", "teabrief", "risk", "strengths", "record", "outcome", "culture", "offer", "other"),
)
P = ParamSpec("P")
R = TypeVar("R")


def refusals_as_notes(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R | list[Reply]]:
    """Mark an engine's public method: a ``Refused`` raised inside it is answered with its note."""

    @functools.wraps(method)
    def answering(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R | list[Reply]:
        """Run the method; if it refuses, the note that says why."""
        try:
            return method(self, *args, **kwargs)
        except Refused as refused:
            return self.refusal(refused)

    return answering


def unfinished_name(kind: str) -> str:
    """The name of a pending input's kind among ``UNFINISHED_NAMES``."""
    name = UNFINISHED.get(kind, kind)
    return name if name in UNFINISHED_NAMES else "other"


class Service:
    """A pure engine over flows and a store, answering with plain ``Reply`` objects."""

    def __init__(self, flows: Flows, store: Store):
        self.flows = flows
        self.store = store

    def text(self, key: str, **values: object) -> str:
        """A system message from messages.yaml, filled in."""
        return render(self.flows.messages, key, **values)

    def _note(self, key: str, *rows: tuple[Button, ...], **values: object) -> list[Reply]:
        """A system message as a note, with rows of buttons under it if given."""
        return [Reply("note", self.text(key, **values), buttons=tuple(rows))]

    def refusal(self, refused: Refused) -> list[Reply]:
        """The note a refusal is answered with: its message, filled in with its values."""
        return self._note(refused.key, **refused.values)

    def unfinished(self, kind: str) -> str:
        """What a person's pending input of ``kind`` is called, in words ('positive-risk conversation')."""
        return self.text(f"unfinished_{unfinished_name(kind)}")

    def replacing(self, user: str, kind: str) -> list[Reply]:
        """Before a conversation of ``kind`` starts: a note that the person's unfinished one of another kind stops.

        A person has one pending input, so starting one drops whatever was half done: said plainly,
        never silently. Nothing is said when nothing is pending or it is of the same conversation.
        """
        pending = self.store.pending(user)
        if pending is None or UNFINISHED.get(pending[0], pending[0]) == UNFINISHED.get(kind, kind):
            return []
        return self._note("unfinished_stopped", what=self.unfinished(pending[0]))

    def identifying(self, text: str) -> list[privacy.Found]:
        """The details in ``text`` that could identify someone, found with the flows' words."""
        return privacy.find(text, self.flows.privacy)

    def kinds_of(self, found: list[privacy.Found]) -> str:
        """The kinds of detail found, in words, each once ("a name, a phone number")."""
        return ", ".join(dict.fromkeys(self.text(f"pii_{f.kind}") for f in found))

    def masked(self, text: str, found: list[privacy.Found] | None = None) -> str:
        """``text`` with each identifying detail replaced by its label, such as [name]."""
        found = self.identifying(text) if found is None else found
        labels = {kind: self.text(f"mask_{kind}") for kind in privacy.KINDS}
        return privacy.mask(text, found, labels) if found else text
