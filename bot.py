"""Start outcomes-bot.

With TELEGRAM_BOT_TOKEN set this will run the Telegram bot; without one it
says how to get a token and how to practise in the terminal instead.
"""

import os
import sys

from outcomes_bot.flows import default_flows
from outcomes_bot.messages import render


def main() -> int:
    """Explain how to start, and return the exit status."""
    messages = default_flows().messages
    if not os.environ.get("TELEGRAM_BOT_TOKEN"):
        print(render(messages, "bot_no_token"))
        return 2
    print(render(messages, "bot_not_yet"))
    return 2


if __name__ == "__main__":
    sys.exit(main())
