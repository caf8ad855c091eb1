"""Logging for the bot: INFO by default, httpx quietened, and the token never written.

The token appears in every Bot API URL, and in some of PTB's error messages,
so a filter on the handler replaces it wherever it turns up, tracebacks too.
Handlers log what kind of update came in, never its text.
"""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactToken(logging.Filter):
    """Replaces the bot token with ``<token>`` in a record's message and traceback."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record without the token; always keep it."""
        if not self.token:
            return True
        if record.exc_info:  # format the traceback now, so that it can be redacted too
            record.exc_text, record.exc_info = logging.Formatter().formatException(record.exc_info), None
        record.msg, record.args = record.getMessage().replace(self.token, "<token>"), None
        if record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True


def configure(token: str, level: int = logging.INFO) -> None:
    """Log to stderr at ``level``, with the token redacted and chatty libraries quietened."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
