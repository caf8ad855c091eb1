"""Telegram handlers for the culture star (``/culturestar``), thin like the rest, private chats only.

The engine is ``learn/culture_plan.CultureStar`` (``context.bot_data.culture``).
Its buttons (a score, a team, "add an action", a red/amber/green review) are
registered with the other private buttons (``buttons.BUTTONS``), behind the same
signature check. While a supervisor writes an action, their typed answers are
routed by the inbox, like every other pending input.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Update

from ..inbox import numbers
from ..learn.culture_plan import CultureStar
from ..replies import Reply
from .context import Context, Pressed
from .handlers import bad_button, show, who

log = logging.getLogger(__name__)


async def culturestar(update: Update, context: Context) -> None:
    """/culturestar [new]: open a round or see the team's star (a supervisor); carry on scoring (a member)."""
    log.info("update %s: /culturestar", update.update_id)
    await show(update, context, context.bot_data.culture.command(who(update), " ".join(context.args or [])))


Act = Callable[[CultureStar, str, str], "list[Reply] | None"]  # (engine, presser, argument) -> replies


def culture_button(act: Act) -> Pressed:
    """A culture-star button: what ``act`` answers, or (for an argument it cannot use) 'no longer works'."""

    async def pressed(update: Update, context: Context, argument: str) -> None:
        """Do what the button says, or say it no longer works."""
        replies = act(context.bot_data.culture, who(update), argument)
        if replies is None:
            await bad_button(update, context)
            return
        await show(update, context, replies)

    return pressed


def _tap(culture: CultureStar, user: str, argument: str) -> list[Reply] | None:
    """One score for one point: 'round.point.score'."""
    ids = numbers(argument, 3)
    return culture.tap(user, ids[0], ids[1], ids[2]) if ids else None


def _team(culture: CultureStar, user: str, argument: str) -> list[Reply] | None:
    """The team a supervisor of several chose, and whether to start a new round: 'team.new'."""
    ids = numbers(argument, 2)
    return culture.supervise(user, ids[0], new=ids[1] == 1) if ids else None


def _act(culture: CultureStar, user: str, argument: str) -> list[Reply] | None:
    """Add an action for one of the lowest points: 'round.point'."""
    ids = numbers(argument, 2)
    return culture.begin_action(user, ids[0], ids[1]) if ids else None


def _rag(culture: CultureStar, user: str, argument: str) -> list[Reply] | None:
    """A red, amber or green review of an action: 'action.r', 'action.a' or 'action.g'."""
    action, _, key = argument.partition(".")
    found = numbers(action, 1)
    return culture.review(user, found[0], key) if found else None


CULTURE_BUTTONS: dict[str, Pressed] = {  # a culture-star button's action -> its handler
    "cs": culture_button(_tap),
    "csteam": culture_button(_team),
    "csact": culture_button(_act),
    "csrag": culture_button(_rag),
}
