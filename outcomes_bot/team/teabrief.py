"""Tea-brief follow-ups in a team's group chat: the team's memory for its informal debriefs.

A round posts the prompts from ``flows/teabrief.yaml`` one message each;
members answer by replying to them (which a bot in privacy mode can see), or
privately through a deep link. Closing the round, by command or when its time
runs out, posts a summary: themes, successes, and actions with who and by
when. Support requests go only to the supervisor, privately. Names appear
only for people who agreed. Later a follow-up asks how each action went.

Nothing written privately reaches the group unless its writer chooses so.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter

from ..clock import later
from ..replies import Button, Reply
from ..service import Service

# A round's deep link, as _link writes it: tb<round>-<token>, and -s for the support prompt. The token
# (secrets.token_urlsafe(9) in the store) is 12 characters that may themselves end in "-s".
LINK = re.compile(r"tb(\d{1,12})-([A-Za-z0-9_-]{1,40})")
TOKEN_LENGTH = 12
MAX_MINUTES = 7 * 24 * 60  # the longest a round stays open

WHO = re.compile(
    r"^\s*(?:(?P<me>(?i:i|i'll|i will|i'm going to|me))\b|(?P<us>(?i:we|we'll|we will|all of us|us))\b|"
    r"(?P<name>[A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)(?:\s+(?:will|is going to|are going to|to)\b|'ll\b))"
)
NOT_NAMES = {
    "try",
    "going",
    "need",
    "remember",
    "it",
    "she",
    "he",
    "they",
    "this",
    "that",
    "let",
    "make",
    "keep",
    "ask",
    "maybe",
    "everyone",
    "someone",
    "nobody",
    "you",
    "time",
    "want",
    "have",
    "has",
    "got",
}
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
BY = re.compile(
    r"\bby\s+(?P<when>(?:next\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|tonight|next week|"
    r"the end of (?:the )?(?:week|month)|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {MONTH}\b|{MONTH} \d{{1,2}}(?:st|nd|rd|th)?\b)",
    re.IGNORECASE,
)
WORD = re.compile(r"[a-z][a-z']{3,}")


class TeaBrief(Service):
    """Rounds, answers, summaries and follow-ups, per group chat."""

    def __init__(self, flows, store, deep_link: str = "{payload}"):
        super().__init__(flows, store)
        self.deep_link = deep_link  # e.g. https://t.me/<bot>?start={payload}

    # --- who may -------------------------------------------------------------------------

    def _may_lead(self, chat_id: int, user: str) -> bool:
        """Whether a person may open or close rounds here (anyone, unless the group says supervisors only)."""
        group = self.store.group(chat_id)
        if not group["supervisors_only"] or not group["team_id"]:
            return True
        return self.store.role(group["team_id"], user) == "supervisor"

    def _supervisors(self, round_: dict, admins: list[str]) -> list[str]:
        """Who hears support requests: the linked team's supervisors, else the group's admins (never a peer)."""
        team_id = self.store.group(round_["chat_id"])["team_id"]
        if team_id:
            chiefs = [m["user"] for m in self.store.members(team_id) if m["role"] == "supervisor"]
            if chiefs:
                return chiefs
        return list(admins)

    # --- opening a round -------------------------------------------------------------------

    def open(self, chat_id: int, user: str, minutes: int | None = None) -> list[Reply]:
        """Open a tea-brief round: an intro with buttons, then one message per prompt."""
        refusal = self._opening_refusal(chat_id, user)
        if refusal:
            return refusal
        flow = self.flows.teabrief
        minutes = min(minutes or flow.minutes, MAX_MINUTES)
        round_id = self.store.open_round(chat_id, "teabrief", "", later(minutes=minutes))
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
            for p in flow.prompts
        ]
        return [intro, *prompts]

    def story(self, chat_id: int, user: str, story_id: str = "") -> list[Reply]:
        """Post a learning story and the resource's questions about it, as a round to reply to."""
        refusal = self._opening_refusal(chat_id, user)
        if refusal:
            return refusal
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

    def _opening_refusal(self, chat_id: int, user: str) -> list[Reply]:
        """Why a round cannot be opened now, if it cannot."""
        if not self._may_lead(chat_id, user):
            return self._note("teabrief_supervisors_only")
        if self.store.current_round(chat_id):
            return self._note("teabrief_already_open")
        return []

    def _intro(self, round_id: int, text: str) -> Reply:
        """A round's first message: what to do, its buttons, and (as data) when it closes."""
        data = {"close_round": round_id, "closes_at": self.store.round(round_id)["closes_at"], "round": round_id}
        return Reply("text", text, data={**data, "prompt": "intro"}, buttons=self._intro_buttons(round_id))

    def _link(self, round_id: int, support: bool = False) -> str:
        """The deep link into a private chat for answering a round; its token proves the group's message was seen."""
        token = self.store.round(round_id)["token"]
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

    # --- answers -----------------------------------------------------------------------------

    def reply(self, chat_id: int, user: str, name: str, ref: str, text: str) -> list[Reply] | None:
        """A member's reply in the group to one of the bot's prompts; None if it was not to one."""
        posted = self.store.round_message(chat_id, ref)
        if posted is None:
            return None
        text = text.strip()
        if not text:
            return self._note("teabrief_empty")
        if posted["prompt"] == "intro":
            return self._note("teabrief_reply_to_a_question")
        round_ = self.store.round(posted["round_id"])
        if round_ is None or posted["prompt"].startswith("action:") or posted["prompt"] == "share":
            self.store.add_answer(posted["round_id"], chat_id, user, name, posted["prompt"], text, private=False)
            return self._ack()
        if round_["closed_at"]:
            return self._note("teabrief_round_closed")
        self.store.add_answer(round_["id"], chat_id, user, name, posted["prompt"], text, private=False)
        if self._part(round_, posted["prompt"]) == "support":  # said in the group after all: reassure them privately
            return self._ack() + [Reply("note", self.text("teabrief_support_in_group"), to=user)]
        return self._ack() + self._warn_in_group(user, text)

    def _warn_in_group(self, user: str, text: str) -> list[Reply]:
        """A private word to the writer if their group answer seems to identify someone; the summary masks it."""
        found = self.identifying(text)
        if not found:
            return []
        return [Reply("note", self.text("teabrief_pii_group", kinds=self.kinds_of(found)), to=user)]

    def _ack(self) -> list[Reply]:
        """'Noted', which a front end may show as a reaction rather than a message."""
        return [Reply("note", self.text("teabrief_noted"), data={"ack": True})]

    def name_me(self, chat_id: int, user: str, round_id: int, named: bool) -> list[Reply]:
        """A member agrees, or declines, to be named in a round's summary."""
        round_ = self.store.round(round_id)
        if round_ is None or round_["chat_id"] != chat_id:
            return self._note("bad_button")
        self.store.set_named(round_id, user, named)
        return self._note("teabrief_named" if named else "teabrief_not_named")

    def from_link(self, user: str, payload: str) -> list[Reply] | None:
        """A round's deep link opened in a private chat; None if ``payload`` is not one."""
        link = LINK.fullmatch(payload)
        if link is None:
            return None
        token = link.group(2)
        support = len(token) == TOKEN_LENGTH + 2 and token.endswith("-s")
        return self.private_start(user, int(link.group(1)), token[:TOKEN_LENGTH] if support else token, support)

    def private_start(self, user: str, round_id: int, token: str, support: bool = False) -> list[Reply]:
        """In a private chat, from the group's deep link (its token checked): which prompt to answer."""
        round_ = self.store.round(round_id)
        if round_ is None or not secrets.compare_digest(token, round_["token"] or ""):
            return self._note("bad_button")
        if round_["closed_at"]:
            return self._note("teabrief_round_closed")
        prompts = self._prompts(round_)
        if support:
            index = next((n for n, (pid, _) in enumerate(prompts) if self._part(round_, pid) == "support"), None)
            if index is not None:
                return self.private_pick(user, round_id, index)
        rows = tuple((Button(label[:60], "tbp", f"{round_id}.{n}"),) for n, (_, label) in enumerate(prompts))
        return [Reply("text", self.text("teabrief_private_choose"), buttons=rows)]

    def private_pick(self, user: str, round_id: int, index: int) -> list[Reply]:
        """Ask for a private answer to one prompt."""
        round_ = self.store.round(round_id)
        if round_ is None or round_["closed_at"]:
            return self._note("teabrief_round_closed")
        prompts = self._prompts(round_)
        if not 0 <= index < len(prompts):
            return self._note("bad_button")
        prompt_id, label = prompts[index]
        self.store.set_pending(user, "teabrief", {"round_id": round_id, "prompt": prompt_id})
        return self._note("teabrief_private_ask", prompt=label)

    def private_answer(self, user: str, name: str, text: str, data: dict) -> list[Reply]:
        """Keep a private answer; it reaches the group only if its writer says so (support never does)."""
        text = text.strip()
        if not text:
            return self._note("teabrief_empty")
        round_ = self.store.round(data["round_id"])
        self.store.clear_pending(user)
        if round_ is None or round_["closed_at"]:
            return self._note("teabrief_round_closed")
        answer_id = self.store.add_answer(round_["id"], round_["chat_id"], user, name, data["prompt"], text, True)
        if self._part(round_, data["prompt"]) == "support":
            return self._note("teabrief_private_support")
        share = (Button(self.text("btn_add_to_summary"), "tbshare", str(answer_id)),)
        found = self.identifying(text)
        if found:  # kept as written, privately; masked if it is ever added to the summary
            return self._note("teabrief_private_saved_pii", share, kinds=self.kinds_of(found))
        return self._note("teabrief_private_saved", share)

    def share_private(self, user: str, answer_id: int) -> list[Reply]:
        """Let one's own private answer into the group summary (without a name unless agreed)."""
        answer = self.store.answer(answer_id)
        if answer is None or answer["user"] != user or not answer["private"]:
            return self._note("bad_button")
        self.store.set_answer_shared(answer_id, True)
        return self._note("teabrief_private_shared")

    def forget_mine(self, chat_id: int, user: str) -> list[Reply]:
        """Delete everything the person answered in this group."""
        return self._note("teabrief_forgot_mine", count=self.store.delete_answers(chat_id, user))

    def _prompts(self, round_: dict) -> list[tuple[str, str]]:
        """A round's (prompt id, wording) pairs."""
        if round_["kind"] == "story":
            return [(f"q{n}", q) for n, q in enumerate(self.flows.teabrief.story_questions)]
        return [(p.id, p.text) for p in self.flows.teabrief.prompts]

    def _part(self, round_: dict, prompt_id: str) -> str:
        """Where a prompt's answers go in the summary."""
        if round_["kind"] == "story":
            return "story"
        return next((p.part for p in self.flows.teabrief.prompts if p.id == prompt_id), "themes")

    # --- closing and following up -------------------------------------------------------------

    def close(
        self, chat_id: int, user: str | None = None, round_id: int | None = None, admins: list[str] = ()
    ) -> list[Reply]:
        """Close the round (by a member, or when its time is up) and post its summary.

        ``admins`` are the group's Telegram administrators, who hear support requests if no team is linked.
        """
        round_ = self.store.round(round_id) if round_id else self.store.current_round(chat_id)
        if round_ is None or round_["closed_at"]:
            return self._note("teabrief_nothing_open") if user else []
        if user is not None and not self._may_lead(round_["chat_id"], user):
            return self._note("teabrief_supervisors_only")
        if not self.store.close_round(round_["id"]):
            return []
        answers = [
            a if self._part(round_, a["prompt"]) == "support" else {**a, "text": self.masked(a["text"])}
            for a in self.store.answers(round_["id"])
            if a["shared"] or self._part(round_, a["prompt"]) == "support"
        ]  # what goes to the group is masked; a support request goes only to the supervisor, as written
        named = self.store.named(round_["id"])
        if round_["kind"] == "story":
            return [Reply("text", self._story_summary(round_, answers, named))]
        return self._summary(round_, answers, named, self._supervisors(round_, list(admins)))

    def _who(self, answer: dict, named: set[str]) -> str:
        """' (Name)' if the writer agreed to be named (never for a private answer), else nothing."""
        if answer["private"] or answer["user"] not in named or not answer["name"]:
            return ""
        return self.text("teabrief_named_as", name=answer["name"])

    def _summary(self, round_: dict, answers: list[dict], named: set[str], chiefs: list[str]) -> list[Reply]:
        """The group summary, the stored actions and their follow-up, and support requests for the supervisor."""
        by_part: dict[str, list[dict]] = {}
        for answer in answers:
            by_part.setdefault(self._part(round_, answer["prompt"]), []).append(answer)
        lines = [self.text("teabrief_summary_title", date=round_["started_at"][:10])]
        themes = self._themes(by_part.get("themes", []) + by_part.get("successes", []))
        lines.append(self.text("teabrief_themes", themes=themes) if themes else self.text("teabrief_no_themes"))
        successes = [
            self.text("teabrief_item", text=a["text"], who=self._who(a, named)).rstrip()
            for a in by_part.get("successes", [])
        ]
        lines += [self.text("teabrief_successes")] + (successes or [self.text("teabrief_none_yet")])
        days = self.store.group(round_["chat_id"])["followup_days"] or self.flows.teabrief.followup_days
        due = later(days=days)
        actions = []
        for answer in by_part.get("actions", []):
            who, by_when = self._action_parts(answer, named, due)
            self.store.add_action(round_["id"], round_["chat_id"], answer["text"], who, by_when, answer["user"])
            actions.append(self.text("teabrief_action", text=answer["text"], who=who, by_when=by_when))
        lines += [self.text("teabrief_actions")] + (actions or [self.text("teabrief_none_yet")])
        support = by_part.get("support", [])
        lines.append(self.text("teabrief_support_note" if chiefs else "teabrief_support_nobody"))
        replies = [Reply("text", "\n".join(lines))]
        if actions:
            followup_id = self.store.add_followup(round_["id"], round_["chat_id"], due)
            replies[0] = Reply(
                "text",
                replies[0].text + "\n\n" + self.text("teabrief_followup_when", days=days),
                data={"followup": followup_id, "due_at": due},
            )
        if support and not chiefs:  # no one to tell: say so, privately, to each who asked
            replies += [Reply("note", self.text("teabrief_support_no_one"), to=a["user"]) for a in support]
        elif support:
            told = "\n".join(
                self.text("teabrief_support_item", name=a["name"] or self.text("unnamed"), text=a["text"])
                for a in support
            )
            replies += [
                Reply("text", self.text("teabrief_support_for_supervisor", requests=told), to=chief) for chief in chiefs
            ]
        return replies

    def _story_summary(self, round_: dict, answers: list[dict], named: set[str]) -> str:
        """What the group thought about each question on a story."""
        story = next(s for s in self.flows.teabrief.stories if s.id == round_["story_id"])
        lines = [self.text("story_summary_title", title=story.title)]
        for n, question in enumerate(self.flows.teabrief.story_questions):
            said = [
                self.text("teabrief_item", text=a["text"], who=self._who(a, named)).rstrip()
                for a in answers
                if a["prompt"] == f"q{n}"
            ]
            if said:
                lines += ["", question, *said]
        if len(lines) == 1:
            lines.append(self.text("teabrief_none_yet"))
        return "\n".join(lines)

    def _themes(self, answers: list[dict]) -> str:
        """The words the group used most, a rough guide to its themes."""
        stop = set(self.flows.teabrief.stopwords.split())
        counts = Counter(w for a in answers for w in set(WORD.findall(a["text"].lower())) if w not in stop)
        common = [w for w, c in counts.most_common(5) if c > 1] or [w for w, _ in counts.most_common(3)]
        return ", ".join(common)

    def _action_parts(self, answer: dict, named: set[str], due: str) -> tuple[str, str]:
        """Who will do an action and by when, as far as its words say."""
        who_match, by_match = WHO.match(answer["text"]), BY.search(answer["text"])
        if who_match and who_match.group("name") and who_match.group("name").split()[0].lower() not in NOT_NAMES:
            who = who_match.group("name")
        elif who_match and who_match.group("us"):
            who = self.text("teabrief_who_all")
        elif who_match and who_match.group("me") and answer["user"] in named and not answer["private"]:
            who = answer["name"]
        else:
            who = self.text("teabrief_who_offered")
        by_when = by_match.group("when") if by_match else self.text("teabrief_by_followup", date=due[:10])
        return who, by_when

    def followup(self, followup_id: int) -> list[Reply]:
        """When it is due: ask the group how each agreed action went, each with a 'done' button.

        It is not marked sent here: the front end marks it (``store.mark_followup_sent``) once delivered.
        """
        followup = self.store.followup(followup_id)
        if followup is None or followup["sent_at"]:
            return []
        return [
            Reply(
                "text",
                self.text("teabrief_followup", action=action["text"]),
                data={"round": followup["round_id"], "prompt": f"action:{action['id']}"},
                buttons=((Button(self.text("btn_mark_done"), "done", str(action["id"])),),),
            )
            for action in self.store.actions(followup["round_id"])
            if not action["done"]
        ]

    def done(self, chat_id: int, action_id: int) -> list[Reply]:
        """Mark an action done, from a button in the group it belongs to."""
        action = self.store.action(action_id)
        if action is None or action["chat_id"] != chat_id:
            return self._note("bad_button")
        if not self.store.mark_done(action_id):
            return self._note("teabrief_already_done")
        return self._note("teabrief_marked_done", action=action["text"])

    # --- settings and share and tell ----------------------------------------------------------

    def link_team(self, chat_id: int, user: str, team_id: int | None, group_admin: bool = False) -> list[Reply]:
        """A supervisor links this group to their team (its supervisors then lead and hear support).

        A group not yet linked (or linked to a team with no supervisor left) may be linked by one of
        its Telegram administrators (``group_admin``); a linked group only by a supervisor of the team
        it is linked to. Otherwise support requests from the group could be taken over by another team.
        The refusal says nothing about the other team.
        """
        if team_id is None or self.store.role(team_id, user) != "supervisor":
            return self._note("not_supervisor")
        linked = self.store.group(chat_id)["team_id"]
        if linked and any(m["role"] == "supervisor" for m in self.store.members(linked)):
            if self.store.role(linked, user) != "supervisor":
                return self._note("teamgroup_taken")
        elif not group_admin:
            return self._note("teamgroup_admins_only")
        self.store.set_group(chat_id, team_id=team_id)
        return self._note("teabrief_linked", team=self.store.team(team_id)["name"])

    def settings(self, chat_id: int, user: str, args: list[str]) -> list[Reply]:
        """Supervisors of the linked team change how rounds work here."""
        group = self.store.group(chat_id)
        if not group["team_id"] or self.store.role(group["team_id"], user) != "supervisor":
            return self._note("teabrief_settings_who")
        key, value = (args + ["", ""])[:2]
        if key == "leaders" and value in ("supervisors", "anyone"):
            self.store.set_group(chat_id, supervisors_only=int(value == "supervisors"))
        elif key == "followup" and value.isdigit() and 1 <= int(value) <= 90:
            self.store.set_group(chat_id, followup_days=int(value))
        elif key == "shareandtell" and value in ("on", "off"):
            self.store.set_group(chat_id, share_and_tell=int(value == "on"))
        else:
            return self._note("teabrief_settings_usage")
        group = self.store.group(chat_id)
        said = self.text(
            "teabrief_settings_now",
            leaders=self.text(
                "teabrief_leaders_supervisors" if group["supervisors_only"] else "teabrief_leaders_anyone"
            ),
            days=group["followup_days"] or self.flows.teabrief.followup_days,
            share=self.text("teabrief_on" if group["share_and_tell"] else "teabrief_off"),
        )
        clock = {"share_and_tell": bool(group["share_and_tell"]), "chat_id": chat_id} if key == "shareandtell" else {}
        return [Reply("note", said, data=clock)]

    def share_and_tell(self, chat_id: int, turn: int) -> list[Reply]:
        """The monthly invitation to share an outcome-focused success: to one member who agreed to be named."""
        people = self.store.named_in(chat_id)
        if not people:
            return [Reply("text", self.text("share_and_tell_anyone"), data={"round": 0, "prompt": "share"})]
        person = people[turn % len(people)]
        return [Reply("text", self.text("share_and_tell_you", name=person["name"]))]
