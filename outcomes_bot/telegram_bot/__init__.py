"""The Telegram front end: a thin adapter over the engines.

May import any engine room and the shared modules; never the terminal front end.

Public surface: ``Settings``, ``build`` (the PTB application, for tests and
embedding) and ``run`` (poll or serve a webhook until stopped). Every handler
and job gets the same typed ``context.Context``, whose ``bot_data`` holds the
services (``context.BotData``); buttons are routed by PTB, one handler per
action (``buttons.py``).
"""

from telegram.error import InvalidToken, NetworkError

from .app import Settings, build, run

__all__ = ["InvalidToken", "NetworkError", "Settings", "build", "run"]
