"""The shape of ``flows/nudges.yaml``: a worker's weekly reminder, and what supervisors see of shared progress."""

from __future__ import annotations

from pydantic import Field

from .schema import Frozen, Text

DAY_START, NIGHT_START = 8, 21  # UK time: no reminder from 21:00 to 08:00
THRESHOLD_MIN = 3  # fewer sharing than this and a team's median would be one person's trend


class ReminderHours(Frozen):
    """The hours a reminder may be set for (UK time), both offered: never at night."""

    earliest: int = Field(ge=DAY_START, lt=NIGHT_START)
    latest: int = Field(ge=DAY_START, lt=NIGHT_START)


class NudgeMessages(Frozen):
    """Every sentence the reminders and the shared-progress views say. ``{name}`` is filled in by the program."""

    remind_ask_day: Text
    remind_ask_hour: Text
    remind_set: Text
    remind_now: Text
    remind_none: Text
    remind_off: Text
    remind_was_off: Text
    remind_night: Text
    remind_usage: Text
    reminder: Text
    reminder_any: Text
    btn_day: Text
    btn_hour: Text
    btn_remind_off: Text
    btn_practise_with: Text
    share_no_team: Text
    share_choose: Text
    shared: Text
    already_shared: Text
    unshare_choose: Text
    unshared: Text
    not_shared: Text
    share_status: Text
    share_status_none: Text
    btn_share_team: Text
    btn_unshare_team: Text
    btn_share: Text
    team_too_few: Text
    team_title: Text
    team_caption: Text
    team_line: Text
    team_no_sessions: Text
    team_workers: Text
    worker_title: Text
    worker_caption: Text
    worker_line: Text
    worker_no_sessions: Text
    nothing_to_show: Text
    value_none: Text


class NudgesFlow(Frozen):
    """flows/nudges.yaml: reminders and shared progress."""

    hours: ReminderHours
    threshold: int = Field(ge=THRESHOLD_MIN)
    messages: NudgeMessages
