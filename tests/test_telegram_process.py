"""``python bot.py`` as a deployment runs it: start-up, kill -9 and restart, webhook mode, and its logs."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request

from botapi import BotAPI, parse_html
from botrun import ROOT, bot_process
from messages import head, text


def running(api: BotAPI, process: subprocess.Popen) -> None:
    """Wait until the bot has registered its commands, i.e. it is up and polling (or serving)."""
    api.wait_for(lambda: api.commands or process.poll() is not None, timeout=30)
    assert process.poll() is None, "the bot stopped during start-up"


def stop(process: subprocess.Popen, how: int = signal.SIGTERM) -> None:
    """Stop the bot and wait for it to go."""
    process.send_signal(how)
    process.wait(timeout=20)


def answer(api: BotAPI, user: int, text: str) -> list[str]:
    """``user`` sends ``text``; the bot's whole answer, as plain text."""
    before = len(api.sent(user))
    api.say(user, text)
    return [parse_html(m["text"]) for m in api.reply(user, before, timeout=30)]


def begin(api: BotAPI, user: int, scenario: str) -> list[dict]:
    """``user`` sends /practice and taps a scenario; the opening messages."""
    answer(api, user, "/practice")
    choice = api.sent(user)[-1]
    before = len(api.sent(user))
    api.tap(user, choice["message_id"], f"pick:{scenario}~")
    return api.reply(user, before, timeout=30)


def session(db, user: int) -> dict:
    """The user's active session, straight from the SQLite file."""
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute("SELECT * FROM sessions WHERE user = ? AND active = 1", [f"tg:{user}"]).fetchone()
    return {**dict(row), "state": json.loads(row["state"])} if row else {}


def test_without_a_token_it_says_in_one_line_how_to_get_one():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py")],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stdout.strip().splitlines()
    assert lines == [text("bot_no_token")]


def test_a_refused_token_and_an_unreachable_api_stop_it_with_a_plain_message(api, tmp_path):
    refused = bot_process(api, tmp_path / "a.db", token="999:WRONG-token", capture=True)
    out, _ = refused.communicate(timeout=60)
    assert refused.returncode == 1 and text("bot_bad_token").encode() in out and b"WRONG-token" not in out
    gone = bot_process(api, tmp_path / "b.db", capture=True, TELEGRAM_API_URL="http://127.0.0.1:9")
    out, _ = gone.communicate(timeout=60)
    assert gone.returncode == 1 and head("bot_no_network", url="http://127.0.0.1:9").encode() in out


def test_kill_9_mid_session_then_the_next_message_carries_on(api, tmp_path):
    db = tmp_path / "bot.db"
    bot = bot_process(api, db)
    try:
        running(api, bot)
        begin(api, 5, "garden_walk")
        answer(api, 5, "How have things been for you lately, Nesta?")
        answer(api, 5, "It sounds like the days are long, sat in the chair.")
        kept = session(db, 5)
        stop(bot, signal.SIGKILL)
        api.say(5, "What would a good day look like for you?")  # sent while the bot is down
        before = len(api.sent(5))
        bot = bot_process(api, db)
        replies = [parse_html(m["text"]) for m in api.reply(5, before, timeout=60)]
    finally:
        stop(bot)
    now = session(db, 5)
    assert replies[0].startswith("🗣 Nesta")
    assert now["id"] == kept["id"] and now["state"]["turn"] == kept["state"]["turn"] + 1
    with sqlite3.connect(db) as connection:
        stage, trust = connection.execute(
            "SELECT stage, trust FROM turns WHERE session_id = ? AND turn = ?", [kept["id"], kept["state"]["turn"]]
        ).fetchone()
    assert f"Stage {stage} of 5" in replies[-1] or f"Stage {stage + 1} of 5" in replies[-1]
    assert kept["state"]["trust"] == trust


def test_kill_9_while_messages_wait_to_be_answered_loses_none_of_them(api, tmp_path):
    db = tmp_path / "bot.db"
    users = range(300, 306)
    bot = bot_process(api, db)
    try:
        running(api, bot)
        for user in users:
            begin(api, user, "haircut")
        api.slow = 0.25  # a busy server: answers queue up inside the bot
        counts = {user: len(api.sent(user)) for user in users}
        for user in users:
            api.say(user, "What would a good day look like for you, Huw?")
        api.wait_for(lambda: any(len(api.sent(u)) > counts[u] for u in users), timeout=30)
        stop(bot, signal.SIGKILL)
        api.slow = 0
        bot = bot_process(api, db)

        def answered(user: int) -> bool:
            return any(parse_html(m["text"]).startswith("🗣 Huw") for m in api.sent(user)[counts[user] :])

        api.wait_for(lambda: all(answered(u) for u in users), timeout=60)
    finally:
        stop(bot)
    with sqlite3.connect(db) as connection:  # and none was handled twice
        turns = connection.execute("SELECT count(*) FROM turns").fetchone()[0]
    assert turns == len(users)


