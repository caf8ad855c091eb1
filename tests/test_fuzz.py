"""Fuzz: odd text through the coach, odd updates through the real Application; nothing raises or hangs.

Each example has a deadline of five seconds: not a speed test (the coach takes milliseconds, and speed
is reported by `outcomes-bot bench`; a deadline of one second failed on a busy machine), but a guard
against input whose cost grows without bound (such inputs once took 3 to 20 s). That the cost grows
only in step with the length is tested by counting steps, in test_privacy.py and test_coach_real_talk.py.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from botapi import parse_html, utf16
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from telegram import Update

from outcomes_bot.coach.classifier import classify
from outcomes_bot.content.flows import default_flows
from outcomes_bot.content.schema import MOVE_IDS, TRAP_IDS
from outcomes_bot.practice.engine import Engine
from outcomes_bot.store.database import Store
from outcomes_bot.telegram_bot import Settings, build
from outcomes_bot.telegram_bot.bench import StubRequest

# Hypothesis may write out a failing call; a 100,000-character text makes that repr large, which it warns of.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
BOUNDED = settings(
    max_examples=150, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
odd_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=400)
repeated = st.builds(lambda unit, times: unit * times, st.text(min_size=1, max_size=12), st.integers(1, 4000))
shapes = st.sampled_from(["did you eat ", "a.", "but ", "?", "You should ", "Mrs ", "0", "😀", "\n", "so, "])
hard = st.builds(lambda unit, times: unit * times, shapes, st.integers(1, 25_000))
text = st.one_of(odd_text, repeated, hard)


@BOUNDED
@given(said=text, before=st.one_of(st.just(""), odd_text))
@example(said="", before=",")  # found by CI: punctuation alone has no clause to read as a question
@example(said=",", before="...")
def test_the_coach_reads_any_text(said, before):
    result = classify(said, [], default_flows().rules, before=before)  # not the fixture: its repr is 2 MB
    assert set(result.move_ids) <= set(MOVE_IDS) and set(result.trap_ids) <= set(TRAP_IDS)


class Recording(StubRequest):
    """The stub Bot API, keeping what the bot sent."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[dict] = []

    async def do_request(self, url, method, request_data=None, *args, **kwargs):
        """Keep each call's parameters, then answer as the stub does."""
        self.sent.append({"method": url.rsplit("/", 1)[-1], **(request_data.parameters if request_data else {})})
        return await super().do_request(url, method, request_data, *args, **kwargs)


@pytest.fixture(scope="module")
def bot(tmp_path_factory, flows):
    """The real Application with the Bot API stubbed, on its own event loop, for every example."""
    store = Store(tmp_path_factory.mktemp("fuzz") / "bot.db")
    request = Recording()
    app = build(Settings(token="123:fuzz", max_rate=1e9), Engine(flows, store), request=request)
    failures: list[BaseException] = []

    async def noticed(update, context) -> None:
        failures.append(context.error)

    app.add_error_handler(noticed)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(app.initialize())
    yield app, loop, request, failures
    loop.run_until_complete(app.shutdown())
    loop.close()
    store.close()


users = st.integers(1, 4)
chats = st.sampled_from(["private", "group", "supergroup"])
commands = st.sampled_from(["/start", "/practice", "/end", "/hint", "/forget", "/reflect", "/teabrief", "/x", "/"])


update_ids = st.integers(1, 10**9)


@st.composite
def updates(draw):
    """An update as Telegram might send it: text, a command, an odd entity, a button with any data, an edit."""
    user = draw(users)
    kind = draw(chats)
    chat = {"id": user if kind == "private" else -100 - user, "type": kind}
    if kind != "private":
        chat["title"] = "Team"
    sender = {"id": user, "is_bot": False, "first_name": draw(st.text(min_size=1, max_size=20))}
    words = draw(st.one_of(text, commands, st.builds(lambda c, t: f"{c} {t}", commands, odd_text)))
    message = {"message_id": draw(st.integers(1, 10**6)), "date": 1_700_000_000, "chat": chat, "from": sender}
    if draw(st.booleans()):
        message["text"] = words
        if words.startswith("/") and draw(st.booleans()):
            length = draw(st.integers(0, 40))  # an entity that may overrun the text
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    else:
        message["sticker"] = {
            "file_id": "s",
            "file_unique_id": "s",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
    if draw(st.booleans()):
        message["reply_to_message"] = {**message, "message_id": draw(st.integers(1, 10**6))}
    shape = draw(st.sampled_from(["message", "edited_message", "callback_query"]))
    if shape == "callback_query":
        data = draw(st.one_of(odd_text, st.builds(lambda a, b: f"{a}:{b}~{'A' * 11}", odd_text, odd_text)))
        body = {"id": "1", "from": sender, "chat_instance": "c", "data": data[:64], "message": message}
        return {"update_id": draw(update_ids), "callback_query": body}
    if shape == "edited_message":
        message["edit_date"] = 1_700_000_001
    return {"update_id": draw(update_ids), shape: message}


@BOUNDED
@given(data=updates())
def test_any_update_is_answered_without_an_error_and_in_valid_html(bot, data):
    app, loop, request, failures = bot
    update = Update.de_json(data, app.bot)
    before = len(request.sent)
    loop.run_until_complete(app.process_update(update))
    assert not failures, failures
    answered = [c for c in request.sent[before:] if c["method"] == "sendMessage"]
    if update.effective_chat.type == "private" and not update.callback_query:
        assert answered  # everything a person sends in private gets a reply, kindly
    for call in request.sent[before:]:
        if call["method"] in ("sendMessage", "editMessageText"):
            shown = parse_html(call["text"])  # raises, as Telegram refuses, if the HTML is not well formed
            assert 0 < utf16(shown) <= 4096
