"""Tea-brief follow-ups in a team's group chat: the team's memory for its informal debriefs.

A round posts the prompts from ``flows/teabrief.yaml`` one message each;
members answer by replying to them (which a bot in privacy mode can see), or
privately through a deep link. Closing the round, by command or when its time
runs out, posts a summary: themes, successes, and actions with who and by
when. Support requests go only to the supervisor, privately. Names appear
only for people who agreed. Later a follow-up asks how each action went.

Nothing written privately reaches the group unless its writer chooses so.

``TeaBrief`` is put together from ``tea_rounds`` (opening rounds),
``tea_answers`` (answers in the group and in private) and ``tea_summary``
(closing, summaries and follow-ups, reading actions with ``tea_words``); the
group's settings are here.
"""

from __future__ import annotations

from ..replies import Refused, Reply
from ..service import refusals_as_notes
from .tea_answers import LINK, TOKEN_LENGTH, TeaAnswers
from .tea_rounds import MAX_MINUTES
from .tea_summary import TeaSummary

__all__ = ["LINK", "MAX_MINUTES", "TOKEN_LENGTH", "TeaBrief"]


class TeaBrief(TeaAnswers, TeaSummary):
    """Rounds, answers, summaries and follow-ups, per group chat; and each group's settings."""

    @refusals_as_notes
    def link_team(self, chat_id: int, user: str, team_id: int | None, group_admin: bool = False) -> list[Reply]:
        """A supervisor links this group to their team (its supervisors then lead and hear support).

        A group not yet linked (or linked to a team with no supervisor left) may be linked by one of
        its Telegram administrators (``group_admin``); a linked group only by a supervisor of the team
        it is linked to. Otherwise support requests from the group could be taken over by another team.
        The refusal says nothing about the other team.
        """
        team = None if team_id is None or self.store.role(team_id, user) != "supervisor" else self.store.team(team_id)
        if team_id is None or team is None:
            raise Refused("not_supervisor")
        linked = self.store.group(chat_id)["team_id"]
        if linked and any(m["role"] == "supervisor" for m in self.store.members(linked)):
            if self.store.role(linked, user) != "supervisor":
                raise Refused("teamgroup_taken")
        elif not group_admin:
            raise Refused("teamgroup_admins_only")
        self.store.set_group(chat_id, team_id=team_id)
        return self._note("teabrief_linked", team=team["name"])

    @refusals_as_notes
    def settings(self, chat_id: int, user: str, args: list[str]) -> list[Reply]:
        """Supervisors of the linked team change how rounds work here."""
        group = self.store.group(chat_id)
        if not group["team_id"] or self.store.role(group["team_id"], user) != "supervisor":
            raise Refused("teabrief_settings_who")
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

    @refusals_as_notes
    def share_and_tell(self, chat_id: int, turn: int) -> list[Reply]:
        """The monthly invitation to share an outcome-focused success: to one member who agreed to be named."""
        people = self.store.named_in(chat_id)
        if not people:
            return [Reply("text", self.text("share_and_tell_anyone"), data={"round": 0, "prompt": "share"})]
        person = people[turn % len(people)]
        return [Reply("text", self.text("share_and_tell_you", name=person["name"]))]
