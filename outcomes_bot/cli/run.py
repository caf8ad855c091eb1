"""``outcomes-bot run``: the Telegram bot, polling or serving a webhook."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from ..content.flows import Flows
from ..content.messages import render
from ..practice.engine import Engine
from ..store.database import db_path
from .base import cli, load, open_store

if TYPE_CHECKING:  # the Telegram front end is imported only when the bot runs: it is slow to load
    from ..telegram_bot import Settings


@cli.command()
@click.option("--webhook-url", metavar="URL", help="Serve a webhook at this public HTTPS URL instead of polling.")
@click.option("--listen", default="0.0.0.0", show_default=True, help="Webhook mode: the address to listen on.")
@click.option("--port", default=8443, show_default=True, type=click.IntRange(1, 65535), help="Webhook mode: the port.")
@click.option(
    "--secret-token",
    envvar="TELEGRAM_WEBHOOK_SECRET",
    metavar="TEXT",
    help="Webhook mode: the secret Telegram must send (default: a new random one at each start).",
)
@click.option(
    "--max-rate",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="The most messages a second to send to Telegram, overall.",
)
def run(webhook_url: str | None, listen: str, port: int, secret_token: str | None, max_rate: float) -> None:
    """Run the Telegram bot: it polls when TELEGRAM_BOT_TOKEN is set (TELEGRAM_API_URL picks the server).

    Example: TELEGRAM_BOT_TOKEN=123:ABC outcomes-bot run
    """
    flows = load()
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        click.echo(render(flows.messages, "bot_no_token"))
        raise SystemExit(2)
    from .. import telegram_bot

    _hold_the_database(flows)
    settings = _settings(token, max_rate)
    try:
        telegram_bot.run(
            settings,
            Engine(flows, open_store(flows)),
            webhook_url=webhook_url,
            listen=listen,
            port=port,
            secret_token=secret_token,
        )
    except telegram_bot.InvalidToken:
        raise click.ClickException(render(flows.messages, "bot_bad_token")) from None
    except telegram_bot.NetworkError as exc:
        raise click.ClickException(
            render(flows.messages, "bot_no_network", url=settings.api_url, reason=exc.__class__.__name__)
        ) from None


def _hold_the_database(flows: Flows) -> None:
    """One bot per database, for as long as this process runs; stop if another holds it."""
    from ..store import runlock

    try:
        runlock.hold(db_path())
    except runlock.AlreadyRunning:
        raise click.ClickException(render(flows.messages, "bot_already_running", path=db_path())) from None


def _settings(token: str, max_rate: float) -> Settings:
    """How to reach Telegram: the token, the server (TELEGRAM_API_URL), the rate and the admins (OUTCOMES_ADMINS)."""
    from .. import telegram_bot
    from ..telegram_bot import logs

    logs.configure(token)
    return telegram_bot.Settings(
        token=token,
        api_url=os.environ.get("TELEGRAM_API_URL") or telegram_bot.app.TELEGRAM_API,
        max_rate=max_rate,
        admins=telegram_bot.Settings.admins_from(os.environ.get("OUTCOMES_ADMINS", "")),
    )