def test_webhook_mode_registers_the_url_and_answers_updates_that_carry_the_secret(api, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/outcomes-hook"
    args = ("--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port), "--secret-token", "s3cret")
    bot = bot_process(api, tmp_path / "bot.db", *args)
    try:
        running(api, bot)
        api.wait_for(lambda: api.webhook or bot.poll() is not None, timeout=30)  # set after the menu
        assert bot.poll() is None, "the bot stopped before serving its webhook"
        assert api.webhook["url"] == url and api.webhook["secret_token"] == "s3cret"
        update = {
            "update_id": 1,
            "message": api.message(8, text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}]),
        }
        assert post(url, update, {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}) == 200
        assert parse_html(api.wait_messages(8, 1)[0]["text"]) == text("tg_welcome", name="User8")
        assert post(url, {**update, "update_id": 2}, {}) == 403
    finally:
        stop(bot)


def post(url: str, update: dict, headers: dict) -> int:
    """POST an update to the bot's webhook as Telegram would; the HTTP status."""
    request = urllib.request.Request(url, json.dumps(update).encode(), {"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_logs_name_updates_but_never_the_token_or_what_people_wrote(api, tmp_path):
    log = tmp_path / "bot.log"
    bot = bot_process(api, tmp_path / "bot.db", log=log)
    try:
        running(api, bot)
        begin(api, 9, "drinking_daughter")
        said = answer(api, 9, "Mrs Pritchard at 4 Heol Las told me her son drinks, you should stop him")
        assert said[0].startswith(text("tg_persona_label", name="Rhian"))
    finally:
        stop(bot)
    logged = log.read_text(encoding="utf-8")
    assert "update" in logged and "running as @outcomes_test_bot" in logged
    assert api.token not in logged and api.token.split(":")[1] not in logged
    assert "Pritchard" not in logged and "Heol Las" not in logged


def test_updates_the_library_cannot_read_are_skipped_recorded_and_never_logged(api, tmp_path):
    """A message without a date, an empty message, a poll missing its fields: the bot reads on."""
    db, log = tmp_path / "bot.db", tmp_path / "bot.log"
    bot = bot_process(api, db, log=log)
    try:
        running(api, bot)
        undated = api.message(11, text="Gwenllian at number 7 fell again")
        del undated["date"]
        bad = [api.push_raw({"message": undated}), api.push_raw({"message": {}}), api.push_raw({"poll": {"id": "1"}})]
        said = answer(api, 11, "/start")  # queued behind them, in the same batch
        assert said[0] == text("tg_welcome", name="User11")
        api.wait_for(lambda: not any(u["update_id"] in bad for u in api.updates), timeout=30)  # confirmed
        assert bot.poll() is None
    finally:
        stop(bot)
    with sqlite3.connect(db) as connection:
        recorded = {row[0] for row in connection.execute("SELECT update_id FROM handled_updates")}
    assert set(bad) <= recorded
    logged = log.read_text(encoding="utf-8")
    assert "Gwenllian" not in logged and "fell again" not in logged
    assert all(f"update {n} could not be read" in logged for n in bad)


def test_a_second_bot_on_the_same_database_refuses_to_start_but_the_terminal_still_works(api, tmp_path):
    db = tmp_path / "bot.db"
    first = bot_process(api, db)
    try:
        running(api, first)
        second = bot_process(api, db, capture=True)
        out, _ = second.communicate(timeout=60)
        assert second.returncode == 1
        assert out.decode().strip() == "Error: " + text("bot_already_running", path=db)  # click's "Error: "
        terminal = subprocess.run(
            [sys.executable, "-c", "from outcomes_bot.cli import cli; cli()", "practice", "--scenario", "garden_walk"],
            input="What matters to you, Nesta?\n/end\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "OUTCOMES_DB": str(db)},
            timeout=60,
        )
        assert terminal.returncode == 0 and "Nesta" in terminal.stdout, terminal.stderr
        assert first.poll() is None
        stop(first, signal.SIGKILL)  # the lock goes with the process, however it ends
        api.commands.clear()
        first = bot_process(api, db)
        running(api, first)
        assert answer(api, 12, "/start")[0] == text("tg_welcome", name="User12")
    finally:
        stop(first)
