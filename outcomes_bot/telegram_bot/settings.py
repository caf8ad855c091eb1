"""How to reach Telegram, and who may make teams: read from the environment by the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

TELEGRAM_API = "https://api.telegram.org"


@dataclass(frozen=True)
class Settings:
    """How to reach Telegram. The token is never logged (see ``logs.redact_token``)."""

    token: str = field(repr=False)
    api_url: str = TELEGRAM_API
    max_rate: float = 30  # messages a second to Telegram, overall; Telegram's own limit is about 30
    admins: frozenset[str] = frozenset()  # engine names ('tg:<id>') of people who may make teams

    @staticmethod
    def admins_from(text: str) -> frozenset[str]:
        """OUTCOMES_ADMINS ('123,456') as engine names; anything that is not a number is ignored."""
        return frozenset(f"tg:{part.strip()}" for part in text.split(",") if part.strip().isdigit())

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
