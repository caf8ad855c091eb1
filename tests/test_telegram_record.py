"""/record over real HTTP: a care note reviewed, warned about, and kept only when the worker presses "keep".

Each rule here has a test that fails without it: nothing is stored before "keep"
(the reflections table stays empty), the identifying-details warning comes
first, a kept note is a private reflection of kind ``record``, forged or old
buttons keep nothing, /cancel and /forget drop a waiting note, and the note waits
in the store, so a restart loses nothing.
"""

from __future__ import annotations

import json
import sqlite3

from botapi import BotAPI
from botrun import InProcessBot
from messages import head, text
from test_telegram import buttons, plain, press, say
from test_telegram_teams import sign

from outcomes_bot.content.flows import default_flows
from outcomes_bot.learn.record_check import review, review_text
from outcomes_bot.telegram_bot.commands import COMMANDS, MENU

WORKER, GROUP = 2001, -2001
NOTE = (
    "SU assisted with personal care. Meds prompted.\n"
    "Mrs Jones was non-compliant with her tablets and seems confused.\n"
    'She said "I want to get to chapel on Sunday".'
)
CLEAN = 'Bet washed her face herself because her friend was calling. She said "I feel more like me today".'


def says():
    """The recording review's wording, from flows/recording.yaml."""
    return default_flows().recording.flow.messages


def expected_review(note: str) -> str:
    """The review as the bot should show it: the engine's text for ``note``."""
    flows = default_flows()
    return review_text(review(note, flows.recording, flows.privacy), flows.recording)


def rows(bot: InProcessBot, sql: str) -> list[tuple]:
    """Rows straight from the bot's SQLite file."""
    with sqlite3.connect(bot.db) as connection:
        return connection.execute(sql).fetchall()


def pending(bot: InProcessBot) -> str | None:
    """The kind of the worker's pending input, if any."""
    found = rows(bot, f"SELECT kind FROM pending WHERE user = 'tg:{WORKER}'")
    return found[0][0] if found else None


def reviewed(api: BotAPI, note: str, command: str = "") -> list[dict]:
    """The worker sends ``note`` (after ``command`` in one message, if given); the bot's answer."""
    return say(api, WORKER, f"{command} {note}" if command else note)


def test_record_then_a_note_shows_the_review_and_the_identifying_warning_and_keeps_nothing(api, bot):
    asked = say(api, WORKER, "/record")
    assert plain(asked) == [says().intro]
    assert set(buttons(asked[-1])) == {"stop:record"}  # cancel
    assert pending(bot) == "record"
    answer = reviewed(api, NOTE)
    shown = plain(answer)
    assert shown[0] == expected_review(NOTE)
    assert says().identifying.format(details="“Mrs Jones”") in shown[0]  # warned before anything is kept
    assert shown[0].index("“Mrs Jones”") < shown[0].index(says().concerns)  # the warning comes first
    assert "“assisted with personal care”" in shown[0] and "“Meds prompted”" in shown[0]  # service language
    assert says().labels.format(labels="non-compliant") in shown[0]  # the label
    assert shown[-1] == says().keep_question
    assert {k.split(".")[0] for k in buttons(answer[-1])} == {"record:keep", "record:drop"}
    assert rows(bot, "SELECT count(*) FROM reflections") == [(0,)]  # nothing kept before "keep"
    assert pending(bot) == "record_keep"


def test_keep_after_the_warning_masks_and_stores_a_private_reflection_in_myreflections_and_mydata(api, bot):
    question = reviewed(api, NOTE, "/record")[-1]
    warned = press(api, WORKER, "record:keep", question)
    assert plain(warned)[0].startswith(head("pii_warning"))  # the reflections' own warning: keep, mask, or not
    assert rows(bot, "SELECT count(*) FROM reflections") == [(0,)]
    saved = press(api, WORKER, "pii:mask", warned[-1])
    assert plain(saved) == [text("reflect_saved_no_team")]
    [(kind, kept)] = rows(bot, "SELECT kind, text FROM reflections")
    assert kind == "record" and "Mrs Jones" not in kept and "Meds prompted" in kept
    assert rows(bot, "SELECT count(*) FROM shares") == [(0,)]  # private until shared
    mine = "\n".join(plain(say(api, WORKER, "/myreflections")))
    assert "Meds prompted" in mine and text("private") in mine
    before = len(api.sent(WORKER, "sendDocument"))
    api.say(WORKER, "/mydata")
    api.wait_for(lambda: api.sent(WORKER, "sendDocument")[before:])
    data = json.loads(api.files["outcomes-bot-my-data.json"])
    assert any(r["kind"] == "record" and "Meds prompted" in r["text"] for r in data["reflections"])


def test_a_clean_note_given_with_the_command_is_kept_as_a_reflection_and_forget_removes_it(api, bot):
    answer = reviewed(api, CLEAN, "/record")
    assert plain(answer)[0] == expected_review(CLEAN)
    assert says().identifying.split("{")[0] not in plain(answer)[0]
    assert plain(press(api, WORKER, "record:keep", answer[-1])) == [text("reflect_saved_no_team")]
    assert rows(bot, "SELECT kind, text FROM reflections") == [("record", CLEAN)]
    assert pending(bot) is None
    confirm = say(api, WORKER, "/forget")[-1]
    press(api, WORKER, "forget:yes", confirm)
    assert rows(bot, "SELECT count(*) FROM reflections") == [(0,)]


