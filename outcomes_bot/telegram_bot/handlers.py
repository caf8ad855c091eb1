"""Telegram handlers for practice and the basics: one thin async function per step.

Each one turns an update into an engine call and the engine's replies into
messages (``views``). The engines keep all state in SQLite, so nothing here
survives between updates, and a restart loses nothing. Team, reflection and
supervision commands are in ``team_handlers.py``, buttons in ``buttons.py``.
Every handler is given the same typed ``Context`` (``context.py``).
"""

from __future__ import annotations

import json
import logging
import time

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from ..replies import Button, Reply
from .context import Context
from .delivery import deliver
from .schedules import follow
from .views import FORGET_MINUTES, Outgoing, escape

log = logging.getLogger(__name__)


def who(update: Update) -> str:
    """The engines' name for the person behind an update (in a private chat, the chat is the person)."""
    user = update.effective_user
    return f"tg:{user.id}" if user else f"tg:{chat_of(update)}"


def display_name(update: Update) -> str:
    """The name a person goes by in Telegram (their first name), or '' if the update has no sender."""
    return getattr(update.effective_user, "first_name", "") or ""


def chat_of(update: Update) -> int:
    """Where to answer: the update's chat, or else the person's private chat."""
    if update.effective_chat:
        return update.effective_chat.id
    assert update.effective_user, "an update with neither a chat nor a sender has no one to answer"
    return update.effective_user.id


def message_of(update: Update) -> Message:
    """The update's message: every handler that asks is registered for messages only."""
    assert update.effective_message, "a handler for messages was given an update without one"
    return update.effective_message


