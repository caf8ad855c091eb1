"""/quiz over real HTTP: native quiz polls in a private chat and a team round in a group, against the stand-in."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from botapi import BotAPI
from botrun import InProcessBot
from messages import text
from test_telegram import buttons, plain, press, say

from outcomes_bot.content.flows import default_flows
from outcomes_bot.learn import quiz as marking

QUIZ = default_flows().quiz
SAYS = QUIZ.messages
GROUP = -1008800000000


def polls(api: BotAPI, chat: int) -> list[dict]:
    """Every quiz poll the bot sent to ``chat``: the sendPoll call, with the poll as the stand-in kept it."""
    return [{**call, "poll": api.messages[call["message_id"]]["poll"]} for call in api.sent(chat, "sendPoll")]


def number_of(poll: dict) -> int:
    """The statement a poll asks about, from its question."""
    return next(i.number for i in QUIZ.items if f'"{i.statement}"' in poll["poll"]["question"])


def correct(poll: dict) -> int:
    """The option the bot marked right."""
    return json.loads(poll["correct_option_ids"])[0]


def scalar(db, sql: str):
    """One value from the bot's database, read on a connection of its own."""
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute(sql).fetchone()[0]


def calls(api: BotAPI) -> list[str]:
    """The Bot API methods called so far, leaving out getUpdates."""
    return [method for method, _ in api.calls if method != "getUpdates"]


def play(api: BotAPI, user: int, wrong_at: set[int] = frozenset()) -> list[int]:
    """Answer ``user``'s quiz poll by poll (wrongly at the positions in ``wrong_at``); the numbers asked.

    Checks that each answer costs the bot exactly one Bot API call: the next poll, or the result.
    """
    asked = []
    for position in range(1, QUIZ.sizes.private + 1):
        poll = api.wait_for(lambda p=position: len(polls(api, user)) >= p and polls(api, user))[-1]
        assert poll["poll"]["question"].startswith(f"{position}/{QUIZ.sizes.private}. ")
        asked.append(number_of(poll))
        before = calls(api)
        choice = 1 - correct(poll) if position in wrong_at else correct(poll)
        api.answer_poll(user, poll["poll"]["id"], [choice])
        count = len(before)
        api.wait_for(lambda n=count: len(calls(api)) > n)
        assert calls(api)[len(before) :] == ["sendPoll" if position < QUIZ.sizes.private else "sendMessage"]
    return asked


def test_a_private_quiz_is_polls_answered_one_by_one_and_a_wrong_answer_comes_back_first(api, bot):
    intro = say(api, 61, "/quiz")
    assert plain(intro) == [SAYS.intro.format(count=QUIZ.sizes.private)]
    first = api.wait_for(lambda: polls(api, 61))[0]
    number = number_of(first)
    assert first["type"] == "quiz" and first["is_anonymous"] == "false"  # so each answer comes with its person
    assert [o["text"] for o in first["poll"]["options"]] == [SAYS.yes, SAYS.no]
    assert correct(first) == (marking.YES_OPTION if QUIZ.item(number).outcome else marking.NO_OPTION)
    assert first["poll"]["explanation"] == QUIZ.item(number).explanation
    before = len(api.sent(61))
    asked = play(api, 61, wrong_at={2})
    result = plain(api.reply(61, before))
    score = marking.Result(QUIZ.sizes.private - 1, QUIZ.sizes.private, (asked[1],))
    assert result == ["\n\n".join(marking.result_lines(QUIZ, score) + [SAYS.again])]
    with sqlite3.connect(bot.db) as db:
        assert db.execute("SELECT count(*) FROM quiz_polls").fetchone() == (0,)  # each poll goes once answered
        kept = dict(db.execute("SELECT number, right FROM quiz_history WHERE user = 'tg:61'").fetchall())
    assert kept == {n: int(n != asked[1]) for n in asked}
    say(api, 61, "/quiz")
    again = api.wait_for(lambda: len(polls(api, 61)) > QUIZ.sizes.private and polls(api, 61))[QUIZ.sizes.private]
    assert number_of(again) == asked[1]  # the one answered wrongly comes first
    assert not set(play(api, 61)[1:]) & set(asked)  # then ones not seen yet


