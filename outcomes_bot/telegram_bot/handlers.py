"""Telegram handlers for practice and the basics: one thin async function per step.

Each one turns an update into an engine call and the engine's replies into
messages (``views``). The engines keep all state in SQLite, so nothing here
survives between updates, and a restart loses nothing. Team, reflection and
supervision commands are in ``team_handlers.py``.
"""

from __future__ import annotations

import json
import logging
import time

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from ..inbox import Inbox
from ..practice.engine import Engine
from ..replies import Button, Reply
from ..team.teams import Teams
from .delivery import deliver
from .schedules import follow
from .views import FORGET_MINUTES, SESSION_ACTIONS, Outgoing, View, escape, forget_expired

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE


def recorded_by_turn(context: Context) -> set[int]:
    """Updates whose practice turn is their record of having been handled (no ledger row needed)."""
    return context.bot_data.setdefault("recorded_by_turn", set())


def engine_of(context: Context) -> Engine:
    """The practice engine the application was built with."""
    return context.bot_data["engine"]


def inbox_of(context: Context) -> Inbox:
    """Where text and buttons beyond practice go."""
    return context.bot_data["inbox"]


def teams_of(context: Context) -> Teams:
    """Teams, prompts and the supervisor's views."""
    return context.bot_data["teams"]


def view_of(context: Context) -> View:
    """How replies are laid out, with signed buttons."""
    return context.bot_data["view"]


def who(update: Update) -> str:
    """The engines' name for the person behind an update (in a private chat, the chat is the person)."""
    return f"tg:{update.effective_user.id if update.effective_user else update.effective_chat.id}"


def display_name(update: Update) -> str:
    """The name a person goes by in Telegram (their first name), or '' if the update has no sender."""
    return getattr(update.effective_user, "first_name", "") or ""


def chat_of(update: Update) -> int:
    """Where to answer: the update's chat, or else the person's private chat."""
    return update.effective_chat.id if update.effective_chat else update.effective_user.id


def note(context: Context, key: str, buttons=None, **values: object) -> Outgoing:
    """A system message from messages.yaml, escaped, as one outgoing message."""
    return Outgoing(escape(engine_of(context).text(key, **values)), buttons)


async def send(update: Update, context: Context, messages: list[Outgoing]) -> None:
    """Send messages, in order, to the chat the update came from (or whoever they name)."""
    await deliver(context.bot, engine_of(context).store, chat_of(update), messages)


async def show(update: Update, context: Context, replies: list[Reply]) -> None:
    """Send replies, formatted for a phone; offer the scenarios if there was no practice to carry on."""
    messages = view_of(context).render(replies)
    if any(r.data.get("no_session") for r in replies):
        messages.append(view_of(context).scenario_choice(engine_of(context).scenarios()))
    await send(update, context, messages)
    follow(context.application, replies)


# --- commands -------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """/start: welcome and the menu; a deep link goes to the choice of scenario, or joins a team."""
    log.info("update %s: /start", update.update_id)
    if context.args and context.args[0] == "practice":
        await practice(update, context)
        return
    # a tea-brief's 'answer privately' link (or its 'tell the supervisor' link)
    answering = inbox_of(context).tea.from_link(who(update), context.args[0]) if context.args else None
    if answering is not None:
        await show(update, context, answering)
        return
    if context.args:  # a team's join link: t.me/<bot>?start=<code>
        await join_team(update, context, context.args[0])
        return
    await send(update, context, [note(context, "tg_welcome", view_of(context).menu(), name=display_name(update))])


async def join_team(update: Update, context: Context, code: str) -> None:
    """Join a team with its code."""
    log.info("update %s: join", update.update_id)
    await show(update, context, teams_of(context).join(who(update), display_name(update), code))


async def practice(update: Update, context: Context) -> None:
    """/practice: choose someone to practise with, from buttons."""
    log.info("update %s: /practice", update.update_id)
    await send(update, context, [view_of(context).scenario_choice(engine_of(context).scenarios())])


async def end(update: Update, context: Context) -> None:
    """/end: finish the conversation and send the report."""
    log.info("update %s: /end", update.update_id)
    await show(update, context, engine_of(context).end(who(update)))


async def hint(update: Update, context: Context) -> None:
    """/hint: which kind of move would help now."""
    await show(update, context, engine_of(context).hint(who(update)))


async def think(update: Update, context: Context) -> None:
    """/think: what the person was thinking after the last reply."""
    await show(update, context, engine_of(context).thought(who(update)))


async def cancel(update: Update, context: Context) -> None:
    """/cancel: stop whatever is under way: writing something, or else practising (with no report)."""
    log.info("update %s: /cancel", update.update_id)
    replies = inbox_of(context).stop(who(update)) or engine_of(context).cancel(who(update))
    await show(update, context, replies)


async def help_command(update: Update, context: Context) -> None:
    """/help: what the bot can do (in a group, what it does there)."""
    if update.effective_chat and update.effective_chat.type != ChatType.PRIVATE:
        await send(update, context, [note(context, "tg_help_group")])
        return
    await send(update, context, [note(context, "tg_help", view_of(context).menu())])


async def privacy(update: Update, context: Context) -> None:
    """/privacy: what is kept, who sees it, and how to get it or delete it."""
    await send(update, context, [note(context, "tg_privacy")])


