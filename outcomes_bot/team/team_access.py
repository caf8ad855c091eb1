"""Who may do what in a team: the rules every team command checks, against the database, when it is asked.

An admin makes a team; a supervisor of *that* team does anything a supervisor
does; its creator (or, once they have gone, its longest-standing supervisor)
removes a supervisor. A rule that says no raises ``Refused``.
"""

from __future__ import annotations

import hashlib

from ..content.flows import Flows
from ..replies import Refused
from ..service import Service
from ..store.database import Store


def code_hash(code: str) -> str:
    """What is kept of a join code: its SHA-256, so the database never holds a working code."""
    return hashlib.sha256(code.strip().encode()).hexdigest()


class TeamService(Service):
    """What the team engines share: the admins, the join link, and the checks of who may."""

    def __init__(self, flows: Flows, store: Store, admins: frozenset[str] = frozenset(), join_link: str = "{code}"):
        super().__init__(flows, store)
        self.admins = admins
        self.join_link = join_link  # e.g. https://t.me/<bot>?start={code}

    def current(self, user: str) -> int | None:
        """The team the person's team commands act on: the one they chose, or their first."""
        team_id = self.store.current_team(user)
        if team_id is None:
            teams = self.store.teams_of(user)
            if teams:
                team_id = teams[0]["id"]
                self.store.set_current_team(user, team_id)
        return team_id

    def _supervised(self, user: str, team_id: int | None = None) -> dict:
        """The team (current, or the one given) that the person supervises; refused if they do not."""
        team_id = self.current(user) if team_id is None else team_id
        team = None if team_id is None or self.store.role(team_id, user) != "supervisor" else self.store.team(team_id)
        if team is None:
            raise Refused("not_supervisor")
        return team

    def _member(self, user: str, member_id: int) -> tuple[dict, dict]:
        """A membership and its team, if the person asking supervises that team; refused if not."""
        member = self.store.member(member_id)
        if member is None:
            raise Refused("member_gone")
        return member, self._supervised(user, member["team_id"])

    def _in_team(self, user: str, team_id: int) -> dict:
        """A team the person belongs to; refused if they do not."""
        team = self.store.team(team_id) if self.store.role(team_id, user) is not None else None
        if team is None:
            raise Refused("not_in_that_team")
        return team

    def lead(self, team: dict) -> str | None:
        """Who may remove a team's supervisors: its creator, or once they have gone, its longest-standing supervisor.

        A co-supervisor may remove workers but not the creator nor another supervisor; as no one can
        remove themselves, the last supervisor is never removed.
        """
        chiefs = [m for m in self.store.members(team["id"]) if m["role"] == "supervisor"]
        if any(m["user"] == team["created_by"] for m in chiefs):
            return team["created_by"]
        return min(chiefs, key=lambda m: m["id"])["user"] if chiefs else None

    def _chiefs(self, team_id: int) -> list[str]:
        """A team's supervisors, in the order the store lists members."""
        return [m["user"] for m in self.store.members(team_id) if m["role"] == "supervisor"]
