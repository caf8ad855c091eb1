"""The Telegram bot end to end: the real PTB Application over real HTTP against the Bot API stand-in."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from botapi import BotAPI, parse_html
from botrun import InProcessBot
from messages import fields, head, text

from outcomes_bot.content.flows import default_flows
from outcomes_bot.telegram_bot.commands import MENU as COMMANDS

TRANSCRIPTS = Path(__file__).parent / "transcripts"


def signed(message: dict) -> dict[str, str]:
    """A sent message's inline buttons, as what they do ('pick:haircut') -> their signed callback data."""
    markup = json.loads(message["reply_markup"]) if isinstance(message.get("reply_markup"), str) else {}
    rows = markup.get("inline_keyboard", [])
    return {b["callback_data"].split("~")[0]: b["callback_data"] for row in rows for b in row if "callback_data" in b}


def buttons(message: dict) -> dict[str, str]:
    """A sent message's inline buttons, as what they do -> label."""
    markup = json.loads(message["reply_markup"]) if isinstance(message.get("reply_markup"), str) else {}
    rows = markup.get("inline_keyboard", [])
    return {b["callback_data"].split("~")[0]: b["text"] for row in rows for b in row if "callback_data" in b}


def data(message: dict, action: str) -> str:
    """The callback data of a message's button for ``action`` (hint, think, end)."""
    return next(k for k in buttons(message) if k.startswith(f"{action}:"))


def say(api: BotAPI, user: int, text: str) -> list[dict]:
    """``user`` sends ``text``; the bot's whole answer."""
    before = len(api.sent(user))
    api.say(user, text)
    return api.reply(user, before)


def press(api: BotAPI, user: int, data: str, under: dict | None = None) -> list[dict]:
    """``user`` presses the button that does ``data`` under the bot's message ``under``; the bot's answer.

    ``data`` may leave off a button's last part ('pii:mask' for 'pii:mask.<nonce>'). If ``under``
    has no such button, ``data`` is sent as it is: a forged press.
    """
    before = len(api.sent(user))
    found = signed(under) if under else {}
    real = found.get(data) or next((v for k, v in found.items() if k.startswith(data + ".")), data)
    api.press(user, real, api.messages.get(int(under["message_id"])) if under else None)
    return api.reply(user, before)


def plain(messages: list[dict]) -> list[str]:
    """The text a phone would show for each message."""
    return [parse_html(m["text"]) for m in messages]


def begin(api: BotAPI, user: int, scenario: str = "bedtime_story") -> list[dict]:
    """``user`` opens /practice and presses a scenario's button; the opening messages."""
    choice = say(api, user, "/practice")[-1]
    assert f"pick:{scenario}" in buttons(choice)
    return press(api, user, f"pick:{scenario}", choice)


def session_row(db: Path, user: int) -> dict:
    """The user's active session, read straight from the SQLite file."""
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute("SELECT * FROM sessions WHERE user = ? AND active = 1", [f"tg:{user}"]).fetchone()
    return dict(row) if row else {}


def test_start_welcomes_with_privacy_and_a_menu_and_commands_are_registered(api, bot):
    answer = say(api, 1, "/start")
    assert len(answer) == 1
    assert plain(answer)[0] == text("tg_welcome", name="User1")
    assert set(buttons(answer[0])) == {"menu:practice", "menu:help", "menu:privacy"}
    assert [c["command"] for c in api.commands] == list(COMMANDS)
    assert all(c["description"] for c in api.commands)


def test_practice_lists_every_scenario_as_a_button_with_a_description(api, bot):
    choice = say(api, 2, "/practice")[-1]
    labels, huw = buttons(choice), default_flows().scenarios["haircut"]
    assert len(labels) == len(default_flows().scenarios) and labels["pick:haircut"] == huw.title
    assert text("tg_choose_line", title=huw.person.name, summary=huw.summary) in parse_html(choice["text"])


def test_menu_button_and_deep_link_lead_to_the_choice(api, bot):
    welcome = say(api, 3, "/start")[0]
    assert "pick:garden_walk" in buttons(press(api, 3, "menu:practice", welcome)[-1])
    assert "pick:garden_walk" in buttons(say(api, 3, "/start practice")[-1])


