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