def rest_of(update: Update) -> str:
    """What follows the command in the message, line breaks and all, whether a space or a line break comes first."""
    parts = (message_of(update).text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def note(context: Context, key: str, buttons: InlineKeyboardMarkup | None = None, **values: object) -> Outgoing:
    """A system message from messages.yaml, escaped, as one outgoing message."""
    return Outgoing(escape(context.bot_data.engine.text(key, **values)), buttons)


async def send(update: Update, context: Context, messages: list[Outgoing]) -> None:
    """Send messages, in order, to the chat the update came from (or whoever they name)."""
    await deliver(context.bot, context.bot_data.engine.store, chat_of(update), messages)


async def show(update: Update, context: Context, replies: list[Reply]) -> None:
    """Send replies, formatted for a phone; offer the scenarios if there was no practice to carry on."""
    view = context.bot_data.view
    messages = view.render(replies)
    if any(r.data.get("no_session") for r in replies):
        messages.append(view.scenario_choice(context.bot_data.engine.scenarios()))
    await send(update, context, messages)
    follow(context.app, replies)


# --- commands -------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """/start: welcome and the menu; a deep link goes to the choice of scenario, or joins a team."""
    log.info("update %s: /start", update.update_id)
    if context.args and context.args[0] == "practice":
        await practice(update, context)
        return
    # a tea-brief's 'answer privately' link (or its 'tell the supervisor' link)
    answering = context.bot_data.tea.from_link(who(update), context.args[0]) if context.args else None
    if answering is not None:
        await show(update, context, answering)
        return
    if context.args:  # a team's join link: t.me/<bot>?start=<code>
        await join_team(update, context, context.args[0])
        return
    welcome = note(context, "tg_welcome", context.bot_data.view.menu(), name=display_name(update))
    await send(update, context, [welcome])


async def join_team(update: Update, context: Context, code: str) -> None:
    """Join a team with its code."""
    log.info("update %s: join", update.update_id)
    await show(update, context, context.bot_data.teams.join(who(update), display_name(update), code))


async def practice(update: Update, context: Context) -> None:
    """/practice: choose someone to practise with, from buttons."""
    log.info("update %s: /practice", update.update_id)
    bot_data = context.bot_data
    await send(update, context, [bot_data.view.scenario_choice(bot_data.engine.scenarios())])


async def end(update: Update, context: Context) -> None:
    """/end: finish the conversation and send the report."""
    log.info("update %s: /end", update.update_id)
    await show(update, context, context.bot_data.engine.end(who(update)))


async def hint(update: Update, context: Context) -> None:
    """/hint: which kind of move would help now."""
    await show(update, context, context.bot_data.engine.hint(who(update)))


async def think(update: Update, context: Context) -> None:
    """/think: what the person was thinking after the last reply."""
    await show(update, context, context.bot_data.engine.thought(who(update)))


async def cancel(update: Update, context: Context) -> None:
    """/cancel: stop whatever is under way: writing something, or else practising (with no report)."""
    log.info("update %s: /cancel", update.update_id)
    bot_data = context.bot_data
    replies = bot_data.inbox.stop(who(update)) or bot_data.engine.cancel(who(update))
    await show(update, context, replies)


async def help_command(update: Update, context: Context) -> None:
    """/help: what the bot can do (in a group, what it does there)."""
    if update.effective_chat and update.effective_chat.type != ChatType.PRIVATE:
        await send(update, context, [note(context, "tg_help_group")])
        return
    await send(update, context, [note(context, "tg_help", context.bot_data.view.menu())])


async def privacy(update: Update, context: Context) -> None:
    """/privacy: what is kept, who sees it, and how to get it or delete it."""
    await send(update, context, [note(context, "tg_privacy")])


async def mydata(update: Update, context: Context) -> None:
    """/mydata: everything kept about the person, as a JSON file."""
    log.info("update %s: /mydata", update.update_id)
    engine = context.bot_data.engine
    data = json.dumps(engine.my_data(who(update)), ensure_ascii=False, indent=2).encode("utf-8")
    file = ("outcomes-bot-my-data.json", data)
    await send(update, context, [Outgoing(escape(engine.text("tg_mydata_caption")), file=file)])


async def forget(update: Update, context: Context) -> None:
    """/forget: ask for confirmation before deleting everything, saying first what happens to teams they run."""
    log.info("update %s: /forget", update.update_id)
    buttons = context.bot_data.view.forget_buttons(int(time.time()))
    confirm = note(context, "tg_forget_confirm", buttons, minutes=FORGET_MINUTES)
    teams = "".join(escape(said) + "\n\n" for said in context.bot_data.engine.forget_warnings(who(update)))
    await send(update, context, [Outgoing(teams + confirm.html, confirm.buttons)])


async def unknown_command(update: Update, context: Context) -> None:
    """An unknown command: say so, and show help."""
    command = (message_of(update).text or "").split()[0][:64]
    engine = context.bot_data.engine
    text = engine.text("tg_unknown_command", command=command) + "\n\n" + engine.text("tg_help")
    await send(update, context, [Outgoing(escape(text), context.bot_data.view.menu())])


async def private_only(update: Update, context: Context) -> None:
    """A one-to-one command in a group: offer a private chat instead, and show nothing private here."""
    url = f"https://t.me/{context.bot.username}?start=practice"
    label = context.bot_data.engine.text("btn_open_private")
    buttons = context.bot_data.view.keyboard(((Button(label, url=url),),))
    await send(update, context, [note(context, "tg_private_only", buttons)])


# --- messages ---------------------------------------------------------------------


async def reply_to_text(update: Update, context: Context) -> None:
    """Typed text: the answer to what was asked, a reply to a prompt, or a practice turn."""
    log.info("update %s: text", update.update_id)
    message = message_of(update)
    replying_to = str(message.reply_to_message.message_id) if message.reply_to_message else None
    source = f"{message.chat_id}:{message.message_id}"
    replies = context.bot_data.inbox.receive(
        who(update), message.text or "", replying_to=replying_to, source=source, name=display_name(update)
    )
    if any(r.kind == "persona" for r in replies):  # a practice turn, saved with this message's id: its own record
        context.bot_data.recorded_by_turn.add(update.update_id)
    await show(update, context, replies)


async def not_text(update: Update, context: Context) -> None:
    """A sticker, photo, voice note or file: say kindly that only text is read."""
    log.info("update %s: not text", update.update_id)
    practising = context.bot_data.engine.active(who(update)) is not None
    await send(update, context, [note(context, "tg_non_text" if practising else "tg_non_text_idle")])


async def edited(update: Update, context: Context) -> None:
    """An edited message: what was said stands, so explain and carry on."""
    log.info("update %s: edited", update.update_id)
    await send(update, context, [note(context, "tg_edited")])


async def bad_button(update: Update, context: Context) -> None:
    """Button data that is not one of ours (or not signed by us)."""
    await send(update, context, [note(context, "bad_button")])


# --- errors -------------------------------------------------------------------------


async def on_error(update: object, context: Context) -> None:
    """Log the failure (never the message text) and tell the person, without details."""
    log.error("update %s failed", getattr(update, "update_id", "-"), exc_info=context.error)
    if isinstance(update, Update) and (update.effective_chat or update.effective_user):
        try:
            await send(update, context, [note(context, "tg_error")])
        except TelegramError:
            log.warning("could not tell chat about the failure")