def test_dont_keep_keeps_nothing_and_old_or_forged_keep_buttons_do_nothing(api, bot):
    first = reviewed(api, CLEAN, "/record")[-1]
    second = reviewed(api, "Bet managed the stairs on her own.", "/record")[-1]  # the first's buttons are old now
    assert plain(press(api, WORKER, "record:keep", first)) == [text("out_of_date")]
    nonce = next(k for k in buttons(second) if k.startswith("record:keep.")).split(".")[1]
    forged = (
        f"record:keep.{nonce}",  # the right data, unsigned
        sign(bot, "record", "keep.00000000"),  # signed, but not this note's
        sign(bot, "record", "keep"),  # signed, no nonce
        sign(bot, "record", "take.all"),  # signed, not a choice
    )
    answers = [plain(press(api, WORKER, data))[0] for data in forged]
    assert answers == [text("bad_button"), text("out_of_date"), text("bad_button"), text("bad_button")]
    assert rows(bot, "SELECT count(*) FROM reflections") == [(0,)]
    assert plain(press(api, WORKER, "record:drop", second)) == [says().discarded]
    assert pending(bot) is None
    assert plain(press(api, WORKER, "record:keep", second)) == [text("nothing_waiting")]  # after "don't keep"
    assert rows(bot, "SELECT count(*) FROM reflections") == [(0,)]


def test_cancel_drops_a_note_asked_for_or_waiting_and_the_next_text_is_not_reviewed(api, bot):
    say(api, WORKER, "/record")
    assert plain(say(api, WORKER, "/cancel")) == [text("stopped_writing")]
    assert pending(bot) is None
    assert says().heading not in "\n".join(plain(say(api, WORKER, NOTE)))  # no longer taken as a note
    question = reviewed(api, NOTE, "/record")[-1]
    assert plain(say(api, WORKER, "/cancel")) == [text("stopped_writing")]
    assert pending(bot) is None and rows(bot, "SELECT count(*) FROM reflections") == [(0,)]
    assert plain(press(api, WORKER, "record:keep", question)) == [text("nothing_waiting")]
    assert rows(bot, "SELECT count(*) FROM reflections") == [(0,)]


def test_an_empty_note_is_asked_for_again_and_a_huge_one_is_reviewed_as_far_as_the_limit(api, bot):
    say(api, WORKER, "/record")
    assert plain(say(api, WORKER, "  \n ")) == [says().empty]
    assert pending(bot) == "record"  # still waiting for the note
    limit = default_flows().recording.flow.max_chars
    huge = ("Bet made her own tea because she likes it strong. " * 200)[: limit + 900]
    answer = reviewed(api, huge)
    assert says().too_long.format(max=limit) in plain(answer)[0]
    press(api, WORKER, "record:keep", answer[-1])
    [(kept,)] = rows(bot, "SELECT text FROM reflections")
    assert kept == huge[:limit].strip()  # only what was reviewed is kept
    emoji = reviewed(api, "😂😂😂", "/record")
    assert plain(emoji)[0] == expected_review("😂😂😂")


def test_a_waiting_note_survives_a_restart(api, tmp_path):
    db = tmp_path / "restart.db"
    with InProcessBot(api, db):
        question = reviewed(api, CLEAN, "/record")[-1]
    with InProcessBot(api, db) as again:
        assert plain(press(api, WORKER, "record:keep", question)) == [text("reflect_saved_no_team")]
        assert rows(again, "SELECT kind FROM reflections") == [("record",)]


def test_record_in_a_group_is_sent_to_a_private_chat_and_the_note_is_not_echoed(api, bot):
    before = len(api.sent(GROUP))
    api.say(WORKER, f"/record {NOTE}", chat=GROUP)
    answer = plain(api.reply(GROUP, before))
    assert answer == [text("tg_private_only")]
    assert rows(bot, "SELECT count(*) FROM pending") == [(0,)]


def test_record_is_in_the_menu_and_help():
    assert "record" in COMMANDS and "record" in MENU
    assert "/record" in text("tg_help") and text("cmd_record")


def test_a_waiting_note_is_in_mydata_and_forget_removes_it(api, bot):
    reviewed(api, CLEAN, "/record")
    before = len(api.sent(WORKER, "sendDocument"))
    api.say(WORKER, "/mydata")
    api.wait_for(lambda: api.sent(WORKER, "sendDocument")[before:])
    data = json.loads(api.files["outcomes-bot-my-data.json"])
    assert data["unfinished"]["kind"] == "record_keep" and data["unfinished"]["data"]["text"] == CLEAN
    confirm = say(api, WORKER, "/forget")[-1]
    press(api, WORKER, "forget:yes", confirm)
    assert pending(bot) is None and rows(bot, "SELECT count(*) FROM reflections") == [(0,)]