def test_choosing_a_scenario_starts_it_with_the_person_marked_and_a_progress_line(api, bot):
    opening = begin(api, 4)
    texts = plain(opening)
    stage = default_flows().practice.stages[0].name
    assert texts[0].startswith(head("intro", title=default_flows().scenarios["bedtime_story"].title))
    assert texts[1].startswith(text("tg_persona_label", name="Dai") + "\n")
    assert texts[1].endswith(text("progress", number=1, total=5, name=stage, trust=3))
    assert {k.split(":")[0] for k in buttons(opening[-1])} == {"hint", "think", "end"}


def test_a_trap_gets_the_person_and_the_coach_each_marked_in_one_message(api, bot):
    begin(api, 5)
    answer = say(api, 5, "You should really move your bed back upstairs, Dai.")
    texts = plain(answer)
    assert len(answer) == 1  # one call to Telegram for the whole turn
    person, coach = texts[0].split(f"\n\n{text('tg_coach_label')}\n")
    assert person.startswith(text("tg_persona_label", name="Dai") + "\n")
    feedback = coach.rsplit("\n\n", 1)[0]  # the progress line comes under it
    said = fields("trap_feedback", feedback)
    assert said["name"] == default_flows().coach.traps["expert"].name and said["quote"].startswith("You should")
    assert head("progress", number=1, total=5) in texts[-1] and buttons(answer[-1])
    assert api.sent(5, "sendChatAction") == []  # no 'typing…': the reply is ready at once


def test_a_whole_scenario_reaches_its_report(api, bot, tmp_path):
    session_id = data(begin(api, 6)[-1], "end").split(":")[1]
    lines = (TRANSCRIPTS / "bedtime_story_skilled.txt").read_text(encoding="utf-8").splitlines()
    answer: list[dict] = []
    for line in filter(None, lines):
        answer = say(api, 6, line)
        if any(text("tg_report_label") in t for t in plain(answer)):
            break
    report = "\n".join(t for t in plain(answer) if not t.startswith(head("tg_persona_label")))
    assert report.startswith(text("tg_report_label") + "\n" + head("report_title", person="Dai"))
    assert head("report_stages", count=5, total=5) in report and text("report_no_traps") in report
    assert text("report_outcome_yes", person="Dai") in report
    assert set(buttons(answer[-1])) == {f"rethink:{session_id}", "menu:practice"}
    assert session_row(tmp_path / "bot.db", 6) == {}


def test_hint_thought_and_end_buttons(api, bot):
    opening = begin(api, 7)
    hint = plain(press(api, 7, data(opening[-1], "hint"), opening[-1]))
    stage = default_flows().practice.stages[0]
    shown = text("hint", number=1, name=stage.name, hint=stage.hint, example=stage.example)
    assert stage.example and hint[0] == text("tg_hint_label") + "\n" + shown  # with its example
    answer = say(api, 7, "How have things been for you since you came home, Dai?")
    thought = plain(press(api, 7, data(answer[-1], "think"), answer[-1]))[0]
    assert thought.startswith(text("tg_thought_label") + " " + head("thought", name="Dai"))
    ended = plain(press(api, 7, data(answer[-1], "end"), answer[-1]))
    assert ended[0] == text("worker_ended", name="Dai") and ended[1].startswith(text("tg_report_label"))


def test_buttons_on_old_messages_and_forged_buttons_get_a_clear_answer(api, bot):
    first = begin(api, 8)
    choice = say(api, 8, "/practice")[-1]
    assert plain(press(api, 8, "pick:haircut", choice)) == [text("tg_already_practising", name="Dai")]
    say(api, 8, "/cancel")
    press(api, 8, "pick:haircut", choice)  # a new session: the first one's buttons are old now
    assert plain(press(api, 8, data(first[-1], "end"), first[-1])) == [text("tg_old_button")]
    real = signed(first[-1])[data(first[-1], "end")]
    forgeries = (
        "end:not-a-session",
        "drop:tables",
        "",
        "pick:" + "x" * 60,
        "pick:no_such_person",
        real.replace("end:", "hint:"),
        real[:-1] + ("A" if real[-1] != "A" else "B"),
        real + "x",
    )
    for forged in forgeries:
        assert text("bad_button") in plain(press(api, 8, forged))[0]
    assert session_row(bot.db, 8)["scenario"] == "haircut"  # nothing forged changed the session


