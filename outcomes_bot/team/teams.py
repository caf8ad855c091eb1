"""Teams: supervisors, workers, join codes, reflection prompts and what supervisors may see.

Every method checks, against the database at the moment it is asked, that
the person asking may do it: an admin to make a team, a supervisor of *that*
team for anything a supervisor does, and its creator (or, once they have
gone, its longest-standing supervisor) to remove a supervisor. Supervisors
see only what members chose to share with their team, and practice figures
(never practice text). A member who is removed or leaves loses access at
once, and what they had shared with the team is withdrawn.

``Teams`` is put together from three parts: ``team_members`` (making,
joining, roles), ``team_prompts`` (prompts and schedules) and
``team_oversight`` (what supervisors see), over the checks in ``team_access``.
"""

from __future__ import annotations

from .team_access import code_hash
from .team_members import Membership
from .team_oversight import PAGE, Oversight, cell
from .team_prompts import DAYS, PROMPTS_SHOWN, SCHEDULE, TIMEZONE, Prompts, parse_schedule

__all__ = [
    "DAYS",
    "PAGE",
    "PROMPTS_SHOWN",
    "SCHEDULE",
    "TIMEZONE",
    "Teams",
    "cell",
    "code_hash",
    "parse_schedule",
]


class Teams(Membership, Prompts, Oversight):
    """Teams and their members, prompts and schedules, and the supervisor's views."""
