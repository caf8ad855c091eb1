"""Sending what the engines answered: to the chat at hand, or to whoever a message names."""

from __future__ import annotations

import io
import logging

from telegram import Bot, InputFile
from telegram.error import ChatMigrated, TelegramError

from ..store.database import Store
from .views import Outgoing

log = logging.getLogger(__name__)


async def deliver(bot: Bot, store: Store, chat_id: int | None, messages: list[Outgoing]) -> None:
    """Send messages in order: to ``chat_id``, or to the person a message names.

    A message to someone else (a prompt to a team member) may fail if they
    have blocked the bot; that is logged and the rest still go. A message
    carrying a prompt is remembered, so a reply to it is linked to the prompt.
    """
    for message in messages:
        target = int(message.to[3:]) if message.to.startswith("tg:") else chat_id
        if target is None:
            continue
        try:
            try:
                sent = await _send(bot, target, message)
            except ChatMigrated as moved:  # the group became a supergroup: follow it, and move its records
                store.migrate_chat(target, moved.new_chat_id)
                target = chat_id = moved.new_chat_id
                sent = await _send(bot, target, message)
        except TelegramError as exc:
            if not message.to:
                raise
            log.warning("could not reach a team member: %s", exc.__class__.__name__)
            continue
        if message.data and "prompt_id" in message.data:
            store.add_delivery(message.data["prompt_id"], message.to or f"tg:{target}", str(sent.message_id))
        if message.data and "round" in message.data and "prompt" in message.data:  # a tea-brief prompt: file replies
            store.add_round_message(target, str(sent.message_id), message.data["round"], message.data["prompt"])


async def _send(bot: Bot, target: int, message: Outgoing):
    """Send one message (or file) to one chat."""
    if message.file:
        name, content = message.file
        if message.photo:
            return await bot.send_photo(target, InputFile(io.BytesIO(content), filename=name), caption=message.html)
        return await bot.send_document(target, InputFile(io.BytesIO(content), filename=name), caption=message.html)
    return await bot.send_message(target, message.html, reply_markup=message.buttons)
