"""The Telegram front end: a thin adapter over the engines.

May import any engine room and the shared modules; never the terminal front end.

Public surface: ``Settings``, ``build`` (the PTB application, for tests and
embedding) and ``run`` (poll or serve a webhook until stopped).
"""

from telegram.error import InvalidToken, NetworkError

from .app import Settings, build, run

__all__ = ["InvalidToken", "NetworkError", "Settings", "build", "run"]
