"""For ``bench`` (and tests): a Bot API answered in-process, and the updates a simulated user sends."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from itertools import count

from telegram.request import BaseRequest, RequestData


@dataclass
class StubRequest(BaseRequest):
    """A Bot API that answers every call at once, and counts the calls by method."""

    calls: dict[str, int] = field(default_factory=dict)
    ids: count = field(default_factory=lambda: count(1))

    @property
    def read_timeout(self) -> float | None:
        """No timeouts: nothing waits."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, *args, **kwargs):
        """Answer a Bot API method as Telegram would, with the least it needs."""
        name = url.rsplit("/", 1)[-1]
        self.calls[name] = self.calls.get(name, 0) + 1
        params = request_data.parameters if request_data else {}
        if name == "getMe":
            result: object = {"id": 1, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
        elif name in ("sendMessage", "sendDocument", "sendPhoto"):
            chat = int(str(params.get("chat_id", 0)))
            result = {"message_id": next(self.ids), "date": int(time.time()), "chat": {"id": chat, "type": "private"}}
        else:
            result = True
        return 200, json.dumps({"ok": True, "result": result}).encode()


def fake_user(number: int) -> dict:
    """A Telegram user and their private chat."""
    return {"id": 10_000 + number, "is_bot": False, "first_name": f"User{number}"}


def text_update(update_id: int, user: dict, text: str) -> dict:
    """An update with a text message (a command if it starts with '/')."""
    message = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def button_update(update_id: int, user: dict, data: str) -> dict:
    """An update with an inline button press."""
    chat = {"id": user["id"], "type": "private"}
    message = {"message_id": 1, "date": int(time.time()), "chat": chat, "text": "choose"}
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": user,
            "chat_instance": "bench",
            "data": data,
            "message": message,
        },
    }
