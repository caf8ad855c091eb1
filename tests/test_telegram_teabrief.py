"""Tea-briefs in a group chat, over real HTTP, with privacy mode as Telegram has it.

The stand-in delivers only commands and replies to the bot's own messages
from the group; anything else members say there never reaches the bot.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3

import pytest
from botapi import BotAPI, parse_html
from botrun import InProcessBot
from test_telegram import buttons, plain, press, say, signed

GROUP = -1001
LEAD, BET, CAI, DEE = 2001, 2002, 2003, 2004


@pytest.fixture
def api():
    """A stand-in where the team's group has four members."""
    with BotAPI() as stand_in:
        stand_in.names.update({LEAD: "Lowri", BET: "Bet", CAI: "Cai", DEE: "Dee"})
        yield stand_in


@pytest.fixture
def bot(api, tmp_path):
    """The bot over a fresh database."""
    with InProcessBot(api, tmp_path / "tea.db") as running:
        yield running


def in_group(api: BotAPI, user: int, text: str, reply_to: int | None = None) -> list[dict]:
    """``user`` says something in the group; the bot's answer there."""
    before = len(api.sent(GROUP))
    api.say(user, text, chat=GROUP, reply_to=reply_to)
    return api.reply(GROUP, before)


def open_round(api: BotAPI, user: int = LEAD, command: str = "/teabrief") -> dict[str, dict]:
    """Open a round; the bot's messages by what they ask ('intro', then the prompt texts)."""
    posted = in_group(api, user, command)
    assert len(posted) == 7, plain(posted)
    return {"intro": posted[0], **{plain([m])[0]: m for m in posted[1:]}}


def prompt(messages: dict[str, dict], starts: str) -> int:
    """The message id of the prompt that starts with ``starts``."""
    return next(m["message_id"] for text, m in messages.items() if text.startswith(starts))


def answer(api: BotAPI, user: int, messages: dict, starts: str, text: str) -> list[str]:
    """``user`` replies to a prompt in the group; what the bot says."""
    return plain(in_group(api, user, text, reply_to=prompt(messages, starts)))


def run_round(api: BotAPI) -> dict:
    """A round with three members answering, one named, plus chatter the bot never sees."""
    messages = open_round(api)
    press_in_group(api, BET, messages["intro"], "named:")
    assert answer(api, BET, messages, "☕ What happened?", "Mr P's daughter rang about the stairs again") == [
        "Thanks, noted."
    ]
    answer(api, CAI, messages, "How did it feel", "Stairs talk again, felt stuck and rushed")
    answer(api, BET, messages, "What went well", "Mr P sang while we did the stairs together")
    answer(api, CAI, messages, "What went well", "Asked Mr P what mattered and he told me about his allotment")
    answer(api, DEE, messages, "What was hard", "The stairs and the daughter's worries")
    answer(api, BET, messages, "What will we try", "Cai will ask Mr P about the allotment by Friday")
    answer(api, DEE, messages, "What will we try", "We'll all sit down before asking anything")
    answer(api, DEE, messages, "Does anyone need support", "I'm finding the late visits hard since my mam died")
    assert api.say(CAI, "ha, good one", chat=GROUP) is None  # not a reply to the bot: never delivered
    return messages


def press_in_group(api: BotAPI, user: int, message: dict, starts: str) -> list[dict]:
    """``user`` presses a button under a bot message in the group."""
    data = next(v for k, v in signed(message).items() if k.startswith(starts))
    before = len(api.sent(GROUP))
    api.press(user, data, api.messages[message["message_id"]])
    return api.reply(GROUP, before)