def test_a_team_round_in_a_group_sums_up_counts_and_names_no_one(api, bot):
    members = {8201: "Aled", 8202: "Bethan", 8203: "Carys"}
    api.names.update(members)
    api.say(8201, "/quiz", chat=GROUP)
    sent = api.wait_for(lambda: len(polls(api, GROUP)) == QUIZ.sizes.group and polls(api, GROUP))
    intro = plain(api.sent(GROUP))[0]
    assert intro == SAYS.group_intro.format(count=QUIZ.sizes.group, minutes=QUIZ.sizes.group_minutes)
    for poll in sent:  # anonymous: no member sees another's answer, and the bot never learns it either
        assert poll["is_anonymous"] == "true" and poll["type"] == "quiz"
        assert int(poll["open_period"]) == QUIZ.sizes.group_minutes * 60
    before = calls(api)
    # the first statement: everyone wrong; the second: two of three wrong; the rest: all right
    for index, poll in enumerate(sent):
        for seat, member in enumerate(members):
            wrong = index == 0 or (index == 1 and seat < 2)
            api.answer_poll(member, poll["poll"]["id"], [1 - correct(poll) if wrong else correct(poll)])
    assert plain(say_in_group(api, 8202, "/quiz")) == [SAYS.group_running]
    assert calls(api)[len(before) :] == ["sendMessage"]  # the answers cost no Bot API call; the note one
    summary = plain(say_in_group(api, 8203, "/quiz end"))
    counts = [(0, 3), (1, 2)] + [(3, 0)] * (len(sent) - 2)  # (right, wrong) for each poll, as answered above
    tallies = [marking.Tally(number_of(p), *c) for p, c in zip(sent, counts, strict=True)]
    expected = marking.group_text(QUIZ, marking.group_summary(QUIZ, sorted(tallies, key=lambda t: t.number)))
    assert summary == [expected]
    assert SAYS.group_result.format(answers=15, right=10, most=3) in summary[0]
    assert QUIZ.item(number_of(sent[0])).explanation in summary[0]
    for member, name in members.items():
        assert name not in summary[0] and str(member) not in summary[0]
    with sqlite3.connect(bot.db) as db:  # the counts went with the summary; only the team's result stays
        assert db.execute("SELECT count(*) FROM quiz_polls").fetchone() == (0,)
        assert db.execute("SELECT user FROM quiz_history").fetchall() == [(f"group:{GROUP}",)] * QUIZ.sizes.group
    assert plain(say_in_group(api, 8201, "/quiz end")) == [SAYS.group_nothing_open]
    api.say(8201, "/quiz", chat=GROUP)
    again = api.wait_for(lambda: len(polls(api, GROUP)) >= 2 * QUIZ.sizes.group and polls(api, GROUP))
    assert {number_of(p) for p in again[QUIZ.sizes.group : QUIZ.sizes.group + 2]} == {number_of(p) for p in sent[:2]}


def say_in_group(api: BotAPI, user: int, said: str) -> list[dict]:
    """``user`` says ``said`` in the group; the bot's answer there."""
    before = len(api.sent(GROUP))
    api.say(user, said, chat=GROUP)
    return api.reply(GROUP, before)


def test_answers_the_quiz_is_not_waiting_for_are_ignored_kindly(api, bot):
    say(api, 71, "/quiz")
    mine = api.wait_for(lambda: polls(api, 71))[0]
    api.names[8301] = "Forger"
    forged = [
        {"poll_id": "no-such-poll", "user": api.user(8301), "option_ids": [0]},
        {"poll_id": mine["poll"]["id"], "user": api.user(8301), "option_ids": [correct(mine)]},  # not theirs
        {"poll_id": mine["poll"]["id"], "user": api.user(71), "option_ids": [7]},  # no such option
        {"poll_id": mine["poll"]["id"], "user": api.user(71), "option_ids": []},  # an answer taken back
        {"poll_id": mine["poll"]["id"], "voter_chat": {"id": -1001, "type": "channel"}, "option_ids": [0]},
    ]
    for answer in forged:
        api.push("poll_answer", {**answer, "option_persistent_ids": [f"o{i}" for i in answer["option_ids"]]})
    api.push("poll", {**mine["poll"], "id": "no-such-poll"})
    before = calls(api)
    assert plain(say(api, 8301, "/help"))  # the bot is still answering, and said nothing to anyone about them
    assert calls(api)[len(before) :] == ["sendMessage"] and api.sent(8301, "sendPoll") == []
    assert len(polls(api, 71)) == 1
    with sqlite3.connect(bot.db) as db:
        assert db.execute("SELECT count(*) FROM quiz_history").fetchone() == (0,)
    api.answer_poll(71, mine["poll"]["id"], [correct(mine)])  # the real answer still counts
    assert api.wait_for(lambda: len(polls(api, 71)) == 2)


