"""Nudges the worker controls: a weekly reminder to practise, on the day and at the hour they pick.

``/remind`` shows what is set and offers the days; a day's button offers its
hours, and an hour's button sets the reminder; ``/remind off`` (or its button)
turns it off at once. Only the hours in ``flows/nudges.yaml`` (08:00 to 20:00 UK
time at the widest: the schema allows no other) are offered, and no other is
accepted, typed (``/remind mon 18``) or from a forged button. The reminder
names the next person suggested for the worker (``progress.next``; anyone, if
they have not practised yet), with a button that starts practising with them.
A reply that sets or clears a reminder carries ``remind`` or ``unremind`` in its
data, for the front end to put it on its clock or take it off.
"""

from __future__ import annotations

import re

from ..replies import Button, Refused, Reply
from ..service import Service, refusals_as_notes
from ..team.teams import DAYS
from .progress import progress

DAY_ROW, HOUR_ROW = 4, 4  # buttons per row: days, hours
TYPED = re.compile(r"^([a-z]{3})[a-z]*\s+(\d{1,2})(?::00)?(?:\s*([ap]m))?$")  # 'mon 18', 'monday 6pm', 'tue 09:00'


class Declined(Refused):
    """A refusal whose note is one of the nudges' own messages (``flows/nudges.yaml``), not messages.yaml's."""


class NudgeService(Service):
    """What the nudges' engines share: their own messages, and refusals answered from them."""

    def say(self, key: str, **values: object) -> str:
        """One of the nudges' messages (``flows/nudges.yaml``), filled in."""
        return str(getattr(self.flows.nudges.messages, key)).format(**values)

    def refusal(self, refused: Refused) -> list[Reply]:
        """A refusal's note: the nudges' own message (``Declined``), or else one from messages.yaml."""
        if isinstance(refused, Declined):
            return [Reply("note", self.say(refused.key, **refused.values))]
        return super().refusal(refused)


class Nudges(NudgeService):
    """Set, show and turn off a worker's weekly reminder, and say what it says when it comes."""

    def hours(self) -> range:
        """The hours a reminder may be set for (UK time): never at night."""
        window = self.flows.nudges.hours
        return range(window.earliest, window.latest + 1)

    def when(self, day: int, hour: int) -> dict[str, str]:
        """A reminder's day and hour in words."""
        return {"day": self.text(f"day_{DAYS[day]}"), "hour": f"{hour:02d}:00"}

    @refusals_as_notes
    def command(self, user: str, arg: str = "") -> list[Reply]:
        """/remind: what is set and the days; /remind off; or /remind DAY HOUR typed."""
        arg = " ".join(arg.lower().split())
        if not arg:
            return self.ask(user)
        if arg == "off":
            return self.off(user)
        typed = TYPED.match(arg)
        if typed is None or typed.group(1) not in DAYS:
            raise Declined("remind_usage", **self._window())
        hour = int(typed.group(2)) % 12 + 12 * (typed.group(3) == "pm") if typed.group(3) else int(typed.group(2))
        return self.set(user, DAYS.index(typed.group(1)), hour)

    def ask(self, user: str) -> list[Reply]:
        """What is set (or that nothing is), with a button for each day and, if one is set, 'off'."""
        current = self.store.reminder(user)
        days = [Button(self.say("btn_day", day=self.text(f"day_{d}")), "rmday", str(DAYS.index(d))) for d in DAYS]
        week = days[1:] + days[:1]  # Monday first, as a week is read in the UK
        rows = [tuple(week[i : i + DAY_ROW]) for i in range(0, len(week), DAY_ROW)]
        if current is None:
            return [Reply("text", self.say("remind_none"), buttons=tuple(rows))]
        rows.append((Button(self.say("btn_remind_off"), "rmoff", "now"),))
        text = self.say("remind_now", **self.when(current["day"], current["hour"]))
        return [Reply("text", text, buttons=tuple(rows))]

    @refusals_as_notes
    def day(self, user: str, day: int) -> list[Reply]:
        """A day chosen: the hours it may be at, as buttons."""
        if not 0 <= day < len(DAYS):
            raise Refused("bad_button")
        hours = [Button(self.say("btn_hour", hour=f"{h:02d}:00"), "rmset", f"{day}.{h}") for h in self.hours()]
        rows = tuple(tuple(hours[i : i + HOUR_ROW]) for i in range(0, len(hours), HOUR_ROW))
        return [Reply("text", self.say("remind_ask_hour", day=self.when(day, 0)["day"]), buttons=rows)]

    @refusals_as_notes
    def set(self, user: str, day: int, hour: int) -> list[Reply]:
        """Keep the reminder, if its hour is not at night; the reply puts it on the clock."""
        if not 0 <= day < len(DAYS):
            raise Refused("bad_button")
        if hour not in self.hours():
            raise Declined("remind_night", **self._window())
        self.store.set_reminder(user, day, hour)
        data = {"remind": {"user": user, "day": day, "hour": hour}}
        return [Reply("note", self.say("remind_set", **self.when(day, hour)), data=data)]

    def off(self, user: str) -> list[Reply]:
        """Turn the reminder off now; the reply takes it off the clock."""
        if not self.store.clear_reminder(user):
            return [Reply("note", self.say("remind_was_off"), data={"unremind": user})]
        return [Reply("note", self.say("remind_off"), data={"unremind": user})]

    def _window(self) -> dict[str, str]:
        """The first and last hours offered, in words."""
        return {"earliest": f"{self.hours()[0]:02d}:00", "latest": f"{self.hours()[-1]:02d}:00"}

    def reminder(self, user: str) -> list[Reply]:
        """The reminder itself, to the worker: the next person suggested, with a button to start; none if it is off."""
        if self.store.reminder(user) is None:
            return []
        scenario = self.suggested(user)
        off = Button(self.say("btn_remind_off"), "rmoff", "now")
        if scenario is None:
            choose = Button(self.text("btn_practice"), "menu", "practice")
            return [Reply("text", self.say("reminder_any"), buttons=((choose,), (off,)), to=user)]
        found = self.flows.scenarios[scenario]
        text = self.say("reminder", person=found.person.name, scenario=found.title)
        start = Button(self.say("btn_practise_with", person=found.person.name), "pick", scenario)
        return [Reply("text", text, buttons=((start,), (off,)), to=user)]

    def suggested(self, user: str) -> str | None:
        """Who to practise with next: progress's suggestion, or (no practice yet) the first scenario; None if none."""
        if self.store.practice_summaries(user):
            scenario = progress(self.store, self.flows, user).next.get("scenario")
            if scenario in self.flows.scenarios:
                return str(scenario)
        return next(iter(sorted(self.flows.scenarios)), None)