def test_two_users_practise_at_once_without_cross_talk(api, bot):
    begin(api, 11, "bedtime_story")
    begin(api, 12, "haircut")
    for turn in range(3):
        api.say(11, f"What matters most to you about home, Dai? ({turn})")
        api.say(12, f"What matters most to you about going out, Huw? ({turn})")
    persona = head("tg_persona_label")
    api.wait_for(
        lambda: (
            sum(t.startswith(persona) for t in api.texts(11)) == 4
            and sum(t.startswith(persona) for t in api.texts(12)) == 4
        )
    )
    assert all(t.startswith(text("tg_persona_label", name="Dai")) for t in api.texts(11) if t.startswith(persona))
    assert all(t.startswith(text("tg_persona_label", name="Huw")) for t in api.texts(12) if t.startswith(persona))
    assert session_row(bot.db, 11)["scenario"] == "bedtime_story"
    assert session_row(bot.db, 12)["scenario"] == "haircut"


def test_a_burst_of_200_messages_from_20_users_is_answered_in_full(api, bot):
    users = range(100, 120)
    for user in users:
        begin(api, user, ["bedtime_story", "haircut", "garden_walk", "swimming_carer"][user % 4])
    before = {user: len(api.sent(user)) for user in users}
    for turn in range(10):
        for user in users:
            api.say(user, f"Tell me more about what a good day looks like for you, part {turn} of {user}.")

    def persona_replies(user: int) -> int:
        sent = (parse_html(m["text"]) for m in api.sent(user)[before[user] :])
        return sum(t.startswith(head("tg_persona_label")) for t in sent)

    api.wait_for(lambda: all(persona_replies(u) == 10 for u in users), timeout=120)
    assert sum(persona_replies(u) for u in users) == 200


def test_restart_mid_session_carries_on_at_the_same_stage_and_trust(api, tmp_path):
    db = tmp_path / "restart.db"
    with InProcessBot(api, db):
        begin(api, 21)
        say(api, 21, "How have things been since you came home, Dai?")
        progress = plain(say(api, 21, "It sounds like the days feel long, waiting for Sian to get home."))[-1]
        before = session_row(db, 21)
    stage_line = progress.rsplit("\n", 1)[-1]
    with InProcessBot(api, db):
        hint = plain(say(api, 21, "/hint"))[0]
        answer = plain(say(api, 21, "What matters most to you about the evenings?"))
    after = session_row(db, 21)
    assert after["id"] == before["id"]
    assert json.loads(after["state"])["turn"] == json.loads(before["state"])["turn"] + 1
    assert hint.startswith(text("tg_hint_label") + "\n" + head("hint", number=fields("progress", stage_line)["number"]))
    assert answer[0].startswith(text("tg_persona_label", name="Dai"))


def test_non_text_edits_unknown_commands_and_groups(api, bot):
    for send in (api.send_sticker, api.send_photo, api.send_voice, api.send_document):
        before = len(api.sent(31))
        send(31)
        assert plain(api.reply(31, before)) == [text("tg_non_text_idle")]
    begin(api, 31)
    before = len(api.sent(31))
    api.send_photo(31)
    assert plain(api.reply(31, before))[0] == text("tg_non_text")
    before = len(api.sent(31))
    api.edit(31, "What matters to you?")
    assert plain(api.reply(31, before))[0] == text("tg_edited")
    assert plain(say(api, 31, "/dance"))[0].startswith(text("tg_unknown_command", command="/dance"))
    group = -500
    before = len(api.sent(group))
    api.say(31, "/practice", chat=group)
    invite = api.reply(group, before)
    assert plain(invite)[0] == text("tg_private_only")
    url = json.loads(invite[0]["reply_markup"])["inline_keyboard"][0][0]["url"]
    assert url == "https://t.me/outcomes_test_bot?start=practice"
    api.say(31, "just chatting in the group", chat=group)
    api.say(31, "/help", chat=group)
    api.wait_for(lambda: len(api.sent(group)) == 2)
    assert plain(api.sent(group)[-1:]) == [text("tg_help_group")]  # the group help answered, the chat line ignored


