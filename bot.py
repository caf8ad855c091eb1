"""Start outcomes-bot.

The Telegram front end is not built yet (issue 4), so for now this says how
to get a token, or that Telegram is still to come, and points to practice in
the terminal. Invalid flows stop it with every error and its fix.
"""

import os
import sys

from outcomes_bot.flows import default_flows
from outcomes_bot.messages import render
from outcomes_bot.yamlsource import FlowErrors


def main() -> int:
    """Explain how to start, and return the exit status."""
    try:
        messages = default_flows().messages
    except FlowErrors as exc:
        print("\n".join(str(e) for e in exc.errors), file=sys.stderr)
        return 1
    print(render(messages, "bot_not_yet" if os.environ.get("TELEGRAM_BOT_TOKEN") else "bot_no_token"))
    return 2


if __name__ == "__main__":
    sys.exit(main())