def test_a_whole_round_with_three_members_ends_in_a_summary_that_keeps_support_private(api, bot):
    run_round(api)
    assert api.dropped == ["ha, good one"]  # privacy mode: the bot never saw the chatter
    summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
    assert summary.startswith("☕ Tea-brief summary")
    assert "Themes: stairs" in summary
    assert "• Mr P sang while we did the stairs together (Bet)" in summary  # Bet agreed to be named
    assert "• Asked Mr P what mattered and he told me about his allotment\n" in summary + "\n"  # Cai did not
    assert "Cai will ask Mr P about the allotment by Friday (who: Cai; by: Friday)" in summary
    assert "We'll all sit down before asking anything (who: all of us; by: the follow-up on" in summary
    assert "late visits" not in summary and "mam" not in summary
    assert "Support: anyone who asked has been heard privately by the supervisor." in summary
    told = api.wait_for(lambda: [t for t in api.texts(LEAD) if "For you only" in t or "for you only" in t])
    assert "Dee: I'm finding the late visits hard since my mam died" in told[0]
    assert not any("late visits" in t for t in api.texts(GROUP))
    with sqlite3.connect(bot.db) as connection:
        actions = connection.execute("SELECT who, by_when FROM actions ORDER BY id").fetchall()
    assert actions[0] == ("Cai", "Friday") and actions[1][0] == "all of us"


def test_a_private_answer_stays_out_of_the_group_unless_its_writer_adds_it(api, bot):
    messages = open_round(api)
    link = next(b["url"] for row in _keyboard(messages["intro"]) for b in row if "url" in b)
    payload = re.search(r"start=(tb\d+)", link).group(1)
    choose = say(api, DEE, f"/start {payload}")[-1]
    labels = buttons(choose)
    went_well = next(k for k, label in labels.items() if label.startswith("What went well"))
    asked = plain(press(api, DEE, went_well, choose))
    assert asked[0].startswith('Write your answer to: "What went well')
    saved = say(api, DEE, "Mrs D laughed for the first time in weeks")[-1]
    hard = next(k for k, label in labels.items() if label.startswith("What was hard"))
    press(api, DEE, hard, choose)
    say(api, DEE, "I nearly cried in the car after")
    press(api, DEE, went_well, choose)
    say(api, DEE, "Her son finally visited")  # private, and not added
    press(api, DEE, next(k for k in buttons(saved) if k.startswith("tbshare:")), saved)
    summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
    assert "• Mrs D laughed for the first time in weeks" in summary and "(Dee)" not in summary
    assert "nearly cried" not in " ".join(api.texts(GROUP)) and "son finally visited" not in summary


def test_a_follow_up_a_week_later_asks_how_each_action_went_and_actions_can_be_marked_done(api, bot):
    run_round(api)
    in_group(api, LEAD, "/teabrief_close")
    (job,) = [j for j in bot.app.job_queue.jobs() if j.name.startswith("followup-")]
    assert 6.9 < (job.next_t - _now()).total_seconds() / 86400 < 7.1  # due in a week
    asked = _fire(api, bot, job)
    assert [plain([m])[0] for m in asked] == [
        "At the last tea-brief you agreed to try Cai will ask Mr P about the allotment by Friday. How did it go? "
        "Reply to this message to say.",
        "At the last tea-brief you agreed to try We'll all sit down before asking anything. How did it go? "
        "Reply to this message to say.",
    ]
    assert plain(in_group(api, CAI, "He showed me his prize leeks!", reply_to=asked[0]["message_id"])) == [
        "Thanks, noted."
    ]
    assert plain(press_in_group(api, BET, asked[0], "done:")) == [
        "Marked done: Cai will ask Mr P about the allotment by Friday. Well done, everyone."
    ]
    assert plain(press_in_group(api, BET, asked[0], "done:")) == ["That one is already marked done."]
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT text FROM answers WHERE prompt LIKE 'action:%'").fetchall() == [
            ("He showed me his prize leeks!",)
        ]


def test_a_restart_between_the_round_and_the_follow_up_loses_nothing(api, tmp_path):
    db = tmp_path / "restart.db"
    with InProcessBot(api, db):
        run_round(api)
        in_group(api, LEAD, "/teabrief_close")
    with InProcessBot(api, db) as bot:  # the follow-up comes back from SQLite
        (job,) = [j for j in bot.app.job_queue.jobs() if j.name.startswith("followup-")]
        asked = _fire(api, bot, job)
        assert len(asked) == 2 and "Cai will ask Mr P" in parse_html(asked[0]["text"])
    with InProcessBot(api, db) as bot:  # sent once only, never again
        assert not [j for j in bot.app.job_queue.jobs() if j.name.startswith("followup-")]


