"""Telegram handlers for /progress and /focus, thin like the rest, private chats only.

The engine is ``learn/progress_view.ProgressView``: /progress sends the chart as
a photo and the three lines (what improved, what to work on, who with) with a
button to focus on that skill next time; /focus lists the skills. The focus
buttons (action ``focus``) are registered with the other private buttons
(``buttons.BUTTONS``), behind the same signature check.
"""

from __future__ import annotations

import logging

from telegram import Update

from ..learn.progress_view import FOCUS_ACTION, ProgressView
from .context import Context, Pressed
from .handlers import bad_button, show, who

log = logging.getLogger(__name__)


def view_of(context: Context) -> ProgressView:
    """The progress view over the application's flows and store (cheap: it holds only those two)."""
    engine = context.bot_data.engine
    return ProgressView(engine.flows, engine.store)


async def progress(update: Update, context: Context) -> None:
    """/progress: your practice over your sessions, as a chart and three lines."""
    log.info("update %s: /progress", update.update_id)
    await show(update, context, view_of(context).show(who(update)))


async def focus(update: Update, context: Context) -> None:
    """/focus [skill|none]: choose one skill to work on in your next practice session."""
    log.info("update %s: /focus", update.update_id)
    await show(update, context, view_of(context).focus(who(update), " ".join(context.args or [])))


async def focus_pressed(update: Update, context: Context, argument: str) -> None:
    """A focus button: choose that skill (or list them, or clear); a skill that no longer exists: no longer works."""
    replies = view_of(context).press(who(update), argument)
    if replies is None:
        await bad_button(update, context)
        return
    await show(update, context, replies)


PROGRESS_BUTTONS: dict[str, Pressed] = {FOCUS_ACTION: focus_pressed}
