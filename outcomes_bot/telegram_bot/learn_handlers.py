"""Telegram handlers for the learning tools that read what a worker writes: /record and /outcome.

Thin, like the others: each hands the person and the words after the command
(line breaks and all) to its engine in ``learn/`` and shows what it answers.
What the person types next, when asked, is routed by the inbox; the buttons
are the inbox's too (``inbox.PRESSES``). Private chats only.
"""

from __future__ import annotations

import logging

from telegram import Update

from .context import Context
from .handlers import rest_of, show, who

log = logging.getLogger(__name__)


async def record(update: Update, context: Context) -> None:
    """/record [NOTE]: review a care note against the recording principles; kept only if the worker chooses."""
    log.info("update %s: /record", update.update_id)
    await show(update, context, context.bot_data.inbox.record.begin(who(update), rest_of(update)))


async def outcome(update: Update, context: Context) -> None:
    """/outcome [STATEMENT]: does a plan statement read as a personal outcome? Nothing is kept."""
    log.info("update %s: /outcome", update.update_id)
    await show(update, context, context.bot_data.inbox.outcome.begin(who(update), rest_of(update)))
