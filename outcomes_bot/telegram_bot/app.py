"""Build and run the Telegram application (python-telegram-bot v22).

``build`` wires the handlers to an engine; ``run`` polls, or serves a
webhook. Settings come from the environment (see ``Settings.from_env``).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlparse

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from ..engine import Engine
from . import handlers

TELEGRAM_API = "https://api.telegram.org"
COMMANDS = tuple(handlers.COMMANDS)


@dataclass(frozen=True)
class Settings:
    """How to reach Telegram. The token is never logged (see ``logs.redact_token``)."""

    token: str
    api_url: str = TELEGRAM_API
    max_rate: float = 30  # messages a second to Telegram, overall; Telegram's own limit is about 30

    @property
    def base_url(self) -> str:
        """The Bot API method URL prefix, to which PTB adds the token."""
        return self._root() + "/bot"

    @property
    def base_file_url(self) -> str:
        """The Bot API file URL prefix, to which PTB adds the token."""
        return self._root() + "/file/bot"

    def _root(self) -> str:
        """The API URL without a trailing slash or '/bot'."""
        root = (self.api_url or TELEGRAM_API).rstrip("/")
        return root[: -len("/bot")] if root.endswith("/bot") else root


def build(settings: Settings, engine: Engine) -> Application:
    """The application: rate limited, HTML by default, every handler registered."""
    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.max_rate, max_retries=3))
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(register_commands)
        .build()
    )
    app.bot_data["engine"] = engine
    add_handlers(app)
    return app


def add_handlers(app: Application) -> None:
    """Register every handler, in the order they are tried."""
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, handlers.edited))
    one_to_one = [c for c in COMMANDS if c not in handlers.EVERYWHERE]
    app.add_handler(CommandHandler(one_to_one, handlers.private_only, groups))
    for name, callback in handlers.COMMANDS.items():
        app.add_handler(CommandHandler(name, callback, None if name in handlers.EVERYWHERE else private))
    app.add_handler(MessageHandler(filters.COMMAND & private, handlers.unknown_command))
    untagged = filters.UpdateType.MESSAGE & filters.Regex(r"^/[A-Za-z]") & private
    app.add_handler(MessageHandler(untagged, handlers.command_as_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & private, handlers.reply_to_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT & private, handlers.not_text))
    app.add_handler(CallbackQueryHandler(handlers.button_pressed))
    app.add_error_handler(handlers.on_error)


async def register_commands(app: Application) -> None:
    """Tell Telegram the command menu (setMyCommands), described in messages.yaml."""
    engine: Engine = app.bot_data["engine"]
    log = logging.getLogger(__name__)
    try:
        await app.bot.set_my_commands([BotCommand(c, engine.text(f"cmd_{c}")) for c in COMMANDS])
    except TelegramError as exc:  # the menu is a convenience: the commands work without it
        log.warning("could not register the command menu: %s", exc.__class__.__name__)
    log.info("running as @%s", app.bot.username)


def run(
    settings: Settings,
    engine: Engine,
    webhook_url: str | None = None,
    listen: str = "0.0.0.0",
    port: int = 8443,
    secret_token: str | None = None,
) -> None:
    """Poll Telegram for updates, or with ``webhook_url`` serve a webhook, until stopped."""
    app = build(settings, engine)
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
        app.run_polling(allowed_updates=Update.ALL_TYPES)
