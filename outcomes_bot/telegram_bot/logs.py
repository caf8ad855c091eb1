"""Logging for the bot: INFO by default, httpx quietened, and neither the token nor people's words written.

The token appears in every Bot API URL, and in some of PTB's error messages,
so a filter on the handler replaces it wherever it turns up, tracebacks too.
Handlers log what kind of update came in, never its text. PTB itself logs
whole batches of updates when it cannot parse them (texts, names and all),
so the values in its log records are withheld: numbers and error types stay.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
WITHHELD = "<withheld>"


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


class WithholdData(logging.Filter):
    """In PTB's log records, replaces every value but numbers (and errors, by their type) with ``<withheld>``."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's values; always keep it."""
        if not record.name.startswith("telegram") or not record.args:
            return True
        if isinstance(record.args, Mapping) and "%(" in str(record.msg):  # named values
            record.args = {name: _shown(value) for name, value in record.args.items()}
        else:  # a tuple, or the one dict logging unpacked from it
            values = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_shown(value) for value in values)
        return True


def _shown(value: object) -> object:
    """A value as it may appear in the log."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, BaseException):
        return type(value).__name__
    return WITHHELD


def configure(token: str, level: int = logging.INFO) -> None:
    """Log to stderr at ``level``, with the token redacted and chatty libraries quietened."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(WithholdData())  # first: the token filter then formats what is left
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
