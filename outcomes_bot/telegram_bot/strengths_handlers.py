"""Telegram handler for /strengths: a strengths map of the last practice person, or of someone the worker supports.

Thin, like the others: ``/strengths`` shows the map of the person from the
worker's last finished practice (``learn/strengths.py``); ``/strengths new``
starts one for someone they support, quadrant by quadrant
(``learn/strengths_talk.py``). What the worker types next is routed by the
inbox (pending kind ``strengths``); the buttons are the inbox's too
(``inbox.PRESSES``). Private chats only.
"""

from __future__ import annotations

import logging

from telegram import Update

from .context import Context
from .handlers import show, who

log = logging.getLogger(__name__)


async def strengths(update: Update, context: Context) -> None:
    """/strengths [new]: the last practice person's strengths map, or a new one for someone you support."""
    log.info("update %s: /strengths", update.update_id)
    arg = " ".join(context.args or [])
    await show(update, context, context.bot_data.inbox.strengths.begin(who(update), arg))
