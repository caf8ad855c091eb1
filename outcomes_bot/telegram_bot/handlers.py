"""Telegram handlers: one thin async function per step, no logic of their own.

Each one turns an update into an engine call and the engine's replies into
messages (``views``). The engine keeps all state in SQLite, so nothing here
survives between updates, and a restart loses nothing.
"""

from __future__ import annotations

import io
import json
import logging

from telegram import InputFile, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from ..engine import Engine, Reply
from .views import (
    SESSION_ACTIONS,
    Outgoing,
    escape,
    forget_buttons,
    link_button,
    menu_buttons,
    parse_callback,
    render,
    scenario_choice,
)

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE


def engine_of(context: Context) -> Engine:
    """The engine the application was built with."""
    return context.bot_data["engine"]


def who(update: Update) -> str:
    """The engine's name for the person behind an update."""
    return f"tg:{update.effective_user.id}"


def note(context: Context, key: str, buttons=None, **values: object) -> Outgoing:
    """A system message from messages.yaml, escaped, as one outgoing message."""
    return Outgoing(escape(engine_of(context).text(key, **values)), buttons)


async def send(update: Update, context: Context, messages: list[Outgoing]) -> None:
    """Send messages, in order, to the chat the update came from."""
    chat_id = update.effective_chat.id if update.effective_chat else update.effective_user.id
    for message in messages:
        await context.bot.send_message(chat_id, message.html, reply_markup=message.buttons)


async def show(update: Update, context: Context, replies: list[Reply]) -> None:
    """Send the engine's replies, formatted for a phone."""
    await send(update, context, render(replies, engine_of(context).text))


async def typing(update: Update, context: Context) -> None:
    """Show 'typing…' while the person's reply is worked out (a nicety: a failure is only logged)."""
    try:
        await context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)
    except TelegramError as exc:
        log.warning("could not show typing: %s", exc.__class__.__name__)


# --- commands -------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """/start: welcome, what the bot is for, privacy in a line, and the menu (or a deep link's choice)."""
    log.info("update %s: /start", update.update_id)
    if context.args and context.args[0] == "practice":
        await practice(update, context)
        return
    name = update.effective_user.first_name or ""
    await send(update, context, [note(context, "tg_welcome", menu_buttons(engine_of(context).text), name=name)])


async def practice(update: Update, context: Context) -> None:
    """/practice: choose someone to practise with, from buttons."""
    log.info("update %s: /practice", update.update_id)
    engine = engine_of(context)
    await send(update, context, [scenario_choice(engine.text, engine.scenarios())])


async def end(update: Update, context: Context) -> None:
    """/end: finish the conversation and send the report."""
    log.info("update %s: /end", update.update_id)
    await typing(update, context)
    await show(update, context, engine_of(context).end(who(update)))


async def hint(update: Update, context: Context) -> None:
    """/hint: which kind of move would help now."""
    await show(update, context, engine_of(context).hint(who(update)))


async def think(update: Update, context: Context) -> None:
    """/think: what the person was thinking after the last reply."""
    await show(update, context, engine_of(context).thought(who(update)))


async def cancel(update: Update, context: Context) -> None:
    """/cancel: stop practising, with no report."""
    log.info("update %s: /cancel", update.update_id)
    await show(update, context, engine_of(context).cancel(who(update)))


async def help_command(update: Update, context: Context) -> None:
    """/help: what the bot can do."""
    await send(update, context, [note(context, "tg_help", menu_buttons(engine_of(context).text))])


async def privacy(update: Update, context: Context) -> None:
    """/privacy: what is kept, who sees it, and how to get it or delete it."""
    await send(update, context, [note(context, "tg_privacy")])


async def mydata(update: Update, context: Context) -> None:
    """/mydata: everything kept about the person, as a JSON file."""
    log.info("update %s: /mydata", update.update_id)
    data = json.dumps(engine_of(context).my_data(who(update)), ensure_ascii=False, indent=2).encode("utf-8")
    await context.bot.send_document(
        update.effective_chat.id,
        InputFile(io.BytesIO(data), filename="outcomes-bot-my-data.json"),
        caption=escape(engine_of(context).text("tg_mydata_caption")),
    )


async def forget(update: Update, context: Context) -> None:
    """/forget: ask for confirmation before deleting everything."""
    log.info("update %s: /forget", update.update_id)
    await send(update, context, [note(context, "tg_forget_confirm", forget_buttons(engine_of(context).text))])


