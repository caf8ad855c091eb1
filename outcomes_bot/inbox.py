"""Where a person's message or button press goes, whatever the front end.

Typed text answers whatever the person was last asked (a reflection, a
preparation question, a prompt they replied to) and otherwise goes to their
practice conversation. Buttons beyond the practice ones have their handler in
``PRESSES``, one table from a button's action to what it does, which a front end
routes by (the Telegram one registers a handler per action from it). Every
argument is checked, and every action checks again who may do it, so forged or
replayed data changes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from .learn.culture_plan import CultureStar
from .learn.outcome_chat import OutcomeChat
from .learn.quiz_rounds import QuizRounds
from .learn.record_chat import RecordChat
from .learn.risk import RiskTalk
from .learn.stepper import Stepper
from .learn.strengths_talk import StrengthsTalk
from .practice.engine import Engine
from .replies import Button, Refused, Reply
from .service import Service, refusals_as_notes
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
        self.risk = RiskTalk(engine.flows, engine.store)
        self.strengths = StrengthsTalk(engine.flows, engine.store)  # /strengths: a strengths map
        self.record = RecordChat(engine.flows, engine.store, self.reflections)
        self.outcome = OutcomeChat(engine.flows, engine.store)
        self.quiz = QuizRounds(engine.flows, engine.store)  # /quiz: polls, not typed text
        self.culture = CultureStar(engine.flows, engine.store)  # /culturestar: taps, and actions typed answer by answer
        self.talks: dict[str, Stepper | CultureStar] = {"risk": self.risk, "strengths": self.strengths}
        self.talks["culture"] = self.culture  # each answers typed text while its pending input waits

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
            if prompt_id is not None and not self._may_answer(user, prompt_id):
                return self.reflections.write(user, text)  # no longer in that team: kept as their own reflection
            return self.reflections.write(user, text, kind=data["kind"], ref=data["ref"], prompt_id=prompt_id)
        if kind == "prep":
            return self.prep.answer(user, text, data)
        if kind == "teabrief":
            return self.tea.private_answer(user, name, text, data)
        if kind in self.talks:  # the next answer: a positive-risk conversation, a strengths map, a culture-star action
            return self.talks[kind].answer(user, text, data)
        if kind in ("record", "record_keep", "outcome"):  # a note to review (replacing one waiting), a statement
            return (self.outcome if kind == "outcome" else self.record).receive(user, text)
        if kind == "offer":  # a new message instead of an answer to the offer: start again with it
            self.store.clear_pending(user)
            return self.receive(user, text, replying_to=None, source=source, name=name)
        return self._note("pii_choose_first")

    def _offer_prompt(self, user: str, text: str) -> list[Reply]:
        """If a prompt reached the person lately and is unanswered, offer to keep this as the answer."""
        prompt = self.store.latest_unanswered_prompt(user)
        if prompt is None or not self._may_answer(user, prompt["id"]):
            return []
        nonce = secrets.token_hex(4)
        self.store.set_pending(user, "offer", {"text": text, "prompt_id": prompt["id"], "nonce": nonce})
        yes = Button(self.text("btn_offer_yes"), "offer", f"yes.{nonce}")
        no = Button(self.text("btn_offer_no"), "offer", f"no.{nonce}")
        return self._note("prompt_offer", (yes,), (no,), prompt=prompt["text"])

    def _may_answer(self, user: str, prompt_id: int) -> bool:
        """Whether the person may still answer a supervisor's prompt (they are in its team)."""
        try:
            self.teams.prompt_to_answer(user, prompt_id)
        except Refused:
            return False
        return True

    @refusals_as_notes
    def _answer_prompt(self, user: str, text: str, prompt_id: int) -> list[Reply]:
        """Keep ``text`` as the answer to a supervisor's prompt, if they may; a conversation under way carries on."""
        self.teams.prompt_to_answer(user, prompt_id)
        replies = self.reflections.write(user, text, kind="prompt", ref="", prompt_id=prompt_id)
        pending = self.store.pending(user)  # left as it was by the answer: said, so the next message is no surprise
        if pending is not None and pending[0] not in ("identifiers", "offer"):
            replies += self._note("unfinished_open", what=self.unfinished(pending[0]))
        return replies

    def stop(self, user: str) -> list[Reply]:
        """Stop whatever was being written; nothing half-written is kept."""
        if self.store.pending(user) is None:
            return []
        self.store.clear_pending(user)
        return self._note("stopped_writing")

    def press(self, user: str, action: str, arg: str) -> list[Reply]:
        """A button, by its action: its replies (see ``PRESSES``), or a note that it no longer works."""
        press = PRESSES.get(action)
        return self.pressed(press, user, arg) if press else self._note("bad_button")

    def pressed(self, press: Press, user: str, arg: str) -> list[Reply]:
        """What one of ``PRESSES`` answers, or a note that the button no longer works if it answers nothing."""
        return press(self, user, arg) or self._note("bad_button")

    # --- practice and prompts --------------------------------------------------------------
    # each button's handler answers None (or nothing) for an argument it cannot use: 'no longer works'

    def _press_offer(self, user: str, arg: str) -> list[Reply] | None:
        """Keep the message as the answer to the prompt, or not."""
        choice, _, nonce = arg.partition(".")
        pending = self.store.pending(user)
        if choice not in ("yes", "no") or not nonce:
            return None
        if pending is None or pending[0] != "offer" or pending[1]["nonce"] != nonce:
            return self._note("out_of_date")
        self.store.clear_pending(user)
        if choice == "no":
            return self.engine.say(user, pending[1]["text"])  # what it would have been: a practice turn, or the menu
        return self._answer_prompt(user, pending[1]["text"], pending[1]["prompt_id"])

    def _press_answer(self, user: str, arg: str) -> list[Reply] | None:
        """Answer a supervisor's prompt."""
        ids = numbers(arg, 1)
        if not ids:
            return None
        try:
            prompt = self.teams.prompt_to_answer(user, ids[0])
        except Refused as refused:
            return self.refusal(refused)
        return self.reflections.begin(user, "prompt", "", prompt["id"])

    def _press_rethink(self, user: str, arg: str) -> list[Reply] | None:
        """Say what you'd do differently after a practice of your own."""
        session = self.store.session(arg)
        if session is None or session.user != user:
            return None
        return self.reflections.begin(user, "practice", arg)

    def _press_prep(self, user: str, arg: str) -> list[Reply] | None:
        """Skip, go back or stop in supervision preparation."""
        how, step, nonce = (arg.split(".") + ["", ""])[:3]
        pending = self.store.pending(user)
        if how not in ("skip", "back", "stop") or not step.isdigit() or not nonce:
            return None
        if pending is None or pending[0] != "prep":
            return self._note("out_of_date")
        return self.prep.move(user, how, step=int(step) - 1, state=pending[1], nonce=nonce)

    # --- reflections ----------------------------------------------------------------------

    def _press_share(self, user: str, arg: str, shared: bool = True) -> list[Reply] | None:
        """Share a reflection with a team (or, with ``shared`` false, stop sharing it)."""
        ids = numbers(arg, 3)
        if not ids:
            return None
        return self.reflections.share(user, reflection_id=ids[0], team_id=ids[1], version=ids[2], shared=shared)

    def _press_unshare(self, user: str, arg: str) -> list[Reply] | None:
        """Stop sharing a reflection with a team."""
        return self._press_share(user, arg, shared=False)

    def _press_delete(self, user: str, arg: str) -> list[Reply] | None:
        """Delete a reflection."""
        ids = numbers(arg, 2)
        return self.reflections.delete(user, ids[0], ids[1]) if ids else None

    def _press_pii(self, user: str, arg: str) -> list[Reply] | None:
        """Keep a reflection as written, masked, or not at all."""
        choice, _, nonce = arg.partition(".")
        return self.reflections.resolve(user, choice, nonce) if choice in ("keep", "mask", "drop") and nonce else None

    def _press_card(self, user: str, arg: str) -> list[Reply] | None:
        """Write about a reflection card."""
        return self.reflections.begin_card(user, arg)

    def _press_cards(self, user: str, arg: str) -> list[Reply] | None:
        """Draw another reflection card: 'N', or 'SET.N' from another card set."""
        deck, _, index = arg.rpartition(".")
        ids = numbers(index, 1)
        return self.reflections.card(user, ids[0], deck) if ids else None

    def _press_mine(self, user: str, arg: str) -> list[Reply] | None:
        """Another page of the person's own reflections."""
        ids = numbers(arg, 1)
        return self.reflections.mine(user, ids[0]) if ids else None

    def _press_stop(self, user: str, arg: str) -> list[Reply] | None:
        """Stop writing."""
        return self.stop(user) or self._note("nothing_waiting")

    # --- tea-briefs, answered privately ------------------------------------------------------

    def _press_tbp(self, user: str, arg: str) -> list[Reply] | None:
        """Answer one of a round's prompts privately."""
        ids = numbers(arg, 2)
        return self.tea.private_pick(user, ids[0], ids[1]) if ids else None

    def _press_tbshare(self, user: str, arg: str) -> list[Reply] | None:
        """Let a private answer into the group's summary."""
        ids = numbers(arg, 1)
        return self.tea.share_private(user, ids[0]) if ids else None

    # --- teams ------------------------------------------------------------------------------

    def _press_team(self, user: str, arg: str) -> list[Reply] | None:
        """Act on this team from now on."""
        ids = numbers(arg, 1)
        return self.teams.use_team(user, ids[0]) if ids else None

    def _press_rm(self, user: str, arg: str) -> list[Reply] | None:
        """Remove a member."""
        ids = numbers(arg, 1)
        return self.teams.remove(user, ids[0]) if ids else None

    def _press_co(self, user: str, arg: str) -> list[Reply] | None:
        """Make a member a co-supervisor."""
        ids = numbers(arg, 1)
        return self.teams.make_cosupervisor(user, ids[0]) if ids else None

    def _press_leave(self, user: str, arg: str) -> list[Reply] | None:
        """Leave a team."""
        ids = numbers(arg, 1)
        return self.teams.leave(user, ids[0]) if ids else None

    def _press_page(self, user: str, arg: str) -> list[Reply] | None:
        """Another page of a team's shared reflections."""
        ids = numbers(arg, 2)
        return self.teams.shared_page(user, ids[1], team_id=ids[0]) if ids else None

    def _press_unsched(self, user: str, arg: str) -> list[Reply] | None:
        """Stop a repeating prompt."""
        ids = numbers(arg, 1)
        return self.teams.stop_schedule(user, ids[0]) if ids else None


