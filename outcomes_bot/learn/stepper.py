"""A conversation asked question by question, kept in the store's pending input until it ends.

The mechanics that the positive-risk conversation (``risk.py``) and the
strengths map (``strengths_talk.py``) share: first what to call the person
(initials or a first name only), then each step in turn, every answer checked
for details that could identify someone before it is taken (keep, mask or
type again), with Skip, Back and Stop under each question. Each button is
bound to the question it was shown under and to this one conversation (a
nonce), so an old button is answered as out of date. A subclass says what its
steps are, how a question reads and what happens at the end.
"""

from __future__ import annotations

import secrets

from ..replies import Button, Refused, Reply
from ..service import Service, refusals_as_notes
from ..team.reflections import MAX_CHARS
from ..team.supervision import NAME_CHARS

STEP_HOWS = ("skip", "back", "stop", "keep", "mask", "retype")  # what a button under a question can do
SETTLE = ("keep", "mask", "retype")  # the choices for an answer with identifying details
ANSWER_CHARS = 1000  # one answer, at most: a few sentences
RECORD_CHARS = MAX_CHARS  # what is kept (a record, a map), at most: a reflection's limit, one Telegram message


class Stepper(Service):
    """The shared question-by-question mechanics; a subclass names its steps, questions and end."""

    pending = ""  # the store's pending kind while a conversation is under way, and its buttons' action
    answer_chars = ANSWER_CHARS  # one answer's length, at most
    step_digits = 3  # how many digits a button's step may have
    hows: tuple[str, ...] = STEP_HOWS  # what a button can do
    end_hows: tuple[str, ...] = ()  # the buttons that are current only after the last step

    def say(self, key: str, **values: object) -> str:
        """One of the conversation's own messages, filled in."""
        raise NotImplementedError

    def step_ids(self) -> list[str]:
        """The id of each step, in the order asked."""
        raise NotImplementedError

    def question(self, state: dict, step: int) -> str:
        """The text of question ``step`` (0 is the first), without the answer already given."""
        raise NotImplementedError

    def finish(self, user: str, state: dict) -> list[Reply]:
        """What follows the last step."""
        raise NotImplementedError

    def kept_text(self, state: dict) -> str:
        """What would be kept from these answers (the record, the map's text); it stays within ``RECORD_CHARS``."""
        raise NotImplementedError

    def ended(self, user: str, how: str, state: dict) -> list[Reply] | None:
        """Answer a press of one of ``end_hows`` (None for any other button)."""
        return None

    @refusals_as_notes
    def start(self, user: str, keep: bool = True) -> list[Reply]:
        """Begin: the intro, then what to call the person. ``keep`` false: shown at the end, never kept (terminal).

        An unfinished conversation of another kind stops, and a note says so.
        """
        stopped = self.replacing(user, self.pending)
        state = {"step": -1, "person": "", "answers": {}, "nonce": secrets.token_hex(4), "draft": None, "keep": keep}
        return [*stopped, Reply("note", self.say("intro")), *self._go(user, state, -1)]

    @refusals_as_notes
    def answer(self, user: str, text: str, state: dict) -> list[Reply]:
        """Take the answer to the current question (after the identifying-details check) and ask the next."""
        if state.get("draft") is not None or state["step"] >= len(self.step_ids()):
            return self._said("choose_first")
        text = text.strip()
        if not text:
            return self._said("empty")
        if len(text) > self.answer_chars:
            return self._said("too_long", length=len(text), limit=self.answer_chars)
        if state["step"] == -1:
            if len(text) > NAME_CHARS or self.identifying(text):  # the length first: it costs nothing
                return self._said("name_too_much")
            state["person"] = text
            return self._go(user, state, 0)
        found = self.identifying(text)
        room = self._room(state, max(text, self.masked(text, found), key=len) if found else text)
        if room is not None:
            return self._said("record_too_long", length=len(text), limit=room, total=RECORD_CHARS)
        if found:
            state["draft"] = text
            self.store.set_pending(user, self.pending, state)
            rows = tuple((self._button(how, state),) for how in SETTLE)
            warning = self.say("pii_warning", kinds=self.kinds_of(found), masked=self.masked(text, found))
            return [Reply("text", warning, buttons=rows)]
        state["answers"][self._step_id(state)] = text
        return self._go(user, state, state["step"] + 1)

    def press(self, user: str, arg: str) -> list[Reply] | None:
        """A button, 'how.step.nonce'; None if the data cannot be one of ours."""
        how, step, nonce = (arg.split(".") + ["", ""])[:3]
        if how not in self.hows or not step.isdigit() or len(step) > self.step_digits or not nonce:
            return None
        return self.move(user, how, int(step) - 1, nonce)

    @refusals_as_notes
    def move(self, user: str, how: str, step: int, nonce: str) -> list[Reply]:
        """Skip, back, stop, settle an answer with identifying details, or an end button: if the button is current."""
        pending = self.store.pending(user)
        if pending is None or pending[0] != self.pending:
            raise Refused("out_of_date")
        state = pending[1]
        at_end = state["step"] >= len(self.step_ids())
        draft = state.get("draft")
        if step != state["step"] or nonce != state["nonce"] or (how in self.end_hows) != at_end:
            raise Refused("out_of_date")
        if how in SETTLE and draft is None:
            raise Refused("out_of_date")
        state["draft"] = None
        if how == "stop":
            self.store.clear_pending(user)
            return self._said("stopped")
        ended = self.ended(user, how, state)
        if ended is not None:
            return ended
        if how == "retype":
            self.store.set_pending(user, self.pending, state)
            return self._said("retype")
        if how in ("keep", "mask") and draft is not None:
            state["answers"][self._step_id(state)] = draft if how == "keep" else self.masked(draft)
            return self._go(user, state, step + 1)
        return self._go(user, state, max(-1, step - 1) if how == "back" else step + 1)

    def _go(self, user: str, state: dict, step: int) -> list[Reply]:
        """Ask question ``step`` (or the name, at -1), or finish after the last."""
        ids = self.step_ids()
        state["step"] = step
        if step >= len(ids):
            return self.finish(user, state)
        self.store.set_pending(user, self.pending, state)
        if step == -1:
            return [Reply("text", self.say("person_question"), buttons=((self._button("stop", state),),))]
        text = self.question(state, step)
        if state["answers"].get(ids[step]):
            text += "\n\n" + self.say("given", answer=state["answers"][ids[step]])
        rows = ((self._button("skip", state), self._button("back", state)), (self._button("stop", state),))
        return [Reply("text", text, buttons=rows)]

    def _room(self, state: dict, answer: str) -> int | None:
        """None if what is kept stays within ``RECORD_CHARS`` with ``answer`` to this step; else the room for it."""
        answers = {**state["answers"], self._step_id(state): answer}
        over = len(self.kept_text({**state, "answers": answers})) - RECORD_CHARS
        return None if over <= 0 else max(0, len(answer) - over)

    def _step_id(self, state: dict) -> str:
        """The id of the step now being asked."""
        return self.step_ids()[state["step"]]

    def _button(self, how: str, state: dict) -> Button:
        """A button bound to the question (or the end) now shown in this conversation."""
        return Button(self.say(f"btn_{how}"), self.pending, f"{how}.{state['step'] + 1}.{state['nonce']}")

    def _said(self, key: str, **values: object) -> list[Reply]:
        """One of the conversation's messages as a note."""
        return [Reply("note", self.say(key, **values))]
