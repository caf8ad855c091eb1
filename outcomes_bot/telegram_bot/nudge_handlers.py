"""Telegram handlers for nudges and shared progress, thin like the rest, private chats only.

``/remind`` (``learn/nudges.py``): a weekly reminder on the day and hour the
worker picks, ``/remind off`` to stop it. ``/shareprogress`` and ``/stopsharing``
(``learn/progress_share.py``): the worker's consent for a team's supervisors to
see their progress, and its withdrawal. ``/teamprogress [NAME]``: what a
supervisor may see of it. Their buttons are registered with the other private
buttons (``buttons.BUTTONS``), behind the same signature check; the reminder's
clock is in ``schedules.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Update

from ..inbox import numbers
from ..learn.nudges import Nudges
from ..learn.progress_share import ProgressShares
from ..replies import Reply
from .context import Context, Pressed
from .handlers import bad_button, show, who

log = logging.getLogger(__name__)


def nudges(context: Context) -> Nudges:
    """The reminders' engine over the bot's flows and store (it keeps no state of its own)."""
    engine = context.bot_data.engine
    return Nudges(engine.flows, engine.store)


def shares(context: Context) -> ProgressShares:
    """The shared-progress engine over the bot's flows and store (it keeps no state of its own)."""
    engine = context.bot_data.engine
    return ProgressShares(engine.flows, engine.store)


def argument(context: Context) -> str:
    """What follows the command, as one string."""
    return " ".join(context.args or [])


async def remind(update: Update, context: Context) -> None:
    """/remind: what is set, and the days to choose from; /remind off; /remind DAY HOUR."""
    log.info("update %s: /remind", update.update_id)
    await show(update, context, nudges(context).command(who(update), argument(context)))


async def shareprogress(update: Update, context: Context) -> None:
    """/shareprogress: let a team's supervisors see your progress (a choice, if you are in several teams)."""
    log.info("update %s: /shareprogress", update.update_id)
    await show(update, context, shares(context).share(who(update)))


async def stopsharing(update: Update, context: Context) -> None:
    """/stopsharing: withdraw your progress from a team (a choice, if you share with several)."""
    log.info("update %s: /stopsharing", update.update_id)
    await show(update, context, shares(context).unshare(who(update)))


async def teamprogress(update: Update, context: Context) -> None:
    """/teamprogress [NAME]: the team's trend as a whole, or one sharing worker's own (a supervisor)."""
    log.info("update %s: /teamprogress", update.update_id)
    await show(update, context, shares(context).team_view(who(update), argument(context)))


Act = Callable[[Context, str, tuple[int, ...]], "list[Reply]"]  # (context, presser, numbers) -> replies


def button(count: int, act: Act) -> Pressed:
    """A nudge button carrying ``count`` numbers: what ``act`` answers, or 'no longer works' for anything else."""

    async def pressed(update: Update, context: Context, arg: str) -> None:
        """Do what the button says, or say it no longer works."""
        ids = numbers(arg, count)
        if ids is None:
            await bad_button(update, context)
            return
        await show(update, context, act(context, who(update), ids))

    return pressed


NUDGE_BUTTONS: dict[str, Pressed] = {  # a nudge button's action -> its handler
    "rmday": button(1, lambda c, user, ids: nudges(c).day(user, ids[0])),
    "rmset": button(2, lambda c, user, ids: nudges(c).set(user, ids[0], ids[1])),
    "pgshare": button(1, lambda c, user, ids: shares(c).share(user, ids[0])),
    "pgunshare": button(1, lambda c, user, ids: shares(c).unshare(user, ids[0])),
    "tpw": button(2, lambda c, user, ids: shares(c).worker_view(user, ids[0], ids[1])),
}


async def remind_off(update: Update, context: Context, arg: str) -> None:
    """The 'turn the reminder off' button: off at once, whatever it carries."""
    await show(update, context, nudges(context).off(who(update)))


async def share_asked(update: Update, context: Context, arg: str) -> None:
    """'Share my progress with my supervisor' (under /progress, say): the only team, or a choice of teams."""
    await show(update, context, shares(context).share(who(update)))


NUDGE_BUTTONS["rmoff"] = remind_off
NUDGE_BUTTONS["pgask"] = share_asked  # its argument is not read: the teams are the presser's own
