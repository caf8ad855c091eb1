"""Is it an outcome? as a conversation: a statement in, the reading out, and a button to check another.

``/outcome STATEMENT`` answers at once; ``/outcome`` alone asks for the
statement as the next message (the person's one pending input, holding no
text). The reading is ``outcome_check``'s. Nothing the person types is kept:
the statement is read, answered and forgotten.
"""

from __future__ import annotations

from ..replies import Button, Reply
from ..service import Service
from . import outcome_check

ASKED = "outcome"  # pending: the next message is a statement to check


class OutcomeChat(Service):
    """Read a statement as an outcome, a need, a resource or an output; keep nothing."""

    def begin(self, user: str, statement: str = "") -> list[Reply]:
        """``/outcome``: check ``statement`` if one came with the command, or ask for it as the next message."""
        if statement.strip():
            return self.receive(user, statement)
        return self.ask(user)

    def ask(self, user: str) -> list[Reply]:
        """Ask for a statement: the person's next message will be it (an unfinished other conversation stops)."""
        says = self.flows.outcomes.flow.messages
        stopped = self.replacing(user, ASKED)
        self.store.set_pending(user, ASKED, {})
        cancel = Button(self.text("btn_cancel"), "stop", "outcome")
        return [*stopped, Reply("note", f"{says.intro}\n\n{says.prompt}", buttons=((cancel,),))]

    def receive(self, user: str, statement: str) -> list[Reply]:
        """A statement: what it reads as, with a button to check another. It is not kept."""
        says = self.flows.outcomes.flow.messages
        if not statement.strip():
            return [Reply("note", says.empty)]  # still waiting for the statement
        if len(statement) > outcome_check.MAX_CHARS:
            return self._note("outcome_too_long", length=len(statement), limit=outcome_check.MAX_CHARS)
        pending = self.store.pending(user)
        if pending is not None and pending[0] == ASKED:
            self.store.clear_pending(user)  # answered: the next message goes where it would have gone
        rules = self.flows.outcomes
        answer = outcome_check.reading_text(rules, outcome_check.check(rules, statement))
        again = Button(says.buttons.again, "outcome", "again")
        return [Reply("text", answer, buttons=((again,),))]

    def again(self, user: str, arg: str) -> list[Reply] | None:
        """The 'check another' button; None for an argument it never has."""
        return self.ask(user) if arg == "again" else None