Press = Callable[[Inbox, str, str], list[Reply] | None]  # a button's handler: (inbox, user, argument)
PRESSES: dict[str, Press] = {  # a button's action -> what it does; every other action 'no longer works'
    "offer": Inbox._press_offer,
    "answer": Inbox._press_answer,
    "rethink": Inbox._press_rethink,
    "prep": Inbox._press_prep,
    "share": Inbox._press_share,
    "unshare": Inbox._press_unshare,
    "delete": Inbox._press_delete,
    "pii": Inbox._press_pii,
    "card": Inbox._press_card,
    "cards": Inbox._press_cards,
    "risk": lambda inbox, user, arg: inbox.risk.press(user, arg),  # skip, back, stop, identifying details
    "strengths": lambda inbox, user, arg: inbox.strengths.press(user, arg),  # a strengths map's buttons
    "mine": Inbox._press_mine,
    "record": lambda inbox, user, arg: inbox.record.press(user, arg),  # keep a reviewed note, or not
    "outcome": lambda inbox, user, arg: inbox.outcome.again(user, arg),  # check another statement
    "stop": Inbox._press_stop,
    "tbp": Inbox._press_tbp,
    "tbshare": Inbox._press_tbshare,
    "team": Inbox._press_team,
    "rm": Inbox._press_rm,
    "co": Inbox._press_co,
    "leave": Inbox._press_leave,
    "page": Inbox._press_page,
    "unsched": Inbox._press_unsched,
}
