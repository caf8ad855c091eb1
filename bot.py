"""Start outcomes-bot on Telegram: ``python bot.py`` is ``outcomes-bot run``.

With TELEGRAM_BOT_TOKEN set it polls Telegram (or the Bot API at
TELEGRAM_API_URL); ``--webhook-url`` serves a webhook instead. Without a
token it says in one line how to get one, and how to practise in the
terminal. Invalid flows stop it with every error and its fix.
"""

import sys

from outcomes_bot.cli import cli

if __name__ == "__main__":
    cli(["run", *sys.argv[1:]], prog_name="bot.py")
