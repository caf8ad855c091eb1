"""Reflection prompts a supervisor sends to their team, now or on a repeating schedule, and the answers shared.

A schedule is written 'weekly mon 09:00 TEXT', 'daily 17:00 TEXT' or
'weekdays 17:00 TEXT', in the team's time zone; the front end keeps the clock.
"""

from __future__ import annotations

import re

from ..replies import Button, Refused, Reply
from ..service import refusals_as_notes
from .team_access import TeamService

TIMEZONE = "Europe/London"
DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # PTB's JobQueue numbers days 0-6 from Sunday
PROMPTS_SHOWN = 5
SCHEDULE = re.compile(
    r"(weekly|daily|weekdays)\s+(?:([A-Za-z]+)\s+)?([01]?\d|2[0-3]):([0-5]\d)\s+(\S.*)", re.IGNORECASE | re.DOTALL
)


class Prompts(TeamService):
    """Send prompts, show the answers shared with the team, and keep repeating prompts."""

    # --- prompts -------------------------------------------------------------------------------

    @refusals_as_notes
    def send_prompt(self, user: str, text: str) -> list[Reply]:
        """A supervisor sends a reflection prompt to everyone else in the team, now."""
        team = self._supervised(user)
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

    def prompt_to_answer(self, user: str, prompt_id: int) -> dict:
        """The prompt a member may answer (they must be in its team now); refused if they may not."""
        prompt = self.store.prompt(prompt_id)
        if prompt is None or self.store.role(prompt["team_id"], user) is None:
            raise Refused("prompt_gone")
        return prompt

    def answer_prompt(self, user: str, prompt_id: int) -> tuple[dict | None, list[Reply]]:
        """(the prompt, []) if the member may answer it, else (None, the refusal's note).

        The older form of ``prompt_to_answer``, kept for callers that test the pair.
        """
        try:
            return self.prompt_to_answer(user, prompt_id), []
        except Refused as refused:
            return None, self.refusal(refused)

    @refusals_as_notes
    def responses(self, user: str) -> list[Reply]:
        """The team's latest prompts, each with the answers members shared."""
        team = self._supervised(user)
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

    @refusals_as_notes
    def add_schedule(self, user: str, spec: str) -> list[Reply]:
        """A supervisor sets a repeating prompt: 'weekly mon 09:00 TEXT', 'daily 17:00 TEXT' or 'weekdays …'.

        The reply carries the stored schedule as ``data["schedule"]``, for the front end to put on its clock.
        """
        team = self._supervised(user)
        parsed = parse_schedule(spec)
        if parsed is None:
            return self._note("schedule_usage", timezone=TIMEZONE)
        days, at, text = parsed
        schedule_id = self.store.add_schedule(team_id=team["id"], text=text, days=days, at=at, user=user)
        schedule = self.store.schedule(schedule_id)
        assert schedule is not None  # just kept, in this same thread
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

    @refusals_as_notes
    def list_schedules(self, user: str) -> list[Reply]:
        """The team's repeating prompts, each with a button to stop it."""
        team = self._supervised(user)
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

    @refusals_as_notes
    def stop_schedule(self, user: str, schedule_id: int) -> list[Reply]:
        """A supervisor of the schedule's team stops it (``data["unschedule"]`` tells the front end's clock)."""
        schedule = self.store.schedule(schedule_id)
        if schedule is None:
            raise Refused("schedule_gone")
        self._supervised(user, schedule["team_id"])
        self.store.delete_schedule(schedule_id)
        return [Reply("note", self.text("schedule_stopped"), data={"unschedule": schedule_id})]

    def fire(self, schedule_id: int) -> list[Reply]:
        """Send a scheduled prompt now: from its maker, or, if they have gone, from a supervisor still there."""
        schedule = self.store.schedule(schedule_id)
        if schedule is None:
            return []
        chiefs, team = self._chiefs(schedule["team_id"]), self.store.team(schedule["team_id"])
        if not chiefs or team is None:
            return []
        sender = schedule["created_by"] if schedule["created_by"] in chiefs else chiefs[0]
        return self._prompt(team, sender, schedule["text"], schedule_id)


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
