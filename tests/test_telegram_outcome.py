"""/outcome over real HTTP: a plan statement read as an outcome, a need, a resource or an output, and never kept."""

from __future__ import annotations

import sqlite3

from botrun import InProcessBot
from messages import text
from test_telegram import buttons, plain, press, say
from test_telegram_teams import sign

from outcomes_bot.content.flows import default_flows
from outcomes_bot.learn import outcome_check
from outcomes_bot.telegram_bot.commands import COMMANDS, MENU

WORKER, GROUP = 2101, -2101
STATEMENT = "Mum needs homecare"


def says():
    """The outcome check's wording, from flows/outcomes.yaml."""
    return default_flows().outcomes.flow.messages


def reading(statement: str) -> str:
    """The answer the bot should give: the engine's reading of ``statement``, as text."""
    rules = default_flows().outcomes
    return outcome_check.reading_text(rules, outcome_check.check(rules, statement))


def stored(bot: InProcessBot) -> bytes:
    """Everything in the bot's database files, as bytes (the write-ahead log too)."""
    wal = bot.db.with_suffix(".db-wal")
    return bot.db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def pending(bot: InProcessBot) -> str | None:
    """The kind of the worker's pending input, if any."""
    with sqlite3.connect(bot.db) as connection:
        found = connection.execute("SELECT kind FROM pending WHERE user = ?", [f"tg:{WORKER}"]).fetchall()
    return found[0][0] if found else None


def test_outcome_with_a_statement_reads_it_as_a_need_with_a_question_in_the_persons_voice(api, bot):
    answer = say(api, WORKER, f"/outcome {STATEMENT}")
    shown = plain(answer)
    assert shown == [reading(STATEMENT)]
    kinds = says().kinds
    assert shown[0].startswith(says().kind_line.format(kind=kinds["need"].name))  # kind: need
    assert "“What would homecare make possible for your mum?”" in shown[0]  # asked in the person's voice
    assert set(buttons(answer[-1])) == {"outcome:again"}
    assert pending(bot) is None
    assert STATEMENT.encode() not in stored(bot)  # nothing kept


def test_outcome_alone_asks_and_the_next_message_is_checked_then_another(api, bot):
    asked = say(api, WORKER, "/outcome")
    assert plain(asked) == [f"{says().intro}\n\n{says().prompt}"]
    assert set(buttons(asked[-1])) == {"stop:outcome"}
    assert pending(bot) == "outcome"
    answer = say(api, WORKER, "I want to get back to the bowls club on Tuesdays so I can see my friends")
    assert plain(answer)[0].startswith(says().kind_line.format(kind=says().kinds["outcome"].name))
    assert pending(bot) is None  # answered: the next message is not taken as a statement
    again = press(api, WORKER, "outcome:again", answer[-1])
    assert plain(again) == [f"{says().intro}\n\n{says().prompt}"] and pending(bot) == "outcome"
    assert plain(say(api, WORKER, "Referral to OT made")) == [reading("Referral to OT made")]
    assert b"bowls club" not in stored(bot) and b"Referral to OT" not in stored(bot)


def test_empty_huge_and_cancelled_statements_get_a_kind_answer(api, bot):
    say(api, WORKER, "/outcome")
    assert plain(say(api, WORKER, " \n ")) == [says().empty]
    assert pending(bot) == "outcome"  # still waiting
    huge = "Mum wants to stay at home " * 100
    assert plain(say(api, WORKER, huge)) == [
        text("outcome_too_long", length=len(huge), limit=outcome_check.MAX_CHARS)
    ]
    assert plain(say(api, WORKER, "/cancel")) == [text("stopped_writing")]
    assert pending(bot) is None
    assert plain(say(api, WORKER, "😀"))[0] != reading("😀")  # no longer taken as a statement
    assert plain(say(api, WORKER, "/outcome 😀")) == [reading("😀")]


def test_outcome_with_a_statement_leaves_a_reflection_being_written_alone(api, bot):
    say(api, WORKER, "/reflect")
    assert pending(bot) == "reflection"
    say(api, WORKER, f"/outcome {STATEMENT}")
    assert pending(bot) == "reflection"  # checking a statement does not drop what they were writing


def test_forged_another_buttons_do_nothing(api, bot):
    assert plain(press(api, WORKER, "outcome:again")) == [text("bad_button")]  # unsigned
    assert plain(press(api, WORKER, sign(bot, "outcome", "all"))) == [text("bad_button")]
    assert pending(bot) is None


def test_outcome_in_a_group_goes_to_a_private_chat_and_is_in_the_menu_help_and_privacy(api, bot):
    before = len(api.sent(GROUP))
    api.say(WORKER, f"/outcome {STATEMENT}", chat=GROUP)
    assert plain(api.reply(GROUP, before)) == [text("tg_private_only")]
    assert "outcome" in COMMANDS and "outcome" in MENU
    assert "/outcome" in text("tg_help") and "/outcome" in text("tg_privacy") and text("cmd_outcome")
