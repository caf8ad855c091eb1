"""The Telegram front end's wiring: a typed context for every handler, and one router for buttons.

Services are read as ``context.bot_data.engine`` (and inbox, teams, tea, view), never by a
string; every button's action has exactly one ``CallbackQueryHandler``, chosen by PTB from the
button's data, and every other action reaches the one handler that says it no longer works.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram import Update
from telegram.ext import CallbackQueryHandler

from outcomes_bot.inbox import PRESSES
from outcomes_bot.telegram_bot import Settings, build
from outcomes_bot.telegram_bot.buttons import BUTTONS
from outcomes_bot.telegram_bot.context import BotData, Context
from outcomes_bot.telegram_bot.stub import StubRequest
from outcomes_bot.telegram_bot.tea_handlers import GROUP_BUTTONS


@pytest.fixture
def app(engine):
    """The real Application, the Bot API stubbed, nothing sent."""
    return build(Settings(token="123:wiring", max_rate=1e9), engine, request=StubRequest())


def button_handlers(app) -> list[CallbackQueryHandler]:
    """The button handlers, in the order PTB tries them."""
    return [h for h in app.handlers[0] if isinstance(h, CallbackQueryHandler)]


def press(app, data: str) -> Update:
    """An update in which someone presses a button carrying ``data`` in their private chat."""
    chat = {"id": 5, "type": "private"}
    message = {"message_id": 1, "date": int(time.time()), "chat": chat, "text": "choose"}
    user = {"id": 5, "is_bot": False, "first_name": "Wyn"}
    query = {"id": "1", "from": user, "chat_instance": "x", "data": data, "message": message}
    return Update.de_json({"update_id": 1, "callback_query": query}, app.bot)


def test_every_handler_gets_the_typed_context_with_the_services_wired(app, engine):
    assert app.context_types.context is Context and isinstance(app.bot_data, BotData)
    data = app.bot_data
    assert data.engine is engine and data.inbox.engine is engine and data.inbox.teams is data.teams
    assert data.tea is data.inbox.tea and data.settings.token == "123:wiring"
    assert data.view.signer.open(data.view.signer.sign("pick", "haircut")) == ("pick", "haircut")


def test_each_action_has_one_handler_and_the_last_one_catches_the_rest(app):
    handlers = button_handlers(app)
    actions = [*GROUP_BUTTONS, *BUTTONS]
    assert set(PRESSES) <= set(BUTTONS) and not set(GROUP_BUTTONS) & set(BUTTONS)
    assert [h.pattern.pattern for h in handlers[:-1]] == [f"^{action}:" for action in actions]
    assert handlers[-1].pattern is None  # forged or unknown data: 'that button no longer works'


@pytest.mark.parametrize("action", [*GROUP_BUTTONS, *BUTTONS, "drop", "shares", "x"])
def test_a_press_reaches_the_handler_for_its_action_and_no_other(app, action):
    signed = app.bot_data.view.signer.sign(action, "1")
    update = press(app, signed)
    chosen = next(h for h in button_handlers(app) if h.check_update(update))
    known = [*GROUP_BUTTONS, *BUTTONS]
    expected = known.index(action) if action in known else len(known)
    assert button_handlers(app).index(chosen) == expected


def test_an_inbox_action_answers_through_its_own_entry_in_the_table(app):
    inbox = app.bot_data.inbox
    said = inbox.pressed(PRESSES["stop"], "tg:5", "")
    assert [r.text for r in said] == [inbox.text("nothing_waiting")]
    assert [r.text for r in inbox.press("tg:5", "no_such_action", "")] == [inbox.text("bad_button")]


def test_forged_data_with_a_known_action_is_refused_before_its_handler_runs(app):
    sent: list[str] = []
    request = app.bot.request

    async def go() -> None:
        async with app:
            for data in ("pick:haircut~AAAAAAAAAAA", "stop:", "share:1.1.1~AAAAAAAAAAA"):
                await app.process_update(press(app, data))

    original = request.do_request

    async def recording(url, method, request_data=None, *args, **kwargs):
        if url.endswith("sendMessage") and request_data:
            sent.append(request_data.parameters["text"])
        return await original(url, method, request_data, *args, **kwargs)

    request.do_request = recording
    asyncio.run(go())
    assert sent == [app.bot_data.engine.text("bad_button")] * 3
    assert app.bot_data.engine.active("tg:5") is None
