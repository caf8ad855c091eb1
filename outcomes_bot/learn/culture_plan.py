"""The culture star's action plan: an action for one of the lowest points, step by step, and its review.

A supervisor presses "Add an action" under the star and answers four short
questions: what, whose job, by when (a date) and what evidence will show it
worked. The half-written action is the supervisor's pending input (kind
``culture``), so a restart loses nothing and ``/cancel`` keeps nothing. On the
by-when date the supervisor is asked for a red, amber or green review, kept
with the action (at the flow's review hour, UK time; a date of today whose
hour has passed is asked the next day, not the moment it is saved).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from zoneinfo import ZoneInfo

from ..replies import Button, Reply
from ..team.teams import TIMEZONE
from .culture_rounds import REVIEW, CultureRounds
from .culture_star import say

PENDING = "culture"  # the store's pending kind while an action is being written
STEPS = ("what", "who", "by_when", "evidence")
RAG = {"r": "red", "a": "amber", "g": "green"}
EXAMPLE_DAYS = 28  # the example date offered: four weeks from today
UK = ZoneInfo(TIMEZONE)


def uk_now() -> dt.datetime:
    """The time now, UK time (dates typed by people are UK dates, whatever the server's clock says)."""
    return dt.datetime.now(UK)


def review_due(when: dt.date, hour: int, moment: dt.datetime) -> dt.datetime:
    """When to ask for an action's review (UTC): ``hour`` UK time on ``when``, or the next day's if that has passed."""
    due = dt.datetime.combine(when, dt.time(hour), UK)
    if due <= moment:
        due = dt.datetime.combine(moment.astimezone(UK).date() + dt.timedelta(days=1), dt.time(hour), UK)
    return due.astimezone(dt.timezone.utc)


def read_date(text: str, today: dt.date) -> dt.date | None:
    """A date from today on, written 2025-07-31, 31/07/2025, 31/7/25 or 31-07-2025; None if it is not one."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            year, month, day = (int(p) for p in text.split("-"))
        elif match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text):
            day, month, year = (int(p) for p in match.groups())
            year += 2000 if year < 100 else 0
        else:
            return None
        when = dt.date(year, month, day)
    except ValueError:
        return None
    return when if today <= when <= today + dt.timedelta(days=3 * 366) else None


class CultureStar(CultureRounds):
    """The culture star with its action plan: an action is written as the supervisor's pending input."""

    def begin_action(self, user: str, round_id: int, index: int) -> list[Reply] | None:
        """'Add an action' for one point: ask what will be done, with the guide's ideas."""
        flow = self.flows.culture
        round_ = self.store.culture_round(round_id)
        if not 0 <= index < len(flow.points):
            return None
        if round_ is None or self.store.role(round_["team_id"], user) != "supervisor":
            return self.said("round_gone")
        point = flow.points[index]
        state = {"round": round_id, "point": point.id, "step": 0, "answers": {}, "nonce": secrets.token_hex(4)}
        stopped = self.replacing(user, PENDING)  # an unfinished conversation of another kind: said, not lost silently
        self.store.set_pending(user, PENDING, state)
        ideas = "\n".join(f"• {idea}" for idea in flow.ideas)
        return stopped + self.said("ask_what", point=point.name, description=point.description, ideas=ideas)

    def answer(self, user: str, text: str, state: dict) -> list[Reply]:
        """The next answer while writing an action (``state``: the pending input, routed here by the inbox)."""
        flow = self.flows.culture
        text = text.strip()
        if not text:
            return self.said("empty")
        if len(text) > flow.text_max:
            return self.said("too_long", length=len(text), max=flow.text_max)
        step = STEPS[state["step"]]
        if step == "by_when":
            when = read_date(text, uk_now().date())
            if when is None:
                return self.said("bad_date", date=text[:40], example=self._example())
            text = when.isoformat()
        state["answers"][step] = text
        state["step"] += 1
        if state["step"] < len(STEPS):
            self.store.set_pending(user, PENDING, state)
            following = STEPS[state["step"]]
            return (
                self.said("ask_when", example=self._example())
                if following == "by_when"
                else self.said(f"ask_{following}")
            )
        return self._save(user, state)

    def _example(self) -> str:
        """An example date for 'by when?', four weeks from today."""
        return (uk_now().date() + dt.timedelta(days=EXAMPLE_DAYS)).strftime("%d/%m/%Y")

    def _save(self, user: str, state: dict) -> list[Reply]:
        """Keep the action, stop writing, and say when its review will be asked for."""
        flow = self.flows.culture
        self.store.clear_pending(user)
        answers = state["answers"]
        due = review_due(dt.date.fromisoformat(answers["by_when"]), flow.review_hour, uk_now())
        action = {"round_id": state["round"], "point": state["point"], "created_by": user, "due_at": due.isoformat()}
        action_id = self.store.add_culture_action({**action, **answers})
        name = flow.point(state["point"]).name
        saved = say(flow, "action_saved", point=name, when=due.astimezone(UK).strftime("%d/%m/%Y"))
        return [Reply("note", saved, data={"culture_review": action_id, "due_at": due.isoformat()})]

    def review_ask(self, action_id: int) -> list[Reply]:
        """The by-when date has come: ask whoever wrote the action for a red, amber or green review."""
        action = self.store.culture_action(action_id)
        if action is None or action["rag"] or not action["created_by"]:
            return []
        flow = self.flows.culture
        row = tuple(Button(say(flow, f"btn_{rag}"), REVIEW, f"{action_id}.{key}") for key, rag in RAG.items())
        values = {
            "what": action["what"],
            "who": action["who"],
            "when": action["by_when"],
            "evidence": action["evidence"],
        }
        text = say(flow, "review_ask", point=flow.point(action["point"]).name, **values)
        return [Reply("text", text, buttons=tuple((b,) for b in row), to=action["created_by"])]

    def review(self, user: str, action_id: int, key: str) -> list[Reply] | None:
        """Keep a red, amber or green review: by the action's writer or a supervisor of its team."""
        if key not in RAG:
            return None
        action = self.store.culture_action(action_id)
        if action is None:
            return self.said("action_gone")
        if action["created_by"] != user and self.store.role(action["team_id"], user) != "supervisor":
            return None
        self.store.review_culture_action(action_id, RAG[key])
        return self.said("reviewed", rag=say(self.flows.culture, f"rag_{RAG[key]}"))
