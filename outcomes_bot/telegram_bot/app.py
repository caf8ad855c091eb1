"""Build and run the Telegram application (python-telegram-bot v22).

``build`` wires the handlers to the engines; ``run`` polls (``polling.py``),
or serves a webhook. Settings come from the environment, through the CLI.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from urllib.parse import urlparse

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CommandHandler,
    Defaults,
    JobQueue,
    MessageHandler,
    PollAnswerHandler,
    PollHandler,
    filters,
)
from telegram.request import BaseRequest

from ..practice.engine import Engine
from . import handlers, quiz_handlers, tea_handlers
from .buttons import add_buttons
from .commands import COMMANDS, EVERYWHERE, MENU, command_as_text
from .context import CONTEXT_TYPES, App, Context
from .polling import UpdatesRequest, poll
from .schedules import arm_all
from .settings import TELEGRAM_API, Settings
from .tea_handlers import GROUP_COMMANDS

__all__ = ["TELEGRAM_API", "Settings", "build", "run", "serve"]


def build(settings: Settings, engine: Engine, webhook: bool = False, request: BaseRequest | None = None) -> App:
    """The application: rate limited, HTML by default, typed context, every handler registered.

    Polling is ours (``polling.py``), so PTB's Updater is left out unless serving a webhook.
    ``request`` replaces PTB's HTTP layer (the benchmark answers every call in-process).
    """
    queue: JobQueue[Context] = JobQueue()  # as PTB would make, typed for our context
    builder = ApplicationBuilder().context_types(CONTEXT_TYPES).job_queue(queue)
    builder = builder if webhook else builder.updater(None)
    reader = None if webhook or request is not None else UpdatesRequest()
    if request is not None:
        builder = builder.request(request)
    if reader is not None:
        builder = builder.get_updates_request(reader)
    app = (
        builder.token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.max_rate, max_retries=3))
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(on_start)  # run_webhook calls it; serve() calls it itself
        .build()
    )
    app.bot_data.wire(settings, engine, updates_request=reader)
    add_handlers(app)
    return app


def add_handlers(app: App) -> None:
    """Register every handler, in the order they are tried."""
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, handlers.edited))
    # most updates are typed text in a private chat: tried before the forty command handlers it cannot match
    plain = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.Regex(r"^/") & private
    app.add_handler(MessageHandler(plain, handlers.reply_to_text))
    one_to_one = [c for c in COMMANDS if c not in EVERYWHERE]
    app.add_handler(CommandHandler(one_to_one, handlers.private_only, groups & filters.UpdateType.MESSAGE))
    new_only = filters.UpdateType.MESSAGE  # an edited command in a group starts nothing; in private, see above
    for name, callback in COMMANDS.items():
        app.add_handler(CommandHandler(name, callback, new_only if name in EVERYWHERE else private))
    for name, callback in GROUP_COMMANDS.items():
        app.add_handler(CommandHandler(name, callback, groups & filters.UpdateType.MESSAGE))
        app.add_handler(CommandHandler(name, tea_handlers.groups_only, private))
    app.add_handler(MessageHandler(filters.COMMAND & private, handlers.unknown_command))
    untagged = filters.UpdateType.MESSAGE & filters.Regex(r"^/[A-Za-z]") & private
    app.add_handler(MessageHandler(untagged, command_as_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & private, handlers.reply_to_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT & private, handlers.not_text))
    replies_in_groups = groups & filters.REPLY & ~filters.COMMAND & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(replies_in_groups, tea_handlers.group_reply))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, tea_handlers.migrated))
    app.add_handler(PollAnswerHandler(quiz_handlers.poll_answer))  # an answer to a worker's own quiz poll
    app.add_handler(PollHandler(quiz_handlers.poll_state))  # a team round's counts
    add_buttons(app)
    app.add_error_handler(handlers.on_error)


async def on_start(app: App) -> None:
    """Once connected: register the command menu, make join links, re-arm stored schedules."""
    bot_data = app.bot_data
    log = logging.getLogger(__name__)
    try:
        await app.bot.set_my_commands([BotCommand(c, bot_data.engine.text(f"cmd_{c}")) for c in MENU])
    except TelegramError as exc:  # the menu is a convenience: the commands work without it
        log.warning("could not register the command menu: %s", exc.__class__.__name__)
    bot_data.teams.join_link = f"https://t.me/{app.bot.username}?start={{code}}"
    bot_data.tea.deep_link = f"https://t.me/{app.bot.username}?start={{payload}}"
    quiz_handlers.arm_rounds(app)
    log.info("running as @%s; %d schedules armed", app.bot.username, arm_all(app))


def run(
    settings: Settings,
    engine: Engine,
    webhook_url: str | None = None,
    listen: str = "0.0.0.0",
    port: int = 8443,
    secret_token: str | None = None,
) -> None:
    """Poll Telegram for updates, or with ``webhook_url`` serve a webhook, until stopped."""
    app = build(settings, engine, webhook=bool(webhook_url))
    if webhook_url:
        app.run_webhook(
            listen=listen,
            port=port,
            url_path=urlparse(webhook_url).path.lstrip("/"),
            webhook_url=webhook_url,
            secret_token=secret_token or secrets.token_urlsafe(32),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        asyncio.run(serve(app))


async def serve(app: App, stop: asyncio.Event | None = None) -> None:
    """Start the application, poll until SIGINT or SIGTERM (or ``stop``), then shut down cleanly."""
    if stop is None:
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    async with app:
        await on_start(app)
        await app.start()
        try:
            await poll(app, stop)
        finally:
            await app.stop()
