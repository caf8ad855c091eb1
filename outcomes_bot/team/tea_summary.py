"""Closing a tea-brief round: the summary for the group, the actions and their follow-up, and support requests.

What goes to the group is masked, and names appear only for people who
agreed. A support request goes only to the supervisors of the linked team
(or, with no team, the group's administrators), as written, never to a peer.
Later a follow-up asks how each action went.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence

from ..clock import later
from ..replies import Button, Refused, Reply
from ..service import refusals_as_notes
from .tea_rounds import TeaRounds
from .tea_words import TeaWords


class TeaSummary(TeaRounds):
    """Close rounds and summarise them; follow up their actions."""

    @functools.cached_property
    def words(self) -> TeaWords:
        """The patterns that read actions and themes, from the tea-brief flow's language."""
        return TeaWords.of(self.flows.teabrief.language)

    @refusals_as_notes
    def close(
        self, chat_id: int, user: str | None = None, round_id: int | None = None, admins: Sequence[str] = ()
    ) -> list[Reply]:
        """Close the round (by a member, or when its time is up) and post its summary.

        ``admins`` are the group's Telegram administrators, who hear support requests if no team is linked.
        """
        round_ = self.store.round(round_id) if round_id else self.store.current_round(chat_id)
        if round_ is None or round_["closed_at"]:
            if not user:  # the clock, for a round already closed: nothing to say
                return []
            raise Refused("teabrief_nothing_open")
        if user is not None and not self._may_lead(round_["chat_id"], user):
            raise Refused("teabrief_supervisors_only")
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

    def _supervisors(self, round_: dict, admins: list[str]) -> list[str]:
        """Who hears support requests: the linked team's supervisors, else the group's admins (never a peer)."""
        team_id = self.store.group(round_["chat_id"])["team_id"]
        if team_id:
            chiefs = [m["user"] for m in self.store.members(team_id) if m["role"] == "supervisor"]
            if chiefs:
                return chiefs
        return list(admins)

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
        actions = self._keep_actions(round_, by_part.get("actions", []), named, due)
        lines += [self.text("teabrief_actions")] + (actions or [self.text("teabrief_none_yet")])
        if round_["kind"] == "senses":  # the lead chose the Senses Framework question to close with
            senses = [
                self.text("teabrief_item", text=a["text"], who=self._who(a, named)).rstrip()
                for a in by_part.get("senses", [])
            ]
            lines += [self.text("teabrief_senses")] + (senses or [self.text("teabrief_none_yet")])
        lines.append(self.text("teabrief_support_note" if chiefs else "teabrief_support_nobody"))
        summary = Reply("text", "\n".join(lines))
        if actions:
            followup_id = self.store.add_followup(round_["id"], round_["chat_id"], due)
            summary = Reply(
                "text",
                summary.text + "\n\n" + self.text("teabrief_followup_when", days=days),
                data={"followup": followup_id, "due_at": due},
            )
        return [summary, *self._support(by_part.get("support", []), chiefs)]

    def _keep_actions(self, round_: dict, answers: list[dict], named: set[str], due: str) -> list[str]:
        """Keep each action the group agreed, with who and by when; each as a line of the summary."""
        actions = []
        for answer in answers:
            who, by_when = self._action_parts(answer, named, due)
            self.store.add_action(
                round_id=round_["id"],
                chat_id=round_["chat_id"],
                text=answer["text"],
                who=who,
                by_when=by_when,
                user=answer["user"],
            )
            actions.append(self.text("teabrief_action", text=answer["text"], who=who, by_when=by_when))
        return actions

    def _support(self, support: list[dict], chiefs: list[str]) -> list[Reply]:
        """Support requests, privately to each supervisor; or, with no one to tell, a word to each who asked."""
        if support and not chiefs:
            return [Reply("note", self.text("teabrief_support_no_one"), to=a["user"]) for a in support]
        if not support:
            return []
        told = "\n".join(
            self.text("teabrief_support_item", name=a["name"] or self.text("unnamed"), text=a["text"]) for a in support
        )
        return [
            Reply("text", self.text("teabrief_support_for_supervisor", requests=told), to=chief) for chief in chiefs
        ]

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
        counts = Counter(w for a in answers for w in self.words.themes(a["text"]) if w not in stop)
        common = [w for w, c in counts.most_common(5) if c > 1] or [w for w, _ in counts.most_common(3)]
        return ", ".join(common)

    def _action_parts(self, answer: dict, named: set[str], due: str) -> tuple[str, str]:
        """Who will do an action and by when, as far as its words say."""
        kind, name = self.words.doer(answer["text"])
        if kind == "name":
            who = name
        elif kind == "us":
            who = self.text("teabrief_who_all")
        elif kind == "me" and answer["user"] in named and not answer["private"]:
            who = answer["name"]
        else:
            who = self.text("teabrief_who_offered")
        by_when = self.words.by_when(answer["text"]) or self.text("teabrief_by_followup", date=due[:10])
        return who, by_when

    @refusals_as_notes
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

    @refusals_as_notes
    def done(self, chat_id: int, action_id: int) -> list[Reply]:
        """Mark an action done, from a button in the group it belongs to."""
        action = self.store.action(action_id)
        if action is None or action["chat_id"] != chat_id:
            raise Refused("bad_button")
        if not self.store.mark_done(action_id):
            raise Refused("teabrief_already_done")
        return self._note("teabrief_marked_done", action=action["text"])
