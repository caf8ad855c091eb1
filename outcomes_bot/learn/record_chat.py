"""The recording review as a conversation: paste a note, read its review, and choose whether to keep it.

``/record`` asks for a note (or takes one given with it); the note is reviewed
by ``record_check`` against the guide's recording principles, with the
identifying-details warning first. Nothing is kept: the note waits, as the
person's one pending input (so it survives a restart, shows in /mydata and goes
with /forget or /cancel), until they press "keep" or "don't keep". "Keep" hands
it to ``Reflections.write`` as a private reflection of kind ``record``, which
warns again about identifying details and offers to keep it as written, masked,
or not at all, exactly as for any reflection. Buttons carry a nonce bound to the
waiting note, so an old or forged press keeps nothing.
"""

from __future__ import annotations

import secrets

from ..content.flows import Flows
from ..replies import Button, Refused, Reply
from ..service import Service, refusals_as_notes
from ..store.database import Store
from ..team.reflections import Reflections
from . import record_check

ASKED = "record"  # pending: the next message is a note to review
WAITING = "record_keep"  # pending: a reviewed note waits for keep or don't keep
KIND = "record"  # the kind of reflection a kept note becomes


class RecordChat(Service):
    """Review a pasted note, and keep it as a private reflection only if the person chooses to."""

    def __init__(self, flows: Flows, store: Store, reflections: Reflections):
        super().__init__(flows, store)
        self.reflections = reflections
        self.says = flows.recording.flow.messages

    def begin(self, user: str, note: str = "") -> list[Reply]:
        """``/record``: review ``note`` if one came with the command, or ask for it as the next message.

        An unfinished conversation of another kind stops, and a note says so.
        """
        stopped = self.replacing(user, ASKED)
        if note.strip():
            return stopped + self.receive(user, note)
        self.store.set_pending(user, ASKED, {})
        cancel = Button(self.text("btn_cancel"), "stop", "record")
        return [*stopped, Reply("note", self.says.intro, buttons=((cancel,),))]

    def receive(self, user: str, note: str) -> list[Reply]:
        """A note: its review, then the question whether to keep it. Only what was reviewed can be kept."""
        if not note.strip():
            return [Reply("note", self.says.empty)]  # still waiting for the note
        rules = self.flows.recording
        result = record_check.review(note, rules, self.flows.privacy)
        nonce = secrets.token_hex(4)  # binds the buttons to this note and no other
        self.store.set_pending(user, WAITING, {"text": note[: result.read].strip(), "nonce": nonce})
        keep = Button(self.says.keep_button, "record", f"keep.{nonce}")
        drop = Button(self.says.discard_button, "record", f"drop.{nonce}")
        return [
            Reply("text", record_check.review_text(result, rules), data={"record_review": True}),
            Reply("note", self.says.keep_question, buttons=((keep,), (drop,))),
        ]

    @refusals_as_notes
    def press(self, user: str, arg: str) -> list[Reply] | None:
        """Keep the waiting note as a reflection, or let it go; None for an argument no button of ours has."""
        choice, _, nonce = arg.partition(".")
        if choice not in ("keep", "drop") or not nonce:
            return None
        pending = self.store.pending(user)
        if pending is None or pending[0] != WAITING:
            raise Refused("nothing_waiting")
        if pending[1]["nonce"] != nonce:
            raise Refused("out_of_date")
        self.store.clear_pending(user)
        if choice == "drop":
            return [Reply("note", self.says.discarded)]
        return self.reflections.write(user, pending[1]["text"], kind=KIND)
