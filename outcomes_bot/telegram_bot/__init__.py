"""The Telegram front end: a thin adapter over the practice engine.

Public surface: ``Settings``, ``build`` (the PTB application, for tests and
embedding) and ``run`` (poll or serve a webhook until stopped).
"""

from .app import Settings, build, run

__all__ = ["Settings", "build", "run"]
