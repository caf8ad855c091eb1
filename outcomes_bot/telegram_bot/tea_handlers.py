"""Telegram handlers for tea-briefs in group chats, thin like the rest.

In privacy mode a bot in a group sees only commands and replies to its own
messages, so members answer a round by replying to the bot's prompts, or
privately through the round's deep link.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from ..inbox import numbers
from ..team.teabrief import TeaBrief
from .handlers import Context, display_name, inbox_of, note, send, show, teams_of, view_of, who
from .schedules import group_admins
from .views import Outgoing, escape

log = logging.getLogger(__name__)


def tea_of(context: Context) -> TeaBrief:
    """The tea-brief engine."""
    return inbox_of(context).tea


def in_group(update: Update) -> bool:
    """Whether the update came from a group chat."""
    return bool(update.effective_chat) and update.effective_chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def teabrief(update: Update, context: Context) -> None:
    """/teabrief [MINUTES]: open a follow-up round in this group."""
    log.info("update %s: /teabrief", update.update_id)
    minutes = numbers(context.args[0], 1) if context.args else None
    await show(update, context, tea_of(context).open(update.effective_chat.id, who(update), minutes and minutes[0]))


async def teabrief_close(update: Update, context: Context) -> None:
    """/teabrief_close: close the round now and post its summary."""
    log.info("update %s: /teabrief_close", update.update_id)
    chat_id = update.effective_chat.id
    admins = await group_admins(context.bot, chat_id)
    await show(update, context, tea_of(context).close(chat_id, who(update), admins=admins))


async def story(update: Update, context: Context) -> None:
    """/story [ID]: post a learning story and the questions to discuss."""
    log.info("update %s: /story", update.update_id)
    chosen = context.args[0].lower() if context.args else ""
    await show(update, context, tea_of(context).story(update.effective_chat.id, who(update), chosen))


async def teabrief_forgetme(update: Update, context: Context) -> None:
    """/teabrief_forgetme: delete everything you answered in this group."""
    await show(update, context, tea_of(context).forget_mine(update.effective_chat.id, who(update)))


async def teamgroup(update: Update, context: Context) -> None:
    """/teamgroup: a supervisor links this group to their team (if they are one of its admins, or it is theirs)."""
    log.info("update %s: /teamgroup", update.update_id)
    chat_id = update.effective_chat.id
    team_id = teams_of(context).current(who(update))
    admin = await is_group_admin(context, chat_id, update.effective_user.id)
    await show(update, context, tea_of(context).link_team(chat_id, who(update), team_id, group_admin=admin))


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
    await show(update, context, tea_of(context).settings(update.effective_chat.id, who(update), context.args or []))


async def groups_only(update: Update, context: Context) -> None:
    """A group command in a private chat: say where it works."""
    await send(update, context, [note(context, "teabrief_groups_only")])


async def group_reply(update: Update, context: Context) -> None:
    """A member's reply to one of the bot's messages in a group: file it if it answers a prompt.

    'Noted' is shown as a 👍 on their message where Telegram allows it, to keep the group quiet
    (and within its limit of 20 messages a minute); otherwise as a short message.
    """
    message = update.effective_message
    words = message.text or message.caption or ""  # a photo's caption counts; nothing at all is 'empty'
    replies = tea_of(context).reply(
        update.effective_chat.id, who(update), display_name(update), str(message.reply_to_message.message_id), words
    )
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
    """The group became a supergroup: its rounds, answers and settings move to the new chat id."""
    message = update.effective_message
    if message.migrate_to_chat_id:
        inbox_of(context).store.migrate_chat(message.chat_id, message.migrate_to_chat_id)


async def group_button(update: Update, context: Context) -> None:
    """A button under a tea-brief message in a group: be named or not, or mark an action done."""
    query = update.callback_query
    parsed = view_of(context).signer.open(query.data)
    if not (parsed and parsed[0] == "named"):
        await _tell_presser(query, update, context, None)
    if parsed is None or not in_group(update):
        await send(update, context, [note(context, "bad_button")])
        return
    action, argument = parsed
    chat_id = update.effective_chat.id
    named, done = numbers(argument, 2), numbers(argument, 1)
    if action == "named" and named:  # said only to the presser
        said = tea_of(context).name_me(chat_id, who(update), named[0], named[1] == 1)
        await _tell_presser(query, update, context, said[0].text)
    elif action == "done" and done:
        await show(update, context, tea_of(context).done(chat_id, done[0]))
    else:
        await send(update, context, [note(context, "bad_button")])


async def _tell_presser(query, update: Update, context: Context, text: str | None) -> None:
    """Answer a button press with a pop-up only its presser sees (or, failing that, a group message)."""
    try:
        await query.answer(text)
    except TelegramError as exc:
        log.warning("could not answer a button press: %s", exc.__class__.__name__)
        if text:
            await send(update, context, [Outgoing(escape(text))])


GROUP_COMMANDS = {
    "teabrief": teabrief,
    "teabrief_close": teabrief_close,
    "story": story,
    "teabrief_forgetme": teabrief_forgetme,
    "teamgroup": teamgroup,
    "teabrief_settings": teabrief_settings,
}
GROUP_BUTTONS = r"^(named|done):"  # the only buttons the bot puts in groups
