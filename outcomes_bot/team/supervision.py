"""Supervision preparation: the resource's questions, one at a time, ending in an agenda.

The worker thinks about one piece of work with one person, section by
section (the person's story, outcomes, communication, concerns and risks,
planning, their own practice), with skip and back. The answers become an
agenda in the resource's shape, kept as a private reflection that the worker
may share with their supervisor. Progress lives in the store, so a restart
loses nothing.
"""

from __future__ import annotations

import secrets

from ..replies import Button, Refused, Reply
from ..service import Service, refusals_as_notes
from .reflections import Reflections

NAME_CHARS = 40


class SupervisionPrep(Service):
    """The preparation flow, from ``flows/supervision.yaml``."""

    def steps(self) -> list[tuple[int, int]]:
        """Every question as (section, question) positions, in order."""
        return [
            (s, q) for s, section in enumerate(self.flows.supervision.sections) for q in range(len(section.questions))
        ]

    @refusals_as_notes
    def start(self, user: str) -> list[Reply]:
        """Begin: first, what to call the person. Its buttons are bound to this preparation only.

        An unfinished conversation of another kind stops, and a note says so.
        """
        stopped = self.replacing(user, "prep")
        return stopped + self._go(user, {"step": -1, "person": "", "answers": {}, "nonce": secrets.token_hex(4)}, -1)

    @refusals_as_notes
    def answer(self, user: str, text: str, state: dict) -> list[Reply]:
        """Take the answer to the current question and ask the next."""
        text = text.strip()
        if not text:
            return self._note("prep_empty")
        if state["step"] == -1:
            if len(text) > NAME_CHARS or self.identifying(text):  # the length first: it costs nothing
                return self._note("prep_name_too_much")
            state["person"] = text
        else:
            state["answers"][str(state["step"])] = text
        return self._go(user, state, state["step"] + 1)

    @refusals_as_notes
    def move(self, user: str, how: str, step: int, state: dict, nonce: str | None = None) -> list[Reply]:
        """Skip, go back or stop, if the button belongs to the question now being asked."""
        if step != state["step"] or (nonce is not None and nonce != state.get("nonce")):
            raise Refused("out_of_date")
        if how == "stop":
            self.store.clear_pending(user)
            return self._note("prep_stopped")
        if how == "back":
            return self._go(user, state, max(-1, step - 1))
        return self._go(user, state, step + 1)

    def _go(self, user: str, state: dict, step: int) -> list[Reply]:
        """Ask question ``step`` (or the name, at -1), or finish after the last."""
        steps = self.steps()
        if step >= len(steps):
            return self.finish(user, state)
        state["step"] = step
        self.store.set_pending(user, "prep", state)
        if step == -1:
            return [
                Reply("text", self.flows.supervision.person_question, buttons=((self._button("stop", -1, state),),))
            ]
        section_index, question_index = steps[step]
        section = self.flows.supervision.sections[section_index]
        question = section.questions[question_index].format(person=state["person"])
        given = state["answers"].get(str(step))
        text = self.text(
            "prep_question",
            number=step + 1,
            total=len(steps),
            section=section.title.format(person=state["person"]),
            question=question,
        )
        if given:
            text += "\n\n" + self.text("prep_given", answer=given)
        rows = (
            (self._button("skip", step, state), self._button("back", step, state)),
            (self._button("stop", step, state),),
        )
        return [Reply("text", text, buttons=rows)]

    def _button(self, how: str, step: int, state: dict) -> Button:
        """A skip, back or stop button bound to one question of one preparation."""
        return Button(self.text(f"btn_prep_{how}"), "prep", f"{how}.{step + 1}.{state['nonce']}")

    def agenda(self, state: dict) -> str:
        """The agenda, in the resource's order, with the answers under their items."""
        flow = self.flows.supervision
        person = state["person"]
        lines = [self.text("agenda_title", person=person)]
        steps = self.steps()
        for item in flow.agenda:
            lines += ["", item.title.format(person=person)]
            answered = [
                (flow.sections[s].questions[q].format(person=person), state["answers"][str(n)])
                for n, (s, q) in enumerate(steps)
                if flow.sections[s].agenda == item.id and state["answers"].get(str(n))
            ]
            if not answered:
                lines.append(self.text("agenda_note", note=item.note.format(person=person)))
            for question, answer in answered:
                lines.append(self.text("agenda_answer", question=question, answer=answer))
        return "\n".join(lines)

    @refusals_as_notes
    def finish(self, user: str, state: dict) -> list[Reply]:
        """Show the agenda and keep it as a private reflection (after the identifying-details check)."""
        self.store.clear_pending(user)
        agenda = self.agenda(state)
        kept = Reflections(self.flows, self.store).write(user, agenda, kind="agenda", ref=state["person"])
        return [Reply("text", agenda)] + kept
