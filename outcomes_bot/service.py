"""What every engine shares: validated flows, the store, and messages by key."""

from __future__ import annotations

from .content.flows import Flows
from .content.messages import render
from .replies import Button, Reply
from .store.database import Store
from .team import privacy


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
