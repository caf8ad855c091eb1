"""Telegram handlers for teams, prompts, reflections and supervision preparation.

Thin, like ``handlers.py``: each passes the person and their words to the
engines (``teams.py``, ``reflections.py``, ``supervision.py``), which decide
who may do what, and shows what they answer. All of them work in private
chats only, so nothing private is ever shown in a group.
"""

from __future__ import annotations

import logging

from telegram import Update

from .context import Context
from .handlers import display_name, join_team, note, rest_of, send, show, who

log = logging.getLogger(__name__)


async def newteam(update: Update, context: Context) -> None:
    """/newteam NAME: an admin makes a team and becomes its supervisor."""
    log.info("update %s: /newteam", update.update_id)
    await show(update, context, context.bot_data.teams.new_team(who(update), display_name(update), rest_of(update)))


async def join(update: Update, context: Context) -> None:
    """/join CODE: join a team."""
    if not context.args:
        await send(update, context, [note(context, "join_usage")])
        return
    await join_team(update, context, context.args[0])


async def my_teams(update: Update, context: Context) -> None:
    """/teams: your teams and roles; choose which one team commands act on."""
    await show(update, context, context.bot_data.teams.my_teams(who(update)))


async def leave(update: Update, context: Context) -> None:
    """/leave: leave a team (after choosing which)."""
    await show(update, context, context.bot_data.teams.choose_leave(who(update)))


async def newcode(update: Update, context: Context) -> None:
    """/newcode: a supervisor replaces the team's join code."""
    log.info("update %s: /newcode", update.update_id)
    await show(update, context, context.bot_data.teams.new_code(who(update)))


async def revokecode(update: Update, context: Context) -> None:
    """/revokecode: a supervisor stops anyone joining."""
    log.info("update %s: /revokecode", update.update_id)
    await show(update, context, context.bot_data.teams.revoke_code(who(update)))


async def remove(update: Update, context: Context) -> None:
    """/remove: a supervisor chooses a member to remove."""
    await show(update, context, context.bot_data.teams.choose_member(who(update), "rm"))


async def cosupervisor(update: Update, context: Context) -> None:
    """/cosupervisor: a supervisor chooses a member to make co-supervisor."""
    await show(update, context, context.bot_data.teams.choose_member(who(update), "co"))


async def prompt(update: Update, context: Context) -> None:
    """/prompt TEXT: a supervisor sends a reflection prompt to the team now."""
    log.info("update %s: /prompt", update.update_id)
    await show(update, context, context.bot_data.teams.send_prompt(who(update), rest_of(update)))


async def schedule(update: Update, context: Context) -> None:
    """/schedule weekly mon 09:00 TEXT: a supervisor sets a repeating prompt."""
    log.info("update %s: /schedule", update.update_id)
    await show(update, context, context.bot_data.teams.add_schedule(who(update), rest_of(update)))


async def schedules(update: Update, context: Context) -> None:
    """/schedules: the team's repeating prompts, each with a stop button."""
    await show(update, context, context.bot_data.teams.list_schedules(who(update)))


async def responses(update: Update, context: Context) -> None:
    """/responses: the answers members shared to each recent prompt."""
    await show(update, context, context.bot_data.teams.responses(who(update)))


async def team(update: Update, context: Context) -> None:
    """/team: members, their practice, and how their traps trend."""
    await show(update, context, context.bot_data.teams.overview(who(update)))


async def reflections(update: Update, context: Context) -> None:
    """/reflections: reflections shared with the team, newest first, in pages."""
    await show(update, context, context.bot_data.teams.shared_page(who(update)))


async def export(update: Update, context: Context) -> None:
    """/export: a CSV of shared reflections and practice summaries."""
    log.info("update %s: /export", update.update_id)
    await show(update, context, context.bot_data.teams.export(who(update)))


async def reflect(update: Update, context: Context) -> None:
    """/reflect [TEXT]: write a reflection now, or be asked for one."""
    log.info("update %s: /reflect", update.update_id)
    text = rest_of(update)
    notes = context.bot_data.inbox.reflections
    await show(update, context, notes.write(who(update), text) if text else notes.begin(who(update)))


async def card(update: Update, context: Context) -> None:
    """/card [principles|senses]: draw a reflection card (from another set, if named)."""
    deck = context.args[0].lower()[:40] if context.args else ""
    await show(update, context, context.bot_data.inbox.reflections.card(who(update), None, deck))


async def risk(update: Update, context: Context) -> None:
    """/risk: talk through a positive-risk decision, one question at a time, ending in a decision record."""
    log.info("update %s: /risk", update.update_id)
    await show(update, context, context.bot_data.inbox.risk.start(who(update)))


async def myreflections(update: Update, context: Context) -> None:
    """/myreflections: your own reflections, with share, unshare and delete."""
    await show(update, context, context.bot_data.inbox.reflections.mine(who(update)))


async def prep(update: Update, context: Context) -> None:
    """/prep: prepare for supervision, one question at a time."""
    log.info("update %s: /prep", update.update_id)
    await show(update, context, context.bot_data.inbox.prep.start(who(update)))