async def unknown_command(update: Update, context: Context) -> None:
    """An unknown command: say so, and show help."""
    command = (update.effective_message.text or "").split()[0][:64]
    engine = engine_of(context)
    text = engine.text("tg_unknown_command", command=command) + "\n\n" + engine.text("tg_help")
    await send(update, context, [Outgoing(escape(text), menu_buttons(engine.text))])


async def private_only(update: Update, context: Context) -> None:
    """A practice command in a group: practice is one to one, so offer a private chat instead."""
    url = f"https://t.me/{context.bot.username}?start=practice"
    label = engine_of(context).text("btn_open_private")
    await send(update, context, [note(context, "tg_private_only", link_button(label, url))])


# --- messages ---------------------------------------------------------------------


async def reply_to_text(update: Update, context: Context) -> None:
    """What the worker says: coach it and answer as the person (or offer a choice if none is open)."""
    log.info("update %s: text", update.update_id)
    engine = engine_of(context)
    user = who(update)
    if engine.active(user) is None:
        await send(update, context, [note(context, "no_session"), scenario_choice(engine.text, engine.scenarios())])
        return
    await typing(update, context)
    await show(update, context, engine.say(user, update.effective_message.text))


async def not_text(update: Update, context: Context) -> None:
    """A sticker, photo, voice note or file: say kindly that only text is read."""
    log.info("update %s: not text", update.update_id)
    practising = engine_of(context).active(who(update)) is not None
    await send(update, context, [note(context, "tg_non_text" if practising else "tg_non_text_idle")])


async def edited(update: Update, context: Context) -> None:
    """An edited message: what was said stands, so explain and carry on."""
    log.info("update %s: edited", update.update_id)
    await send(update, context, [note(context, "tg_edited")])


# --- buttons -----------------------------------------------------------------------


async def button_pressed(update: Update, context: Context) -> None:
    """Any inline button: check its data, then do what it says."""
    query = update.callback_query
    await query.answer()
    parsed = parse_callback(query.data)
    log.info("update %s: button %s", update.update_id, parsed[0] if parsed else "unknown")
    if parsed is None:
        await bad_button(update, context)
        return
    if update.effective_chat and update.effective_chat.type != ChatType.PRIVATE:
        await private_only(update, context)
        return
    action, argument = parsed
    engine = engine_of(context)
    user = who(update)
    if action == "menu":
        pages = {"practice": practice, "help": help_command, "privacy": privacy}
        await pages.get(argument, bad_button)(update, context)
    elif action == "pick":
        await show(update, context, engine.start(user, argument))
    elif action in SESSION_ACTIONS:
        await session_button(update, context, action, argument)
    elif argument == "yes":
        await query.edit_message_reply_markup(None)
        await show(update, context, engine.forget(user))
    else:
        await query.edit_message_reply_markup(None)
        await send(update, context, [note(context, "tg_forget_kept")])


async def session_button(update: Update, context: Context, action: str, session_id: str) -> None:
    """Hint, thought or end, if the button belongs to the session still open."""
    engine = engine_of(context)
    session = engine.active(who(update))
    if session is None or session.id != session_id:
        await send(update, context, [note(context, "tg_old_button")])
        return
    await {"hint": hint, "think": think, "end": end}[action](update, context)


async def bad_button(update: Update, context: Context) -> None:
    """Button data that is not one of ours."""
    await send(update, context, [note(context, "tg_bad_button")])


async def command_as_text(update: Update, context: Context) -> None:
    """A '/command' that came without Telegram's command marking (some clients and test servers): run it."""
    name, *args = update.effective_message.text[1:].split()
    context.args = args
    await COMMANDS.get(name.split("@")[0].lower(), unknown_command)(update, context)


COMMANDS = {  # in the order the command menu shows them
    "start": start,
    "practice": practice,
    "end": end,
    "hint": hint,
    "think": think,
    "cancel": cancel,
    "help": help_command,
    "privacy": privacy,
    "mydata": mydata,
    "forget": forget,
}
EVERYWHERE = ("help", "privacy")  # commands that also answer in groups; the rest are one to one


# --- errors -------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the failure (never the message text) and tell the person, without details."""
    log.error("update %s failed", getattr(update, "update_id", "-"), exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await send(update, context, [note(context, "tg_error")])
        except TelegramError:
            log.warning("could not tell chat about the failure")
