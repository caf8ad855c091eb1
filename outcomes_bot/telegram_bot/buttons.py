"""Inline buttons in private chats: one table from a button's action to its handler, routed by PTB.

Button data is ``action:argument~signature`` (``views.Signer``). Each action has its own
``CallbackQueryHandler``, whose pattern is the action's prefix, and every handler checks
the signature before anything reads the argument. The actions are the ones here and the
inbox's (``inbox.PRESSES``); tea-brief buttons in groups are ``tea_handlers.GROUP_BUTTONS``.
Data that is forged, or names no action at all, gets one kind answer: that button no longer works.
"""

from __future__ import annotations

import logging
import time

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler

from ..inbox import PRESSES, Press
from .context import App, Context, Pressed, Step
from .culture_handlers import CULTURE_BUTTONS
from .handlers import bad_button, end, help_command, hint, note, practice, privacy, private_only, send, show, think, who
from .nudge_handlers import NUDGE_BUTTONS
from .progress_handlers import PROGRESS_BUTTONS
from .tea_handlers import GROUP_BUTTONS
from .views import FORGET_MINUTES, forget_expired

log = logging.getLogger(__name__)
MENU_PAGES: dict[str, Step] = {"practice": practice, "help": help_command, "privacy": privacy}


async def menu(update: Update, context: Context, page: str) -> None:
    """A menu button: the choice of scenario, help, or privacy."""
    await MENU_PAGES.get(page, bad_button)(update, context)


async def pick(update: Update, context: Context, scenario_id: str) -> None:
    """A scenario's button: start it, unless a conversation is already open (an old list's button)."""
    engine = context.bot_data.engine
    session = engine.active(who(update))
    if session is not None:
        scenario = engine.flows.scenarios.get(session.scenario)
        name = scenario.person.name if scenario else session.scenario
        await send(update, context, [note(context, "tg_already_practising", name=name)])
        return
    await show(update, context, engine.start(who(update), scenario_id))


def for_session(step: Step) -> Pressed:
    """Hint, thought or end as a button: it works only while the session it belongs to is open."""

    async def session_button(update: Update, context: Context, session_id: str) -> None:
        """Do the step, if the button belongs to the session still open."""
        session = context.bot_data.engine.active(who(update))
        if session is None or session.id != session_id:
            await send(update, context, [note(context, "tg_old_button")])
            return
        await step(update, context)

    return session_button


async def confirm_forget(update: Update, context: Context, argument: str) -> None:
    """The answer to 'delete everything?': a 'yes' deletes only within FORGET_MINUTES of asking."""
    if argument == "no":
        await send(update, context, [note(context, "tg_forget_kept")])
    elif forget_expired(argument, time.time()):
        log.info("update %s: an expired /forget confirmation; nothing deleted", update.update_id)
        await send(update, context, [note(context, "tg_forget_expired", minutes=FORGET_MINUTES)])
    else:
        await show(update, context, context.bot_data.engine.forget(who(update)))
    assert update.callback_query, "a button's handler was given an update without a button press"
    await remove_buttons(update.callback_query)


async def remove_buttons(query: CallbackQuery) -> None:
    """Take the buttons off the message a button was pressed on, if it can still be edited."""
    if isinstance(query.message, Message):
        try:
            await query.edit_message_reply_markup(None)
        except TelegramError as exc:  # e.g. pressed twice: 'message is not modified'
            log.warning("could not remove buttons: %s", exc.__class__.__name__)


def from_inbox(press: Press) -> Pressed:
    """One of the inbox's buttons (reflections, prompts, preparation, teams, private tea-brief answers)."""

    async def inbox_button(update: Update, context: Context, argument: str) -> None:
        """Show what the inbox answers to the press."""
        await show(update, context, context.bot_data.inbox.pressed(press, who(update), argument))

    return inbox_button


async def unknown(update: Update, context: Context, argument: str) -> None:
    """Data signed by us that names no action: it no longer works."""
    await bad_button(update, context)


BUTTONS: dict[str, Pressed] = {  # a private button's action -> its handler
    "menu": menu,
    "pick": pick,
    "hint": for_session(hint),
    "think": for_session(think),
    "end": for_session(end),
    "forget": confirm_forget,
    **{action: from_inbox(press) for action, press in PRESSES.items()},
    **CULTURE_BUTTONS,
    **PROGRESS_BUTTONS,
    **NUDGE_BUTTONS,
}


def checked(pressed: Pressed) -> Step:
    """A private button's handler behind the checks every press passes: answered, signed by us, in private."""

    async def button_pressed(update: Update, context: Context) -> None:
        """Answer the press, check its signature and chat, then do what it says."""
        query = update.callback_query
        assert query, "a button's handler was given an update without a button press"
        try:
            await query.answer()
        except TelegramError as exc:  # too old to answer, say: the press still counts
            log.warning("could not answer a button press: %s", exc.__class__.__name__)
        parsed = context.bot_data.view.signer.open(query.data)
        log.info("update %s: button %s", update.update_id, parsed[0] if parsed else "refused")
        if parsed is None:
            await bad_button(update, context)
        elif update.effective_chat and update.effective_chat.type != ChatType.PRIVATE:
            await private_only(update, context)
        else:
            await pressed(update, context, parsed[1])

    return button_pressed


def add_buttons(app: App) -> None:
    """A handler per action, the group ones first; then one for data that names none of them."""
    for action, group_button in GROUP_BUTTONS.items():
        app.add_handler(CallbackQueryHandler(group_button, pattern=f"^{action}:"))
    for action, pressed in BUTTONS.items():
        app.add_handler(CallbackQueryHandler(checked(pressed), pattern=f"^{action}:"))
    app.add_handler(CallbackQueryHandler(checked(unknown)))
