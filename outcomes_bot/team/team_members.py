"""Making and joining teams, join codes, and members' roles: who is in a team, and who leads it.

A member who is removed or leaves loses access at once, and what they had
shared with the team is withdrawn.
"""

from __future__ import annotations

import secrets

from ..replies import Button, Refused, Reply
from ..service import refusals_as_notes
from .team_access import TeamService, code_hash


class Membership(TeamService):
    """Teams, join codes and members: make, join, choose, remove, promote and leave."""

    # --- making and joining teams ---------------------------------------------------------------

    @refusals_as_notes
    def new_team(self, user: str, display: str, name: str) -> list[Reply]:
        """An admin makes a team and becomes its supervisor; they get its join link and code."""
        if user not in self.admins:
            raise Refused("not_admin")
        name = " ".join(name.split())
        if not 1 <= len(name) <= 60:
            return self._note("team_name_needed")
        self.store.remember_user(user, display)
        code = secrets.token_urlsafe(12)
        team_id = self.store.create_team(name, user, code_hash(code))
        self.store.set_current_team(user, team_id)
        return self._note("team_made", team=name, code=code, link=self.join_link.format(code=code))

    @refusals_as_notes
    def join(self, user: str, display: str, code: str) -> list[Reply]:
        """A worker joins with a code (or a link carrying it); invalid and revoked codes are refused."""
        team = self.store.team_by_code(code_hash(code)) if code.strip() else None
        if team is None:
            raise Refused("bad_code")
        self.store.remember_user(user, display)
        if not self.store.add_member(team["id"], user):
            self.store.set_current_team(user, team["id"])
            return self._note("already_member", team=team["name"])
        self.store.set_current_team(user, team["id"])
        told = [
            Reply("note", self.text("member_joined", name=display, team=team["name"]), to=m["user"])
            for m in self.store.members(team["id"])
            if m["role"] == "supervisor" and m["user"] != user
        ]
        return self._note("joined", team=team["name"]) + told

    @refusals_as_notes
    def new_code(self, user: str) -> list[Reply]:
        """A supervisor replaces the join code; the old one stops working."""
        team = self._supervised(user)
        code = secrets.token_urlsafe(12)
        self.store.set_code(team["id"], code_hash(code))
        return self._note("code_rotated", team=team["name"], code=code, link=self.join_link.format(code=code))

    @refusals_as_notes
    def revoke_code(self, user: str) -> list[Reply]:
        """A supervisor stops anyone joining until they make a new code."""
        team = self._supervised(user)
        self.store.set_code(team["id"], None)
        return self._note("code_revoked", team=team["name"])

    @refusals_as_notes
    def my_teams(self, user: str) -> list[Reply]:
        """The person's teams and roles, with a button to act on each."""
        teams = self.store.teams_of(user)
        if not teams:
            return self._note("no_teams")
        current = self.current(user)
        lines = [
            self.text(
                "team_line",
                team=t["name"],
                role=self.text(f"role_{t['role']}"),
                current=self.text("current_mark") if t["id"] == current else "",
            )
            for t in teams
        ]
        rows = tuple((Button(self.text("btn_use_team", team=t["name"]), "team", str(t["id"])),) for t in teams)
        return [Reply("text", self.text("teams_list", teams="\n".join(lines)), buttons=rows)]

    @refusals_as_notes
    def use_team(self, user: str, team_id: int) -> list[Reply]:
        """Act on another of the person's teams from now on."""
        team = self._in_team(user, team_id)
        self.store.set_current_team(user, team_id)
        return self._note("team_chosen", team=team["name"])

    # --- members -------------------------------------------------------------------------------

    @refusals_as_notes
    def choose_member(self, user: str, action: str) -> list[Reply]:
        """Buttons, one per other member, to remove them or make them a co-supervisor."""
        team = self._supervised(user)
        others = [m for m in self.store.members(team["id"]) if m["user"] != user]
        if action == "co" or (action == "rm" and self.lead(team) != user):
            others = [m for m in others if m["role"] != "supervisor"]  # only the lead removes supervisors
        if not others:
            return self._note("no_one_to_choose", team=team["name"])
        rows = tuple((Button(m["name"] or self.text("unnamed"), action, str(m["id"])),) for m in others)
        return [Reply("text", self.text(f"choose_{action}", team=team["name"]), buttons=rows)]

    @refusals_as_notes
    def remove(self, user: str, member_id: int) -> list[Reply]:
        """A supervisor removes a member, who loses access at once and is told."""
        member, team = self._member(user, member_id)
        if member["user"] == user:
            raise Refused("use_leave")
        if member["role"] == "supervisor" and self.lead(team) != user:
            raise Refused("only_lead_removes_supervisors", team=team["name"])
        self.store.remove_member(team["id"], member["user"])
        told = Reply("note", self.text("you_were_removed", team=team["name"]), to=member["user"])
        return self._note("member_removed", name=member["name"], team=team["name"]) + [told]

    @refusals_as_notes
    def make_cosupervisor(self, user: str, member_id: int) -> list[Reply]:
        """A supervisor makes a member a co-supervisor, who is told."""
        member, team = self._member(user, member_id)
        self.store.set_role(team["id"], member["user"], "supervisor")
        told = Reply("note", self.text("you_are_cosupervisor", team=team["name"]), to=member["user"])
        return self._note("cosupervisor_made", name=member["name"], team=team["name"]) + [told]

    @refusals_as_notes
    def choose_leave(self, user: str) -> list[Reply]:
        """Buttons, one per team, to leave it."""
        teams = self.store.teams_of(user)
        if not teams:
            return self._note("no_teams")
        rows = tuple((Button(self.text("btn_leave", team=t["name"]), "leave", str(t["id"])),) for t in teams)
        return [Reply("text", self.text("choose_leave"), buttons=rows)]

    @refusals_as_notes
    def leave(self, user: str, team_id: int) -> list[Reply]:
        """Leave a team: access ends at once, and what was shared with it is withdrawn."""
        role = self.store.role(team_id, user)
        team = self._in_team(user, team_id)
        members = self.store.members(team_id)
        if role == "supervisor" and len(members) > 1 and sum(m["role"] == "supervisor" for m in members) == 1:
            raise Refused("last_supervisor", team=team["name"])
        self.store.remove_member(team_id, user)
        return self._note("left_team", team=team["name"])
