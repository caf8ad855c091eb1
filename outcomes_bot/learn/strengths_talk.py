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

from ..replies import Reply
from ..team.reflections import Reflections
from .stepper import STEP_HOWS, Stepper
from .strengths import StrengthsMap, StrengthsMaps, fill, render_map, say, shown, typed_map

PENDING = "strengths"  # the store's pending kind while a map is being made
HOWS = (*STEP_HOWS, "save", "drop")  # what a button can do


class StrengthsTalk(Stepper):
    """The questions over ``flows/strengths.yaml``, kept in the store's pending input until the worker chooses."""

    pending = PENDING
    step_digits = 2
    hows = HOWS
    end_hows = ("save", "drop")

    def say(self, key: str, **values: object) -> str:
        """One of the map's own messages, filled in."""
        return say(self.flows.strengths, key, **values)

    def begin(self, user: str, arg: str = "") -> list[Reply]:
        """/strengths: the last practice person's map; '/strengths new': a map of someone the worker supports."""
        if arg.strip().lower() == "new":
            return self.start(user)
        return StrengthsMaps(self.flows, self.store).of_session(user)

    def press(self, user: str, arg: str) -> list[Reply] | None:
        """A button: 'new', or 'how.step.nonce' under a question or the map; None if it cannot be one of ours."""
        if arg == "new":
            return self.start(user)
        return super().press(user, arg)

    def step_ids(self) -> list[str]:
        """The id of each quadrant, in the order asked."""
        return [quadrant.id for quadrant in self.flows.strengths.quadrants]

    def question(self, state: dict, step: int) -> str:
        """Quadrant ``step``: its title, the guide's examples and our prompts about the person named."""
        quadrants = self.flows.strengths.quadrants
        quadrant = quadrants[step]
        prompts = "\n".join(self.say("prompt_line", prompt=fill(p, person=state["person"])) for p in quadrant.prompts)
        values = {"number": step + 1, "total": len(quadrants), "title": quadrant.title, "guide": quadrant.guide}
        return self.say("question", prompts=prompts, **values)

    def ended(self, user: str, how: str, state: dict) -> list[Reply] | None:
        """Under the map: keep it ('save') or not ('drop')."""
        if how == "drop":
            self.store.clear_pending(user)
            return self._said("not_kept")
        if how == "save":
            return self.keep(user, state)
        return None

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
        text = self.kept_text(state)
        return Reflections(self.flows, self.store).keep(user, text, kind="strengths", ref=state["person"])

    def kept_text(self, state: dict) -> str:
        """The map's text, as it would be kept."""
        return render_map(self.flows.strengths, self.mapped(state))

    def mapped(self, state: dict) -> StrengthsMap:
        """The map made from the answers so far."""
        return typed_map(self.flows.strengths, state["person"], state["answers"])
