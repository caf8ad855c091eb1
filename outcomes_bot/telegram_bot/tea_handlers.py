"""Telegram handlers for tea-briefs in group chats, thin like the rest.

In privacy mode a bot in a group sees only commands and replies to its own
messages, so members answer a round by replying to the bot's prompts, or
privately through the round's deep link.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from ..inbox import numbers
from . import quiz_handlers
from .context import Context, Pressed, Step
from .handlers import bad_button, chat_of, display_name, message_of, note, send, show, who
from .schedules import group_admins
from .views import Outgoing, escape

log = logging.getLogger(__name__)


def in_group(update: Update) -> bool:
    """Whether the update came from a group chat."""
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def teabrief(update: Update, context: Context) -> None:
    """/teabrief [MINUTES] [senses]: open a follow-up round here (closing with the Senses Framework question)."""
    log.info("update %s: /teabrief", update.update_id)
    args = context.args or []
    minutes = next((n[0] for arg in args if (n := numbers(arg, 1))), None)
    senses = any(arg.lower() == "senses" for arg in args)
    await show(update, context, context.bot_data.tea.open(chat_of(update), who(update), minutes, senses=senses))


async def teabrief_close(update: Update, context: Context) -> None:
    """/teabrief_close: close the round now and post its summary."""
    log.info("update %s: /teabrief_close", update.update_id)
    chat_id = chat_of(update)
    admins = await group_admins(context.bot, chat_id)
    await show(update, context, context.bot_data.tea.close(chat_id, who(update), admins=admins))


async def story(update: Update, context: Context) -> None:
    """/story [ID]: post a learning story and the questions to discuss."""
    log.info("update %s: /story", update.update_id)
    chosen = context.args[0].lower() if context.args else ""
    await show(update, context, context.bot_data.tea.story(chat_of(update), who(update), chosen))


async def teabrief_forgetme(update: Update, context: Context) -> None:
    """/teabrief_forgetme: delete everything you answered in this group."""
    await show(update, context, context.bot_data.tea.forget_mine(chat_of(update), who(update)))


async def teamgroup(update: Update, context: Context) -> None:
    """/teamgroup: a supervisor links this group to their team (if they are one of its admins, or it is theirs)."""
    log.info("update %s: /teamgroup", update.update_id)
    chat_id = chat_of(update)
    team_id = context.bot_data.teams.current(who(update))
    assert update.effective_user, "a group command without a sender"
    admin = await is_group_admin(context, chat_id, update.effective_user.id)
    await show(update, context, context.bot_data.tea.link_team(chat_id, who(update), team_id, group_admin=admin))


async def is_group_admin(context: Context, chat_id: int, user_id: int) -> bool:
    """Whether Telegram says this person administers (or owns) the group; False if it will not say."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:
        log.warning("could not check a group admin: %s", exc.__class__.__name__)
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def teabrief_settings(update: Update, context: Context) -> None:
    """/teabrief_settings KEY VALUE: who leads rounds, follow-up days, monthly share and tell."""
    await show(update, context, context.bot_data.tea.settings(chat_of(update), who(update), context.args or []))


async def groups_only(update: Update, context: Context) -> None:
    """A group command in a private chat: say where it works."""
    await send(update, context, [note(context, "teabrief_groups_only")])


async def group_reply(update: Update, context: Context) -> None:
    """A member's reply to one of the bot's messages in a group: file it if it answers a prompt.

    'Noted' is shown as a 👍 on their message where Telegram allows it, to keep the group quiet
    (and within its limit of 20 messages a minute); otherwise as a short message.
    """
    message = message_of(update)
    words = message.text or message.caption or ""  # a photo's caption counts; nothing at all is 'empty'
    assert message.reply_to_message, "registered for replies only"
    ref = str(message.reply_to_message.message_id)
    replies = context.bot_data.tea.reply(chat_of(update), who(update), name=display_name(update), ref=ref, text=words)
    if replies is None:
        return
    log.info("update %s: tea-brief answer", update.update_id)
    if replies[0].data.get("ack"):
        try:
            await context.bot.set_message_reaction(message.chat_id, message.message_id, "👍")
            replies = replies[1:]
        except TelegramError as exc:
            log.info("no reaction (%s); saying it instead", exc.__class__.__name__)
    await show(update, context, replies)


async def migrated(update: Update, context: Context) -> None:
    """The group became a supergroup: its rounds, answers, settings and quiz move to the new chat id."""
    message = message_of(update)
    if message.migrate_to_chat_id:
        context.bot_data.engine.store.migrate_chat(message.chat_id, message.migrate_to_chat_id)
        quiz_handlers.migrated(context.app, message.chat_id, message.migrate_to_chat_id)


async def named(update: Update, context: Context, argument: str) -> None:
    """Be named in a round's summary, or not: said only to the presser, in a pop-up."""
    ids = numbers(argument, 2)
    if not ids:  # the press goes unanswered: this button is answered only by its pop-up
        await bad_button(update, context)
        return
    said = context.bot_data.tea.name_me(chat_of(update), who(update), ids[0], ids[1] == 1)
    assert update.callback_query, "a button's handler was given an update without a button press"
    await _tell_presser(update.callback_query, update, context, said[0].text)


async def done(update: Update, context: Context, argument: str) -> None:
    """Mark one of the group's actions done."""
    ids = numbers(argument, 1)
    if not ids:
        await bad_button(update, context)
        return
    await show(update, context, context.bot_data.tea.done(chat_of(update), ids[0]))


def group_button(pressed: Pressed, answers_itself: bool = False) -> Step:
    """A button under a tea-brief message in a group, behind the checks: signed by us, and in a group.

    The press is answered at once, with nothing, unless the button ``answers_itself`` (with a pop-up).
    """

    async def group_button_pressed(update: Update, context: Context) -> None:
        """Answer the press, check its signature and chat, then do what it says."""
        query = update.callback_query
        assert query, "a button's handler was given an update without a button press"
        parsed = context.bot_data.view.signer.open(query.data)
        if not (parsed and answers_itself):
            await _tell_presser(query, update, context, None)
        if parsed is None or not in_group(update):
            await bad_button(update, context)
            return
        await pressed(update, context, parsed[1])

    return group_button_pressed


async def _tell_presser(query: CallbackQuery, update: Update, context: Context, text: str | None) -> None:
    """Answer a button press with a pop-up only its presser sees (or, failing that, a group message)."""
    try:
        await query.answer(text)
    except TelegramError as exc:
        log.warning("could not answer a button press: %s", exc.__class__.__name__)
        if text:
            await send(update, context, [Outgoing(escape(text))])


GROUP_COMMANDS: dict[str, Step] = {
    "teabrief": teabrief,
    "teabrief_close": teabrief_close,
    "story": story,
    "teabrief_forgetme": teabrief_forgetme,
    "teamgroup": teamgroup,
    "teabrief_settings": teabrief_settings,
}
GROUP_BUTTONS: dict[str, Step] = {  # the only buttons the bot puts in groups: action -> handler
    "named": group_button(named, answers_itself=True),
    "done": group_button(done),
}
