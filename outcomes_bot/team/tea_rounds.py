"""Opening a tea-brief round in a group: its intro, its prompts (or a story and its questions), and who may lead.

Anyone in the group may open and close rounds, unless the group says
supervisors only; then only the supervisors of the team it is linked to.
"""

from __future__ import annotations

from ..clock import later
from ..content.flows import Flows
from ..content.schema_team import TeaPrompt
from ..replies import Button, Refused, Reply
from ..service import Service, refusals_as_notes
from ..store.database import Store

MAX_MINUTES = 7 * 24 * 60  # the longest a round stays open


class TeaRounds(Service):
    """Open rounds and stories; what every part of the tea-brief shares about a round."""

    def __init__(self, flows: Flows, store: Store, deep_link: str = "{payload}"):
        super().__init__(flows, store)
        self.deep_link = deep_link  # e.g. https://t.me/<bot>?start={payload}

    # --- what a round is ---------------------------------------------------------------------

    def _may_lead(self, chat_id: int, user: str) -> bool:
        """Whether a person may open or close rounds here (anyone, unless the group says supervisors only)."""
        group = self.store.group(chat_id)
        if not group["supervisors_only"] or not group["team_id"]:
            return True
        return self.store.role(group["team_id"], user) == "supervisor"

    def _round(self, round_id: int) -> dict:
        """A round by id; refused if there is no such round."""
        round_ = self.store.round(round_id)
        if round_ is None:
            raise Refused("bad_button")
        return round_

    def _prompts(self, round_: dict) -> list[tuple[str, str]]:
        """A round's (prompt id, wording) pairs."""
        if round_["kind"] == "story":
            return [(f"q{n}", q) for n, q in enumerate(self.flows.teabrief.story_questions)]
        return [(p.id, p.text) for p in self._tea_prompts(round_["kind"] == "senses")]

    def _tea_prompts(self, senses: bool) -> list[TeaPrompt]:
        """A tea-brief's prompts, with the Senses Framework question last if the lead chose it."""
        flow = self.flows.teabrief
        return [*flow.prompts, flow.senses] if senses else list(flow.prompts)

    def _part(self, round_: dict, prompt_id: str) -> str:
        """Where a prompt's answers go in the summary."""
        if round_["kind"] == "story":
            return "story"
        return next((p.part for p in self._tea_prompts(True) if p.id == prompt_id), "themes")

    # --- opening a round -------------------------------------------------------------------

    @refusals_as_notes
    def open(self, chat_id: int, user: str, minutes: int | None = None, senses: bool = False) -> list[Reply]:
        """Open a tea-brief round: an intro with buttons, then one message per prompt (``senses``: and one more)."""
        self._may_open(chat_id, user)
        flow = self.flows.teabrief
        minutes = min(minutes or flow.minutes, MAX_MINUTES)
        round_id = self.store.open_round(chat_id, "senses" if senses else "teabrief", "", later(minutes=minutes))
        intro = self._intro(round_id, self.text("teabrief_intro", minutes=minutes))
        prompts = [
            Reply(
                "text",
                p.text,
                data={"round": round_id, "prompt": p.id},
                buttons=((Button(self.text("btn_tell_supervisor"), url=self._link(round_id, True)),),)
                if p.part == "support"
                else (),
            )
            for p in self._tea_prompts(senses)
        ]
        return [intro, *prompts]

    @refusals_as_notes
    def story(self, chat_id: int, user: str, story_id: str = "") -> list[Reply]:
        """Post a learning story and the resource's questions about it, as a round to reply to."""
        self._may_open(chat_id, user)
        flow = self.flows.teabrief
        stories = {s.id: s for s in flow.stories}
        if story_id and story_id not in stories:
            return self._note("story_unknown", ids=", ".join(stories))
        if not story_id:
            told = self.store.count_stories(chat_id)
            story_id = flow.stories[told % len(flow.stories)].id
        story = stories[story_id]
        round_id = self.store.open_round(chat_id, "story", story.id, later(minutes=flow.minutes))
        intro = self._intro(
            round_id, self.text("story_intro", title=story.title, story=story.text, minutes=flow.minutes)
        )
        questions = [
            Reply(
                "text",
                self.text("story_question", number=n + 1, question=q),
                data={"round": round_id, "prompt": f"q{n}"},
            )
            for n, q in enumerate(flow.story_questions)
        ]
        return [intro, *questions]

    def _may_open(self, chat_id: int, user: str) -> None:
        """Refused if a round cannot be opened now: the person may not lead, or one is open already."""
        if not self._may_lead(chat_id, user):
            raise Refused("teabrief_supervisors_only")
        if self.store.current_round(chat_id):
            raise Refused("teabrief_already_open")

    def _intro(self, round_id: int, text: str) -> Reply:
        """A round's first message: what to do, its buttons, and (as data) when it closes."""
        data = {"close_round": round_id, "closes_at": self._round(round_id)["closes_at"], "round": round_id}
        return Reply("text", text, data={**data, "prompt": "intro"}, buttons=self._intro_buttons(round_id))

    def _link(self, round_id: int, support: bool = False) -> str:
        """The deep link into a private chat for answering a round; its token proves the group's message was seen."""
        token = self._round(round_id)["token"]
        return self.deep_link.format(payload=f"tb{round_id}-{token}" + ("-s" if support else ""))

    def _intro_buttons(self, round_id: int) -> tuple[tuple[Button, ...], ...]:
        """Answer privately (a deep link), and agree or decline to be named."""
        return (
            (Button(self.text("btn_answer_privately"), url=self._link(round_id)),),
            (
                Button(self.text("btn_name_me"), "named", f"{round_id}.1"),
                Button(self.text("btn_dont_name_me"), "named", f"{round_id}.0"),
            ),
        )