def test_a_round_closes_itself_when_its_time_is_up_even_after_a_restart(api, tmp_path):
    db = tmp_path / "timer.db"
    with InProcessBot(api, db):
        messages = open_round(api, command="/teabrief 30")
        answer(api, BET, messages, "What went well", "Everyone helped with the hoist")
    with InProcessBot(api, db) as bot:
        (job,) = [j for j in bot.app.job_queue.jobs() if j.name.startswith("round-")]
        posted = _fire(api, bot, job)
        assert parse_html(posted[0]["text"]).startswith("☕ Tea-brief summary")
        assert plain(in_group(api, LEAD, "/teabrief_close")) == ["There's no round open. Start one with /teabrief."]


def test_a_story_is_posted_with_the_resources_questions_and_thoughts_are_gathered(api, bot):
    posted = in_group(api, LEAD, "/story may")
    texts = plain(posted)
    assert (
        texts[0].startswith("📖 A Magic Moment: May's bath time")
        and "That must have been how she bathed me" in texts[0]
    )
    assert texts[1] == "Question 1: What are the important values or themes in this story?"
    assert len(posted) == 7
    in_group(api, BET, "Seeing the person, not the label", reply_to=posted[1]["message_id"])
    summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
    assert summary.startswith("📖 What we said about A Magic Moment: May's bath time:")
    assert "• Seeing the person, not the label" in summary


def test_members_delete_their_own_answers_and_forget_removes_them(api, bot):
    messages = open_round(api)
    answer(api, BET, messages, "What was hard", "Bet's hard bit")
    answer(api, CAI, messages, "What was hard", "Cai's hard bit")
    assert plain(in_group(api, BET, "/teabrief_forgetme")) == ["Deleted your 1 answers in this group."]
    confirm = say(api, CAI, "/forget")[-1]
    assert "1 tea-brief answers" in plain(press(api, CAI, "forget:yes", confirm))[0]
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT count(*) FROM answers").fetchone() == (0,)


def test_a_group_can_leave_rounds_to_its_supervisors(api, bot):
    store_team(bot, LEAD)
    assert plain(in_group(api, LEAD, "/teamgroup"))[0].startswith("This group is now Valley Care's.")
    assert plain(in_group(api, BET, "/teabrief_settings leaders supervisors"))[0].startswith("Only supervisors")
    assert "led by supervisors only" in plain(in_group(api, LEAD, "/teabrief_settings leaders supervisors"))[0]
    assert plain(in_group(api, BET, "/teabrief")) == [
        "In this group, only the team's supervisors open and close tea-brief rounds."
    ]
    assert len(open_round(api, LEAD)) == 7
    assert plain(say(api, BET, "/teabrief")) == ["That works in your team's group chat, where the tea-brief happens."]


def store_team(bot: InProcessBot, supervisor: int) -> None:
    """A team 'Valley Care' with ``supervisor`` as its supervisor, written straight to the database."""

    async def make() -> None:
        store = bot.app.bot_data["engine"].store
        team_id = store.create_team("Valley Care", f"tg:{supervisor}", "x")
        store.set_current_team(f"tg:{supervisor}", team_id)

    bot.run(make())


def _keyboard(message: dict) -> list:
    """A sent message's inline keyboard rows."""
    return json.loads(message["reply_markup"])["inline_keyboard"]


def _now() -> dt.datetime:
    """The time now, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def _fire(api: BotAPI, bot: InProcessBot, job) -> list[dict]:
    """Run a job as if its time had come; what it posted in the group."""
    before = len(api.sent(GROUP))
    bot.run(job.run(bot.app))
    return api.reply(GROUP, before)
