"""A strengths map for someone the worker supports: asked quadrant by quadrant, kept only if the worker chooses.

The worker names the person by initials or a first name only, then answers
each of the guide's four quadrants in turn (``flows/strengths.yaml``: its
examples and our prompts), several strengths to an answer, or presses Skip.
Each answer is checked for details that could identify someone before it is
taken, as a reflection is. Progress lives in the store's pending input, so a
restart loses nothing; ``/cancel`` clears it and keeps nothing.

At the end the map is shown (a picture, the text, a nudge for each empty
quadrant) and waits, still pending, for the worker's choice: kept as one of
their private reflections (kind ``strengths``: shareable with their team's
supervisors, in /mydata, removed by /forget), or not kept at all.
"""

from __future__ import annotations

import secrets

from ..replies import Button, Refused, Reply
from ..service import Service, refusals_as_notes
from ..team.reflections import Reflections
from ..team.supervision import NAME_CHARS
from .strengths import StrengthsMap, StrengthsMaps, fill, render_map, say, shown, typed_map

PENDING = "strengths"  # the store's pending kind while a map is being made
ANSWER_CHARS = 1000  # one quadrant's answer, at most
HOWS = ("skip", "back", "stop", "keep", "mask", "retype", "save", "drop")  # what a button can do


class StrengthsTalk(Service):
    """The questions over ``flows/strengths.yaml``, kept in the store's pending input until the worker chooses."""

    def say(self, key: str, **values: object) -> str:
        """One of the map's own messages, filled in."""
        return say(self.flows.strengths, key, **values)

    def begin(self, user: str, arg: str = "") -> list[Reply]:
        """/strengths: the last practice person's map; '/strengths new': a map of someone the worker supports."""
        if arg.strip().lower() == "new":
            return self.start(user)
        return StrengthsMaps(self.flows, self.store).of_session(user)

    @refusals_as_notes
    def start(self, user: str, keep: bool = True) -> list[Reply]:
        """Begin: the intro, then what to call the person. ``keep`` false: shown at the end, never kept (terminal)."""
        state = {"step": -1, "person": "", "answers": {}, "nonce": secrets.token_hex(4), "draft": None, "keep": keep}
        return [Reply("note", self.say("intro")), *self._go(user, state, -1)]

    @refusals_as_notes
    def answer(self, user: str, text: str, state: dict) -> list[Reply]:
        """Take the answer for the quadrant now asked (after the identifying-details check) and ask the next."""
        if state.get("draft") is not None or state["step"] >= len(self.flows.strengths.quadrants):
            return self._said("choose_first")
        text = text.strip()
        if not text:
            return self._said("empty")
        if len(text) > ANSWER_CHARS:
            return self._said("too_long", length=len(text), limit=ANSWER_CHARS)
        if state["step"] == -1:
            if len(text) > NAME_CHARS or self.identifying(text):  # the length first: it costs nothing
                return self._said("name_too_much")
            state["person"] = text
            return self._go(user, state, 0)
        found = self.identifying(text)
        if found:
            state["draft"] = text
            self.store.set_pending(user, PENDING, state)
            rows = tuple((self._button(how, state),) for how in ("keep", "mask", "retype"))
            warning = self.say("pii_warning", kinds=self.kinds_of(found), masked=self.masked(text, found))
            return [Reply("text", warning, buttons=rows)]
        state["answers"][self._quadrant(state)] = text
        return self._go(user, state, state["step"] + 1)

    def press(self, user: str, arg: str) -> list[Reply] | None:
        """A button: 'new', or 'how.step.nonce' under a question or the map; None if it cannot be one of ours."""
        if arg == "new":
            return self.start(user)
        how, step, nonce = (arg.split(".") + ["", ""])[:3]
        if how not in HOWS or not step.isdigit() or len(step) > 2 or not nonce:
            return None
        return self.move(user, how, int(step) - 1, nonce)

    @refusals_as_notes
    def move(self, user: str, how: str, step: int, nonce: str) -> list[Reply]:
        """Skip, back, stop; settle identifying details; keep the map or not: if the button is current."""
        pending = self.store.pending(user)
        if pending is None or pending[0] != PENDING:
            raise Refused("out_of_date")
        state = pending[1]
        at_end = state["step"] >= len(self.flows.strengths.quadrants)
        draft = state.get("draft")
        if step != state["step"] or nonce != state["nonce"] or (how in ("save", "drop")) != at_end:
            raise Refused("out_of_date")
        if how in ("keep", "mask", "retype") and draft is None:
            raise Refused("out_of_date")
        state["draft"] = None
        if how in ("stop", "drop"):
            self.store.clear_pending(user)
            return self._said("stopped" if how == "stop" else "not_kept")
        if how == "save":
            return self.keep(user, state)
        if how == "retype":
            self.store.set_pending(user, PENDING, state)
            return self._said("retype")
        if how in ("keep", "mask") and draft is not None:
            state["answers"][self._quadrant(state)] = draft if how == "keep" else self.masked(draft)
            return self._go(user, state, step + 1)
        return self._go(user, state, max(-1, step - 1) if how == "back" else step + 1)

    def _go(self, user: str, state: dict, step: int) -> list[Reply]:
        """Ask quadrant ``step`` (or the name, at -1), or show the map after the last."""
        quadrants = self.flows.strengths.quadrants
        state["step"] = step
        if step >= len(quadrants):
            return self.finish(user, state)
        self.store.set_pending(user, PENDING, state)
        if step == -1:
            return [Reply("text", self.say("person_question"), buttons=((self._button("stop", state),),))]
        quadrant = quadrants[step]
        prompts = "\n".join(self.say("prompt_line", prompt=fill(p, person=state["person"])) for p in quadrant.prompts)
        values = {"number": step + 1, "total": len(quadrants), "title": quadrant.title, "guide": quadrant.guide}
        text = self.say("question", prompts=prompts, **values)
        if state["answers"].get(quadrant.id):
            text += "\n\n" + self.say("given", answer=state["answers"][quadrant.id])
        rows = ((self._button("skip", state), self._button("back", state)), (self._button("stop", state),))
        return [Reply("text", text, buttons=rows)]

    def finish(self, user: str, state: dict) -> list[Reply]:
        """The map, as a picture and text; it waits for the worker's choice (or, if not to be kept, says so)."""
        strengths = self.mapped(state)
        if not state.get("keep", True):
            self.store.clear_pending(user)
            return [*shown(self.flows.strengths, strengths), Reply("note", self.say("not_kept"))]
        self.store.set_pending(user, PENDING, state)
        choice = (self._button("save", state), self._button("drop", state))
        return [*shown(self.flows.strengths, strengths), Reply("text", self.say("keep_question"), buttons=(choice,))]

    def keep(self, user: str, state: dict) -> list[Reply]:
        """Keep the map's text as one of the worker's private reflections (kind ``strengths``)."""
        text = render_map(self.flows.strengths, self.mapped(state))
        return Reflections(self.flows, self.store).keep(user, text, kind="strengths", ref=state["person"])

    def mapped(self, state: dict) -> StrengthsMap:
        """The map made from the answers so far."""
        return typed_map(self.flows.strengths, state["person"], state["answers"])

    def _quadrant(self, state: dict) -> str:
        """The id of the quadrant now being asked."""
        return self.flows.strengths.quadrants[state["step"]].id

    def _button(self, how: str, state: dict) -> Button:
        """A button bound to the question (or the map) now shown in this conversation."""
        return Button(self.say(f"btn_{how}"), "strengths", f"{how}.{state['step'] + 1}.{state['nonce']}")

    def _said(self, key: str, **values: object) -> list[Reply]:
        """One of the map's messages as a note."""
        return [Reply("note", self.say(key, **values))]
