"""Where a person's message or button press goes, whatever the front end.

Typed text answers whatever the person was last asked (a reflection, a
preparation question, a prompt they replied to) and otherwise goes to their
practice conversation. Buttons beyond the practice ones are routed here by
their action; every argument is checked, and every action checks again who
may do it, so forged or replayed data changes nothing.
"""

from __future__ import annotations

import secrets

from .practice.engine import Engine
from .replies import Button, Reply
from .service import Service
from .team.reflections import Reflections
from .team.supervision import SupervisionPrep
from .team.teabrief import TeaBrief
from .team.teams import Teams


def numbers(arg: str, count: int) -> tuple[int, ...] | None:
    """``count`` whole numbers from 'a.b.c', or None if that is not what ``arg`` holds."""
    parts = arg.split(".")
    if len(parts) != count or not all(p.isascii() and p.isdigit() and len(p) <= 12 for p in parts):
        return None
    return tuple(int(p) for p in parts)


class Inbox(Service):
    """Routes text and buttons to the practice engine, reflections, preparation and teams."""

    def __init__(self, engine: Engine, teams: Teams):
        super().__init__(engine.flows, engine.store)
        self.engine = engine
        self.teams = teams
        self.reflections = Reflections(engine.flows, engine.store)
        self.prep = SupervisionPrep(engine.flows, engine.store)
        self.tea = TeaBrief(engine.flows, engine.store)

    def receive(
        self, user: str, text: str, replying_to: str | None = None, source: str = "", name: str = ""
    ) -> list[Reply]:
        """A typed message: an answer to what was asked, a reply to a prompt, or a practice turn.

        ``source`` is the front end's id for the message (see ``Engine.say``); ``name`` what the
        person goes by.
        """
        if replying_to is not None:
            prompt_id = self.store.delivered_prompt(user, replying_to)
            if prompt_id is not None:
                return self._answer_prompt(user, text, prompt_id)
        pending = self.store.pending(user)
        if pending is None:
            replies = self.engine.say(user, text, source)
            if replies[0].data.get("no_session"):  # no practice to carry on: perhaps it answers a prompt
                return self._offer_prompt(user, text) or replies
            return replies
        kind, data = pending
        if kind == "reflection":
            prompt_id = data["prompt_id"]
            if prompt_id is not None and self.teams.answer_prompt(user, prompt_id)[1]:
                return self.reflections.write(user, text)  # no longer in that team: kept as their own reflection
            return self.reflections.write(user, text, data["kind"], data["ref"], prompt_id)
        if kind == "prep":
            return self.prep.answer(user, text, data)
        if kind == "teabrief":
            return self.tea.private_answer(user, name, text, data)
        if kind == "offer":  # a new message instead of an answer to the offer: start again with it
            self.store.clear_pending(user)
            return self.receive(user, text, None, source, name)
        return self._note("pii_choose_first")

    def _offer_prompt(self, user: str, text: str) -> list[Reply]:
        """If a prompt reached the person lately and is unanswered, offer to keep this as the answer."""
        prompt = self.store.latest_unanswered_prompt(user)
        if prompt is None or self.teams.answer_prompt(user, prompt["id"])[1]:
            return []
        nonce = secrets.token_hex(4)
        self.store.set_pending(user, "offer", {"text": text, "prompt_id": prompt["id"], "nonce": nonce})
        yes = Button(self.text("btn_offer_yes"), "offer", f"yes.{nonce}")
        no = Button(self.text("btn_offer_no"), "offer", f"no.{nonce}")
        return self._note("prompt_offer", (yes,), (no,), prompt=prompt["text"])

    def _press_offer(self, user: str, arg: str) -> list[Reply]:
        """Keep the message as the answer to the prompt, or not."""
        choice, _, nonce = arg.partition(".")
        pending = self.store.pending(user)
        if choice not in ("yes", "no") or not nonce:
            return []
        if pending is None or pending[0] != "offer" or pending[1]["nonce"] != nonce:
            return self._note("out_of_date")
        self.store.clear_pending(user)
        if choice == "no":
            return self.engine.say(user, pending[1]["text"])  # what it would have been: a practice turn, or the menu
        return self._answer_prompt(user, pending[1]["text"], pending[1]["prompt_id"])

    def _answer_prompt(self, user: str, text: str, prompt_id: int) -> list[Reply]:
        """Keep ``text`` as the answer to a supervisor's prompt, if the person may still answer it."""
        _, refusal = self.teams.answer_prompt(user, prompt_id)
        return refusal or self.reflections.write(user, text, "prompt", "", prompt_id)

    def stop(self, user: str) -> list[Reply]:
        """Stop whatever was being written; nothing half-written is kept."""
        if self.store.pending(user) is None:
            return []
        self.store.clear_pending(user)
        return self._note("stopped_writing")

    def press(self, user: str, action: str, arg: str) -> list[Reply]:
        """A button: its replies, or a note that it no longer works."""
        handler = getattr(self, f"_press_{action}", None)
        return (handler(user, arg) if handler else None) or self._note("bad_button")

    # --- reflections ----------------------------------------------------------------------

    def _press_share(self, user: str, arg: str) -> list[Reply]:
        """Share a reflection with a team."""
        ids = numbers(arg, 3)
        return ids and self.reflections.share(user, ids[0], ids[1], ids[2], shared=True)

    def _press_unshare(self, user: str, arg: str) -> list[Reply]:
        """Stop sharing a reflection with a team."""
        ids = numbers(arg, 3)
        return ids and self.reflections.share(user, ids[0], ids[1], ids[2], shared=False)

    def _press_delete(self, user: str, arg: str) -> list[Reply]:
        """Delete a reflection."""
        ids = numbers(arg, 2)
        return ids and self.reflections.delete(user, ids[0], ids[1])

    def _press_pii(self, user: str, arg: str) -> list[Reply]:
        """Keep a reflection as written, masked, or not at all."""
        choice, _, nonce = arg.partition(".")
        return choice in ("keep", "mask", "drop") and bool(nonce) and self.reflections.resolve(user, choice, nonce)

    def _press_card(self, user: str, arg: str) -> list[Reply]:
        """Write about a reflection card."""
        return self.reflections.begin_card(user, arg)

    def _press_cards(self, user: str, arg: str) -> list[Reply]:
        """Draw another reflection card."""
        ids = numbers(arg, 1)
        return ids and self.reflections.card(user, ids[0])

    def _press_mine(self, user: str, arg: str) -> list[Reply]:
        """Another page of the person's own reflections."""
        ids = numbers(arg, 1)
        return ids and self.reflections.mine(user, ids[0])

    def _press_stop(self, user: str, arg: str) -> list[Reply]:
        """Stop writing."""
        return self.stop(user) or self._note("nothing_waiting")

    def _press_answer(self, user: str, arg: str) -> list[Reply]:
        """Answer a supervisor's prompt."""
        ids = numbers(arg, 1)
        if not ids:
            return []
        prompt, refusal = self.teams.answer_prompt(user, ids[0])
        return refusal or self.reflections.begin(user, "prompt", "", prompt["id"])

    def _press_rethink(self, user: str, arg: str) -> list[Reply]:
        """Say what you'd do differently after a practice of your own."""
        session = self.store.session(arg)
        if session is None or session.user != user:
            return []
        return self.reflections.begin(user, "practice", arg)

    def _press_prep(self, user: str, arg: str) -> list[Reply]:
        """Skip, go back or stop in supervision preparation."""
        how, step, nonce = (arg.split(".") + ["", ""])[:3]
        pending = self.store.pending(user)
        if how not in ("skip", "back", "stop") or not step.isdigit() or not nonce:
            return []
        if pending is None or pending[0] != "prep":
            return self._note("out_of_date")
        return self.prep.move(user, how, int(step) - 1, pending[1], nonce)

    # --- tea-briefs, answered privately ------------------------------------------------------

    def _press_tbp(self, user: str, arg: str) -> list[Reply]:
        """Answer one of a round's prompts privately."""
        ids = numbers(arg, 2)
        return ids and self.tea.private_pick(user, ids[0], ids[1])

    def _press_tbshare(self, user: str, arg: str) -> list[Reply]:
        """Let a private answer into the group's summary."""
        ids = numbers(arg, 1)
        return ids and self.tea.share_private(user, ids[0])

    # --- teams ------------------------------------------------------------------------------

    def _press_team(self, user: str, arg: str) -> list[Reply]:
        """Act on this team from now on."""
        ids = numbers(arg, 1)
        return ids and self.teams.use_team(user, ids[0])

    def _press_rm(self, user: str, arg: str) -> list[Reply]:
        """Remove a member."""
        ids = numbers(arg, 1)
        return ids and self.teams.remove(user, ids[0])

    def _press_co(self, user: str, arg: str) -> list[Reply]:
        """Make a member a co-supervisor."""
        ids = numbers(arg, 1)
        return ids and self.teams.make_cosupervisor(user, ids[0])

    def _press_leave(self, user: str, arg: str) -> list[Reply]:
        """Leave a team."""
        ids = numbers(arg, 1)
        return ids and self.teams.leave(user, ids[0])

    def _press_page(self, user: str, arg: str) -> list[Reply]:
        """Another page of a team's shared reflections."""
        ids = numbers(arg, 2)
        return ids and self.teams.shared_page(user, ids[1], team_id=ids[0])

    def _press_unsched(self, user: str, arg: str) -> list[Reply]:
        """Stop a repeating prompt."""
        ids = numbers(arg, 1)
        return ids and self.teams.stop_schedule(user, ids[0])