def test_mydata_sends_a_file_and_forget_deletes_after_confirming(api, bot):
    begin(api, 41)
    say(api, 41, "What matters most to you, Dai?")
    before = len(api.sent(41, "sendDocument"))
    api.say(41, "/mydata")
    document = api.wait_for(lambda: api.sent(41, "sendDocument")[before:])[0]
    data = json.loads(
        api.files[document["document_filename"]]
        if "document_filename" in document
        else api.files["outcomes-bot-my-data.json"]
    )
    assert data["user"] == "tg:41" and data["sessions"][0]["turns"][0]["text"] == "What matters most to you, Dai?"
    confirm = say(api, 41, "/forget")[-1]
    assert sorted(k.split(".")[0] for k in buttons(confirm)) == ["forget:no", "forget:yes"]  # yes.<when asked>
    assert plain(press(api, 41, "forget:no", confirm)) == [text("tg_forget_kept")]
    assert session_row(bot.db, 41)
    done = plain(press(api, 41, "forget:yes", confirm))
    assert done == [text("forgotten", sessions=1, turns=1, reflections=0, answers=0)]
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT count(*) FROM sessions WHERE user = 'tg:41'").fetchone() == (0,)
    assert b"What matters most to you, Dai?" not in (bot.db.read_bytes() + bot.db.with_suffix(".db-wal").read_bytes())


def test_names_and_text_from_users_are_escaped_for_html(api, bot):
    api.names[51] = "<b>Sam & Jo</b>"
    assert plain(say(api, 51, "/start"))[0] == text("tg_welcome", name="<b>Sam & Jo</b>")
    assert plain(say(api, 51, "/dance<b>&"))[0].startswith(text("tg_unknown_command", command="/dance<b>&"))


def test_cancel_stops_without_a_report(api, bot):
    begin(api, 61)
    assert plain(say(api, 61, "/cancel"))[0] == text("cancelled", name="Dai")
    assert plain(say(api, 61, "/cancel"))[0] == text("nothing_to_cancel")
    answer = plain(say(api, 61, "Hello?"))
    assert answer[0] == text("no_session") and answer[1].startswith(text("tg_choose"))


def test_a_failure_is_logged_and_the_person_told_without_details(api, bot, caplog):
    def broken(user, text):
        raise RuntimeError("boom")

    begin(api, 71)
    bot.app.bot_data.engine.say = broken
    with caplog.at_level("ERROR"):
        answer = plain(say(api, 71, "What matters to you, Dai?"))
    assert answer == [text("tg_error")]
    assert any("failed" in r.getMessage() for r in caplog.records)


def test_commands_without_telegrams_marking_still_work_and_a_missing_menu_or_typing_is_not_fatal(tmp_path):
    with BotAPI() as api:
        api.missing |= {"setMyCommands", "sendChatAction", "deleteWebhook"}
        with InProcessBot(api, tmp_path / "bare.db"):
            before = len(api.sent(81))
            api.push("message", api.message(81, text="/practice"))
            choice = api.reply(81, before)[-1]
            assert "pick:haircut" in buttons(choice)
            press(api, 81, "pick:haircut", choice)
            assert plain(say(api, 81, "What matters most to you, Huw?"))[0].startswith(
                text("tg_persona_label", name="Huw")
            )
            before = len(api.sent(81))
            api.push("message", api.message(81, text="/dance now"))
            assert plain(api.reply(81, before))[0].startswith(text("tg_unknown_command", command="/dance"))
        assert api.commands == []


def test_updates_without_a_sender_or_a_message_and_unanswerable_buttons_are_handled(tmp_path):
    with BotAPI() as api:
        api.missing |= {"answerCallbackQuery"}  # as when a press is too old to answer
        with InProcessBot(api, tmp_path / "odd.db"):
            welcome = say(api, 91, "/start")[0]
            assert plain(press(api, 91, "menu:help", welcome))[0] == text("tg_help")
            before = len(api.sent(92))
            message = api.message(92, text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}])
            del message["from"]
            api.push("message", message)
            assert plain(api.reply(92, before))[0] == text("tg_welcome", name="")
            opening = begin(api, 93)
            before = len(api.sent(93))
            api.press(93, signed(opening[-1])[data(opening[-1], "end")])  # no message attached
            assert plain(api.reply(93, before))[0] == text("worker_ended", name="Dai")
