"""What every engine shares: validated flows, the store, and messages by key."""

from __future__ import annotations

from .flows import Flows
from .messages import render
from .replies import Button, Reply
from .store import Store


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