def test_forget_deletes_the_quiz_history_and_the_running_quiz(api, bot):
    say(api, 81, "/quiz")
    first = api.wait_for(lambda: polls(api, 81))[0]
    api.answer_poll(81, first["poll"]["id"], [1 - correct(first)])
    second = api.wait_for(lambda: len(polls(api, 81)) == 2 and polls(api, 81))[1]
    api.say(81, "/mydata")
    document = api.wait_for(lambda: api.sent(81, "sendDocument"))[0]
    data = json.loads(api.files[document.get("document_filename", "outcomes-bot-my-data.json")])
    assert [(h["number"], h["right"]) for h in data["quiz_history"]] == [(number_of(first), 0)]
    assert data["quiz_running"]["answers"] == [[number_of(first), not QUIZ.item(number_of(first)).outcome, False]]
    assert [p["poll_id"] for p in data["quiz_polls"]] == [second["poll"]["id"]]
    confirm = say(api, 81, "/forget")[-1]
    assert "forget:yes" in {k.split(".")[0] for k in buttons(confirm)}
    press(api, 81, "forget:yes", confirm)
    with sqlite3.connect(bot.db) as db:
        for table in ("quiz_history", "quiz_runs", "quiz_polls"):
            assert db.execute(f"SELECT count(*) FROM {table} WHERE user = 'tg:81'").fetchone() == (0,), table
    before = calls(api)
    api.answer_poll(81, second["poll"]["id"], [correct(second)])  # the quiz is gone: the answer is ignored
    assert plain(say(api, 81, "/help"))[0].startswith(text("tg_help").split("\n")[0])
    assert calls(api)[len(before) :][0] == "sendMessage" and len(polls(api, 81)) == 2


def test_quizzes_survive_a_restart_and_a_team_round_closes_on_time(api, tmp_path):
    db = tmp_path / "restart.db"
    with InProcessBot(api, db):
        say(api, 91, "/quiz")
        mine = api.wait_for(lambda: polls(api, 91))[0]
        api.say(8401, "/quiz", chat=GROUP)
        sent = api.wait_for(lambda: len(polls(api, GROUP)) == QUIZ.sizes.group and polls(api, GROUP))
        api.answer_poll(8401, sent[0]["poll"]["id"], [1 - correct(sent[0])])
        api.wait_for(lambda: scalar(db, "SELECT sum(wrong) FROM quiz_polls"))
    with InProcessBot(api, db) as bot:
        api.answer_poll(91, mine["poll"]["id"], [correct(mine)])  # the private quiz goes on where it was
        assert api.wait_for(lambda: len(polls(api, 91)) == 2)
        api.answer_poll(8402, sent[0]["poll"]["id"], [1 - correct(sent[0])])
        api.answer_poll(8402, sent[1]["poll"]["id"], [correct(sent[1])])
        job = bot.app.job_queue.get_jobs_by_name(f"quiz-{GROUP}")[0]  # armed again at start-up
        api.wait_for(lambda: scalar(db, "SELECT sum(right) FROM quiz_polls"))
        before = len(api.sent(GROUP))
        bot.run(job.run(bot.app))  # as if the round's time had come
        summary = plain(api.reply(GROUP, before))
        assert summary[0].startswith(SAYS.group_result.format(answers=3, right=1, most=2))
        assert QUIZ.item(number_of(sent[0])).statement in summary[0]
        before = len(api.sent(GROUP))
        bot.run(job.run(bot.app))  # a second firing (the round was closed already) posts nothing
        assert plain(say_in_group(api, 8401, "/quiz end")) == [SAYS.group_nothing_open]
        assert len(api.sent(GROUP)) == before + 1


def test_a_group_that_becomes_a_supergroup_keeps_its_round_and_its_results(api, bot):
    api.say(8301, "/quiz", chat=GROUP)
    sent = api.wait_for(lambda: len(polls(api, GROUP)) == QUIZ.sizes.group and polls(api, GROUP))
    for poll in sent[:2]:
        api.answer_poll(8301, poll["poll"]["id"], [1 - correct(poll)])
    new = -1009988776655
    api.push("message", api.message(8301, chat=GROUP, migrate_to_chat_id=new))
    api.wait_for(lambda: scalar(bot.db, f"SELECT count(*) FROM quiz_runs WHERE chat_id = {new}") == 1)
    assert scalar(bot.db, f"SELECT count(*) FROM quiz_runs WHERE chat_id = {GROUP}") == 0
    assert plain(say_in_group_at(api, new, 8301, "/quiz")) == [SAYS.group_running]  # the round went with it
    summary = plain(say_in_group_at(api, new, 8301, "/quiz end"))
    assert SAYS.group_result.format(answers=2, right=0, most=1) in summary[0]
    assert scalar(bot.db, f"SELECT count(*) FROM quiz_history WHERE user = 'group:{new}'") == 2  # the two answered


def say_in_group_at(api: BotAPI, chat: int, user: int, said: str) -> list[dict]:
    """``user`` says ``said`` in the group ``chat``; the bot's answer there."""
    before = len(api.sent(chat))
    api.say(user, said, chat=chat)
    return api.reply(chat, before)
