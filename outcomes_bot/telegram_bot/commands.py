"""Every command the bot answers, in the order its menu shows them."""

from __future__ import annotations

from telegram import Update

from . import culture_handlers as culture
from . import handlers as h
from . import learn_handlers as learn
from . import nudge_handlers as n
from . import progress_handlers as pr
from . import quiz_handlers as q
from . import strengths_handlers as s
from . import team_handlers as t
from .context import Context, Step

COMMANDS: dict[str, Step] = {
    "start": h.start,
    "practice": h.practice,
    "end": h.end,
    "hint": h.hint,
    "think": h.think,
    "cancel": h.cancel,
    "reflect": t.reflect,
    "card": t.card,
    "myreflections": t.myreflections,
    "prep": t.prep,
    "risk": t.risk,
    "strengths": s.strengths,
    "progress": pr.progress,
    "focus": pr.focus,
    "record": learn.record,
    "outcome": learn.outcome,
    "quiz": q.quiz,
    "remind": n.remind,
    "shareprogress": n.shareprogress,
    "stopsharing": n.stopsharing,
    "join": t.join,
    "teams": t.my_teams,
    "leave": t.leave,
    "team": t.team,
    "reflections": t.reflections,
    "responses": t.responses,
    "prompt": t.prompt,
    "schedule": t.schedule,
    "schedules": t.schedules,
    "culturestar": culture.culturestar,
    "teamprogress": n.teamprogress,
    "export": t.export,
    "remove": t.remove,
    "cosupervisor": t.cosupervisor,
    "newcode": t.newcode,
    "revokecode": t.revokecode,
    "newteam": t.newteam,
    "help": h.help_command,
    "privacy": h.privacy,
    "mydata": h.mydata,
    "forget": h.forget,
}
MENU = (  # what the command menu lists: what everyone uses (supervisors' commands are in /help)
    "start",
    "practice",
    "end",
    "hint",
    "think",
    "cancel",
    "reflect",
    "card",
    "myreflections",
    "prep",
    "risk",
    "strengths",
    "progress",
    "focus",
    "record",
    "outcome",
    "quiz",
    "remind",
    "join",
    "teams",
    "help",
    "privacy",
    "mydata",
    "forget",
)
EVERYWHERE = ("help", "privacy", "quiz")  # commands that also answer in groups; the rest are one to one


async def command_as_text(update: Update, context: Context) -> None:
    """A '/command' that came without Telegram's command marking (some clients and test servers): run it."""
    name, *args = (h.message_of(update).text or "")[1:].split()
    context.args = args
    await COMMANDS.get(name.split("@")[0].lower(), h.unknown_command)(update, context)