async def mydata(update: Update, context: Context) -> None:
    """/mydata: everything kept about the person, as a JSON file."""
    log.info("update %s: /mydata", update.update_id)
    engine = engine_of(context)
    data = json.dumps(engine.my_data(who(update)), ensure_ascii=False, indent=2).encode("utf-8")
    file = ("outcomes-bot-my-data.json", data)
    await send(update, context, [Outgoing(escape(engine.text("tg_mydata_caption")), file=file)])


async def forget(update: Update, context: Context) -> None:
    """/forget: ask for confirmation before deleting everything, saying first what happens to teams they run."""
    log.info("update %s: /forget", update.update_id)
    buttons = view_of(context).forget_buttons(int(time.time()))
    confirm = note(context, "tg_forget_confirm", buttons, minutes=FORGET_MINUTES)
    teams = "".join(escape(said) + "\n\n" for said in engine_of(context).forget_warnings(who(update)))
    await send(update, context, [Outgoing(teams + confirm.html, confirm.buttons)])


async def unknown_command(update: Update, context: Context) -> None:
    """An unknown command: say so, and show help."""
    command = (update.effective_message.text or "").split()[0][:64]
    engine = engine_of(context)
    text = engine.text("tg_unknown_command", command=command) + "\n\n" + engine.text("tg_help")
    await send(update, context, [Outgoing(escape(text), view_of(context).menu())])


async def private_only(update: Update, context: Context) -> None:
    """A one-to-one command in a group: offer a private chat instead, and show nothing private here."""
    url = f"https://t.me/{context.bot.username}?start=practice"
    label = engine_of(context).text("btn_open_private")
    await send(
        update, context, [note(context, "tg_private_only", view_of(context).keyboard(((Button(label, url=url),),)))]
    )


# --- messages ---------------------------------------------------------------------


async def reply_to_text(update: Update, context: Context) -> None:
    """Typed text: the answer to what was asked, a reply to a prompt, or a practice turn."""
    log.info("update %s: text", update.update_id)
    message = update.effective_message
    replying_to = str(message.reply_to_message.message_id) if message.reply_to_message else None
    source = f"{message.chat_id}:{message.message_id}"
    replies = inbox_of(context).receive(who(update), message.text, replying_to, source, display_name(update))
    if any(r.kind == "persona" for r in replies):  # a practice turn, saved with this message's id: its own record
        recorded_by_turn(context).add(update.update_id)
    await show(update, context, replies)


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
    """Any inline button: check its signature, then do what it says."""
    query = update.callback_query
    try:
        await query.answer()
    except TelegramError as exc:  # too old to answer, say: the press still counts
        log.warning("could not answer a button press: %s", exc.__class__.__name__)
    parsed = view_of(context).signer.open(query.data)
    log.info("update %s: button %s", update.update_id, parsed[0] if parsed else "refused")
    if parsed is None:
        await bad_button(update, context)
        return
    if update.effective_chat and update.effective_chat.type != ChatType.PRIVATE:
        await private_only(update, context)
        return
    action, argument = parsed
    user = who(update)
    if action == "menu":
        pages = {"practice": practice, "help": help_command, "privacy": privacy}
        await pages.get(argument, bad_button)(update, context)
    elif action == "pick":
        await pick(update, context, argument)
    elif action in SESSION_ACTIONS:
        await session_button(update, context, action, argument)
    elif action == "forget":
        await confirm_forget(update, context, argument)
    else:
        await show(update, context, inbox_of(context).press(user, action, argument))


async def confirm_forget(update: Update, context: Context, argument: str) -> None:
    """The answer to 'delete everything?': a 'yes' deletes only within FORGET_MINUTES of asking."""
    if argument == "no":
        await send(update, context, [note(context, "tg_forget_kept")])
    elif forget_expired(argument, time.time()):
        log.info("update %s: an expired /forget confirmation; nothing deleted", update.update_id)
        await send(update, context, [note(context, "tg_forget_expired", minutes=FORGET_MINUTES)])
    else:
        await show(update, context, engine_of(context).forget(who(update)))
    await remove_buttons(update.callback_query)


async def remove_buttons(query) -> None:
    """Take the buttons off the message a button was pressed on, if it can still be edited."""
    if isinstance(query.message, Message):
        try:
            await query.edit_message_reply_markup(None)
        except TelegramError as exc:  # e.g. pressed twice: 'message is not modified'
            log.warning("could not remove buttons: %s", exc.__class__.__name__)


async def pick(update: Update, context: Context, scenario_id: str) -> None:
    """A scenario's button: start it, unless a conversation is already open (an old list's button)."""
    engine = engine_of(context)
    session = engine.active(who(update))
    if session is not None:
        scenario = engine.flows.scenarios.get(session.scenario)
        name = scenario.person.name if scenario else session.scenario
        await send(update, context, [note(context, "tg_already_practising", name=name)])
        return
    await show(update, context, engine.start(who(update), scenario_id))


async def session_button(update: Update, context: Context, action: str, session_id: str) -> None:
    """Hint, thought or end, if the button belongs to the session still open."""
    session = engine_of(context).active(who(update))
    if session is None or session.id != session_id:
        await send(update, context, [note(context, "tg_old_button")])
        return
    await {"hint": hint, "think": think, "end": end}[action](update, context)


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
