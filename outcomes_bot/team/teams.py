"""Teams: supervisors, workers, join codes, reflection prompts and what supervisors may see.

Every method checks, against the database at the moment it is asked, that
the person asking may do it: an admin to make a team, a supervisor of *that*
team for anything a supervisor does, and its creator (or, once they have
gone, its longest-standing supervisor) to remove a supervisor. Supervisors
see only what members chose to share with their team, and practice figures
(never practice text). A member who is removed or leaves loses access at
once, and what they had shared with the team is withdrawn.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets

from ..replies import Button, Reply
from ..service import Service

TIMEZONE = "Europe/London"
DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # PTB's JobQueue numbers days 0-6 from Sunday
PAGE = 5
PROMPTS_SHOWN = 5
SCHEDULE = re.compile(
    r"(weekly|daily|weekdays)\s+(?:([A-Za-z]+)\s+)?([01]?\d|2[0-3]):([0-5]\d)\s+(\S.*)", re.IGNORECASE | re.DOTALL
)


def code_hash(code: str) -> str:
    """What is kept of a join code: its SHA-256, so the database never holds a working code."""
    return hashlib.sha256(code.strip().encode()).hexdigest()


class Teams(Service):
    """Teams and their members, prompts and schedules, and the supervisor's views."""

    def __init__(self, flows, store, admins: frozenset[str] = frozenset(), join_link: str = "{code}"):
        super().__init__(flows, store)
        self.admins = admins
        self.join_link = join_link  # e.g. https://t.me/<bot>?start={code}

    # --- who may do what ----------------------------------------------------------------------

    def current(self, user: str) -> int | None:
        """The team the person's team commands act on: the one they chose, or their first."""
        team_id = self.store.current_team(user)
        if team_id is None:
            teams = self.store.teams_of(user)
            if teams:
                team_id = teams[0]["id"]
                self.store.set_current_team(user, team_id)
        return team_id

    def _supervising(self, user: str, team_id: int | None = None) -> tuple[dict | None, list[Reply]]:
        """The team (current, or the one given) if the person supervises it; else the refusal."""
        team_id = self.current(user) if team_id is None else team_id
        if team_id is None or self.store.role(team_id, user) != "supervisor":
            return None, self._note("not_supervisor")
        return self.store.team(team_id), []

    # --- making and joining teams ---------------------------------------------------------------

    def new_team(self, user: str, display: str, name: str) -> list[Reply]:
        """An admin makes a team and becomes its supervisor; they get its join link and code."""
        if user not in self.admins:
            return self._note("not_admin")
        name = " ".join(name.split())
        if not 1 <= len(name) <= 60:
            return self._note("team_name_needed")
        self.store.remember_user(user, display)
        code = secrets.token_urlsafe(12)
        team_id = self.store.create_team(name, user, code_hash(code))
        self.store.set_current_team(user, team_id)
        return self._note("team_made", team=name, code=code, link=self.join_link.format(code=code))

    def join(self, user: str, display: str, code: str) -> list[Reply]:
        """A worker joins with a code (or a link carrying it); invalid and revoked codes are refused."""
        team = self.store.team_by_code(code_hash(code)) if code.strip() else None
        if team is None:
            return self._note("bad_code")
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

    def new_code(self, user: str) -> list[Reply]:
        """A supervisor replaces the join code; the old one stops working."""
        team, refusal = self._supervising(user)
        if refusal:
            return refusal
        code = secrets.token_urlsafe(12)
        self.store.set_code(team["id"], code_hash(code))
        return self._note("code_rotated", team=team["name"], code=code, link=self.join_link.format(code=code))

    def revoke_code(self, user: str) -> list[Reply]:
        """A supervisor stops anyone joining until they make a new code."""
        team, refusal = self._supervising(user)
        if refusal:
            return refusal
        self.store.set_code(team["id"], None)
        return self._note("code_revoked", team=team["name"])

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

    def use_team(self, user: str, team_id: int) -> list[Reply]:
        """Act on another of the person's teams from now on."""
        if self.store.role(team_id, user) is None:
            return self._note("not_in_that_team")
        self.store.set_current_team(user, team_id)
        return self._note("team_chosen", team=self.store.team(team_id)["name"])

    # --- members -------------------------------------------------------------------------------

    def choose_member(self, user: str, action: str) -> list[Reply]:
        """Buttons, one per other member, to remove them or make them a co-supervisor."""
        team, refusal = self._supervising(user)
        if refusal:
            return refusal
        others = [m for m in self.store.members(team["id"]) if m["user"] != user]
        if action == "co" or (action == "rm" and self.lead(team) != user):
            others = [m for m in others if m["role"] != "supervisor"]  # only the lead removes supervisors
        if not others:
            return self._note("no_one_to_choose", team=team["name"])
        rows = tuple((Button(m["name"] or self.text("unnamed"), action, str(m["id"])),) for m in others)
        return [Reply("text", self.text(f"choose_{action}", team=team["name"]), buttons=rows)]

    def _member(self, user: str, member_id: int) -> tuple[dict | None, dict | None, list[Reply]]:
        """A membership and its team, if the person asking supervises that team; else the refusal."""
        member = self.store.member(member_id)
        if member is None:
            return None, None, self._note("member_gone")
        team, refusal = self._supervising(user, member["team_id"])
        return member, team, refusal

    def remove(self, user: str, member_id: int) -> list[Reply]:
        """A supervisor removes a member, who loses access at once and is told."""
        member, team, refusal = self._member(user, member_id)
        if refusal:
            return refusal
        if member["user"] == user:
            return self._note("use_leave")
        if member["role"] == "supervisor" and self.lead(team) != user:
            return self._note("only_lead_removes_supervisors", team=team["name"])
        self.store.remove_member(team["id"], member["user"])
        told = Reply("note", self.text("you_were_removed", team=team["name"]), to=member["user"])
        return self._note("member_removed", name=member["name"], team=team["name"]) + [told]

    def lead(self, team: dict) -> str | None:
        """Who may remove a team's supervisors: its creator, or once they have gone, its longest-standing supervisor.

        A co-supervisor may remove workers but not the creator nor another supervisor; as no one can
        remove themselves, the last supervisor is never removed.
        """
        chiefs = [m for m in self.store.members(team["id"]) if m["role"] == "supervisor"]
        if any(m["user"] == team["created_by"] for m in chiefs):
            return team["created_by"]
        return min(chiefs, key=lambda m: m["id"])["user"] if chiefs else None

    def make_cosupervisor(self, user: str, member_id: int) -> list[Reply]:
        """A supervisor makes a member a co-supervisor, who is told."""
        member, team, refusal = self._member(user, member_id)
        if refusal:
            return refusal
        self.store.set_role(team["id"], member["user"], "supervisor")
        told = Reply("note", self.text("you_are_cosupervisor", team=team["name"]), to=member["user"])
        return self._note("cosupervisor_made", name=member["name"], team=team["name"]) + [told]

    def choose_leave(self, user: str) -> list[Reply]:
        """Buttons, one per team, to leave it."""
        teams = self.store.teams_of(user)
        if not teams:
            return self._note("no_teams")
        rows = tuple((Button(self.text("btn_leave", team=t["name"]), "leave", str(t["id"])),) for t in teams)
        return [Reply("text", self.text("choose_leave"), buttons=rows)]

    def leave(self, user: str, team_id: int) -> list[Reply]:
        """Leave a team: access ends at once, and what was shared with it is withdrawn."""
        role = self.store.role(team_id, user)
        if role is None:
            return self._note("not_in_that_team")
        team = self.store.team(team_id)
        members = self.store.members(team_id)
        if role == "supervisor" and len(members) > 1 and sum(m["role"] == "supervisor" for m in members) == 1:
            return self._note("last_supervisor", team=team["name"])
        self.store.remove_member(team_id, user)
        return self._note("left_team", team=team["name"])

    # --- prompts -------------------------------------------------------------------------------

    def send_prompt(self, user: str, text: str) -> list[Reply]:
        """A supervisor sends a reflection prompt to everyone else in the team, now."""
        team, refusal = self._supervising(user)
        if refusal:
            return refusal
        text = text.strip()
        if not text:
            return self._note("prompt_needed")
        return self._prompt(team, user, text)

    def _prompt(self, team: dict, user: str, text: str, schedule_id: int | None = None) -> list[Reply]:
        """Keep a prompt and address it to every other member, each with an 'answer' button."""
        prompt_id = self.store.add_prompt(team["id"], text, user, schedule_id)
        sender = self.store.user_name(user) or self.text("unnamed")
        recipients = [m for m in self.store.members(team["id"]) if m["user"] != user]
        answer = ((Button(self.text("btn_answer_prompt"), "answer", str(prompt_id)),),)
        out = [
            Reply(
                "text",
                self.text("prompt_to_member", name=sender, team=team["name"], prompt=text),
                data={"prompt_id": prompt_id},
                buttons=answer,
                to=m["user"],
            )
            for m in recipients
        ]
        return out + self._note("prompt_sent", team=team["name"], count=len(recipients))

    def answer_prompt(self, user: str, prompt_id: int) -> tuple[dict | None, list[Reply]]:
        """The prompt a member may answer (they must be in its team now), or the refusal."""
        prompt = self.store.prompt(prompt_id)
        if prompt is None or self.store.role(prompt["team_id"], user) is None:
            return None, self._note("prompt_gone")
        return prompt, []

    def responses(self, user: str) -> list[Reply]:
        """The team's latest prompts, each with the answers members shared."""
        team, refusal = self._supervising(user)
        if refusal:
            return refusal
        prompts = self.store.prompts_of(team["id"], PROMPTS_SHOWN)
        if not prompts:
            return self._note("no_prompts", team=team["name"])
        replies = [Reply("note", self.text("responses_header", team=team["name"]))]
        for prompt in prompts:
            answers = self.store.shared_answers(prompt["id"], team["id"])
            lines = [self.text("answer_line", name=a["name"] or self.text("unnamed"), text=a["text"]) for a in answers]
            body = "\n".join(lines) if lines else self.text("no_shared_answers")
            replies.append(
                Reply(
                    "text",
                    self.text("prompt_answers", date=prompt["sent_at"][:10], prompt=prompt["text"], answers=body),
                )
            )
        return replies

    # --- schedules -----------------------------------------------------------------------------

    def add_schedule(self, user: str, spec: str) -> list[Reply]:
        """A supervisor sets a repeating prompt: 'weekly mon 09:00 TEXT', 'daily 17:00 TEXT' or 'weekdays …'.

        The reply carries the stored schedule as ``data["schedule"]``, for the front end to put on its clock.
        """
        team, refusal = self._supervising(user)
        if refusal:
            return refusal
        parsed = parse_schedule(spec)
        if parsed is None:
            return self._note("schedule_usage", timezone=TIMEZONE)
        days, at, text = parsed
        schedule = self.store.schedule(self.store.add_schedule(team["id"], text, days, at, user))
        said = self.text("schedule_set", when=self.when(schedule), team=team["name"], prompt=text)
        return [Reply("note", said, data={"schedule": schedule})]

    def when(self, schedule: dict) -> str:
        """A schedule's days and time, in words."""
        days = schedule["days"].split(",")
        if len(days) == 7:
            named = self.text("every_day")
        elif days == list(DAYS[1:6]):
            named = self.text("weekdays")
        else:
            named = ", ".join(self.text(f"day_{d}") for d in days)
        return self.text("schedule_when", days=named, time=schedule["at"], timezone=TIMEZONE)

    def list_schedules(self, user: str) -> list[Reply]:
        """The team's repeating prompts, each with a button to stop it."""
        team, refusal = self._supervising(user)
        if refusal:
            return refusal
        schedules = self.store.schedules(team["id"])
        if not schedules:
            return self._note("no_schedules", team=team["name"])
        return [
            Reply(
                "text",
                self.text("schedule_line", when=self.when(s), prompt=s["text"]),
                buttons=((Button(self.text("btn_stop_schedule"), "unsched", str(s["id"])),),),
            )
            for s in schedules
        ]

    def stop_schedule(self, user: str, schedule_id: int) -> list[Reply]:
        """A supervisor of the schedule's team stops it (``data["unschedule"]`` tells the front end's clock)."""
        schedule = self.store.schedule(schedule_id)
        if schedule is None:
            return self._note("schedule_gone")
        _, refusal = self._supervising(user, schedule["team_id"])
        if refusal:
            return refusal
        self.store.delete_schedule(schedule_id)
        return [Reply("note", self.text("schedule_stopped"), data={"unschedule": schedule_id})]

    def fire(self, schedule_id: int) -> list[Reply]:
        """Send a scheduled prompt now: from its maker, or, if they have gone, from a supervisor still there."""
        schedule = self.store.schedule(schedule_id)
        if schedule is None:
            return []
        chiefs = [m["user"] for m in self.store.members(schedule["team_id"]) if m["role"] == "supervisor"]
        if not chiefs:
            return []
        sender = schedule["created_by"] if schedule["created_by"] in chiefs else chiefs[0]
        return self._prompt(self.store.team(schedule["team_id"]), sender, schedule["text"], schedule_id)

    # --- what a supervisor sees -----------------------------------------------------------------

    def overview(self, user: str) -> list[Reply]:
        """Members, their practice and how their traps trend: to support people, not to rank them."""
        team, refusal = self._supervising(user)
        if refusal:
            return refusal
        lines = []
        for member in self.store.members(team["id"]):
            sessions = self.store.practice_summaries(member["user"])
            lines.append(
                self.text(
                    "member_line",
                    name=member["name"] or self.text("unnamed"),
                    role=self.text(f"role_{member['role']}"),
                    practice=self._practice(sessions),
                )
            )
        code = self.text("code_active" if team["code_hash"] else "code_off")
        return [
            Reply(
                "text",
                self.text("team_overview", team=team["name"], count=len(lines), code=code, members="\n".join(lines)),
            )
        ]

    def _practice(self, sessions: list[dict]) -> str:
        """One member's practice in words: how often, when last, and whether traps are getting rarer."""
        if not sessions:
            return self.text("no_practice")
        rates = [len(s["report"].get("traps", [])) / s["report"]["turns"] for s in sessions if s["report"].get("turns")]
        said = self.text("practice_count", count=len(sessions), last=sessions[-1]["ended_at"][:10])
        if len(rates) < 2:
            return said
        half = len(rates) // 2
        before, after = sum(rates[:half]) / half, sum(rates[half:]) / (len(rates) - half)
        trend = self.text(
            "trend_fewer" if after < before - 0.05 else "trend_more" if after > before + 0.05 else "trend_same"
        )
        return said + " " + self.text("trap_trend", before=f"{before:.2f}", after=f"{after:.2f}", trend=trend)

    def shared_page(self, user: str, offset: int = 0, team_id: int | None = None) -> list[Reply]:
        """Reflections shared with the team, newest first, a page at a time."""
        team, refusal = self._supervising(user, team_id)
        if refusal:
            return refusal
        total = self.store.count_shared_with(team["id"])
        if total == 0:
            return self._note("no_shared", team=team["name"])
        offset = max(0, min(offset, total - 1))
        items = [
            self.text(
                "shared_item",
                name=r["name"] or self.text("unnamed"),
                date=r["created_at"][:10],
                prompt=self.text("in_answer_to", prompt=r["prompt"]) if r["prompt"] else "",
                text=r["text"],
            )
            for r in self.store.shared_with(team["id"], PAGE, offset)
        ]
        nav = []
        if offset > 0:
            nav.append(Button(self.text("btn_newer"), "page", f"{team['id']}.{max(0, offset - PAGE)}"))
        if offset + PAGE < total:
            nav.append(Button(self.text("btn_older"), "page", f"{team['id']}.{offset + PAGE}"))
        header = self.text(
            "shared_header", team=team["name"], first=offset + 1, last=min(offset + PAGE, total), total=total
        )
        return [Reply("text", header + "\n\n" + "\n\n".join(items), buttons=(tuple(nav),) if nav else ())]

    def export(self, user: str) -> list[Reply]:
        """A CSV of shared reflections and members' practice summaries (figures, never practice text)."""
        team, refusal = self._supervising(user)
        if refusal:
            return refusal
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.text("export_header").split(","))
        for r in self.store.shared_with(team["id"], limit=10**9):
            about = r["prompt"] or self.text(f"reflection_kind_{r['kind']}")
            writer.writerow(
                map(cell, [self.text("export_reflection"), r["name"], r["created_at"], about, r["text"], "", "", ""])
            )
        for member in self.store.members(team["id"]):
            for s in self.store.practice_summaries(member["user"]):
                report = s["report"]
                scenario = self.flows.scenarios.get(s["scenario"])
                traps = " ".join(t["trap"] for t in report.get("traps", []))
                stages = " ".join(str(n) for n in report.get("stages_reached", []))
                writer.writerow(
                    map(
                        cell,
                        [
                            self.text("export_practice"),
                            member["name"],
                            s["ended_at"],
                            scenario.title if scenario else s["scenario"],
                            "",
                            stages,
                            traps,
                            report.get("turns", ""),
                        ],
                    )
                )
        content = out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read it as UTF-8
        name = re.sub(r"[^A-Za-z0-9]+", "-", team["name"]).strip("-").lower() or "team"
        return [
            Reply(
                "file",
                self.text("export_caption", team=team["name"]),
                data={"filename": f"{name}-shared.csv", "content": content},
            )
        ]


def parse_schedule(spec: str) -> tuple[str, str, str] | None:
    """('mon', '09:00', text) from 'weekly mon 09:00 text' (or daily, weekdays); None if it doesn't parse.

    The prompt's own text is kept as written, line breaks and all.
    """
    match = SCHEDULE.fullmatch(spec.strip())
    if not match:
        return None
    how, day, hours, minutes, text = match.groups()
    day = (day or "").lower()[:3]
    if how.lower() == "weekly":
        if day not in DAYS:
            return None
        days = day
    elif day:
        return None
    else:
        days = ",".join(DAYS if how.lower() == "daily" else DAYS[1:6])
    return days, f"{int(hours):02d}:{minutes}", text.strip()


def cell(value: object) -> object:
    """A CSV cell that a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
