"""The second pass over ``flows/nudges.yaml``.

``check_nudges`` holds the reminder hours to the day (the earliest no later
than the latest; the schema already keeps both between 08:00 and 20:00) and
every text to the names the program fills in.
"""

from __future__ import annotations

import re

from .schema_learn_nudges import NudgeMessages, NudgesFlow
from .yamlsource import FlowError, Source

PLACEHOLDERS = {  # message key -> the names the program fills in; a key not listed takes none
    "remind_ask_hour": {"day"},
    "remind_set": {"day", "hour"},
    "remind_now": {"day", "hour"},
    "remind_night": {"earliest", "latest"},
    "remind_usage": {"earliest", "latest"},
    "reminder": {"person", "scenario"},
    "btn_day": {"day"},
    "btn_hour": {"hour"},
    "btn_practise_with": {"person"},
    "share_choose": {"teams"},
    "shared": {"team"},
    "already_shared": {"team"},
    "unshared": {"team"},
    "share_status": {"teams"},
    "btn_share_team": {"team"},
    "btn_unshare_team": {"team"},
    "team_too_few": {"team", "count", "threshold"},
    "team_title": {"team"},
    "team_caption": {"team", "count"},
    "team_line": {"measure", "first", "last", "sessions"},
    "team_workers": {"team"},
    "worker_title": {"name"},
    "worker_caption": {"name", "sessions"},
    "worker_line": {"measure", "first", "last"},
}


def check_nudges(src: Source, flow: NudgesFlow, errors: list[FlowError]) -> NudgesFlow:
    """The earliest hour is no later than the latest; every text fills in only its own names. The flow, as checked."""
    if flow.hours.earliest > flow.hours.latest:
        fix = "make 'earliest' no later than 'latest' (both between 8 and 20)"
        errors.append(src.error(("hours", "earliest"), "the earliest hour is after the latest", fix))
    for key in NudgeMessages.model_fields:
        text = getattr(flow.messages, key)
        names = PLACEHOLDERS.get(key, set())
        for name in re.findall(r"\{([^{}]*)\}", text):
            if name not in names:
                allowed = ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"
                fix = f"use only these here: {allowed}"
                errors.append(src.error(("messages", key), f"unknown placeholder '{{{name}}}'", fix))
    return flow
