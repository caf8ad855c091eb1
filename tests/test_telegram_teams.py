"""Teams, prompts and reflections over real HTTP: an admin, supervisors, workers, and access probed from outside.

Each access-control test here fails if the check it names is taken out of
``teams.py``, ``reflections.py`` or the button signature in ``views.py``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3

import pytest
from botapi import BotAPI, parse_html
from botrun import InProcessBot
from test_telegram import buttons, plain, press, say, signed

from outcomes_bot.telegram_bot.views import Signer

ADMIN, CO, WORKER, OTHER, OUTSIDER = 1000, 1001, 1002, 1003, 1004


@pytest.fixture
def api():
    """A fresh Bot API stand-in on 127.0.0.1."""
    with BotAPI() as stand_in:
        stand_in.names.update({ADMIN: "Sam", CO: "Cerys", WORKER: "Wyn", OTHER: "Olu", OUTSIDER: "Mo"})
        yield stand_in


@pytest.fixture
def bot(api, tmp_path):
    """The bot, with ADMIN allowed to make teams."""
    with InProcessBot(api, tmp_path / "teams.db", admins=frozenset({f"tg:{ADMIN}"})) as running:
        yield running


def sign(bot: InProcessBot, action: str, arg: str) -> str:
    """Button data signed with the bot's own key, read from its database: what no attacker should have."""
    with sqlite3.connect(bot.db) as connection:
        key = connection.execute("SELECT value FROM secrets WHERE name = 'button_key'").fetchone()[0]
    return Signer(key).sign(action, arg)


def make_team(api: BotAPI, name: str = "Valley Care") -> tuple[str, str]:
    """ADMIN makes a team; its (join link, code)."""
    text = plain(say(api, ADMIN, f"/newteam {name}"))[0]
    link = re.search(r"https://t\.me/outcomes_test_bot\?start=(\S+)", text)
    code = re.search(r"code: (\S+)", text)
    assert link and code and link.group(1) == code.group(1)
    return link.group(0), code.group(1)


def reflect(api: BotAPI, user: int, text: str) -> dict:
    """``user`` writes a reflection with /reflect TEXT; the bot's 'saved' message."""
    return say(api, user, f"/reflect {text}")[-1]


def answer_text(api: BotAPI, user: int, command: str) -> str:
    """The bot's whole answer to a command, as one text."""
    return "\n".join(plain(say(api, user, command)))


def first_text(api: BotAPI, user: int, command: str) -> str:
    """The first message of the bot's answer to a command."""
    return plain(say(api, user, command))[0]


def test_a_team_is_made_joined_by_link_and_code_and_a_prompt_answered_and_shared(api, bot):
    link, code = make_team(api)
    assert plain(say(api, WORKER, f"/start {code}"))[0].startswith("You've joined Valley Care.")
    assert any("Wyn joined Valley Care." in t for t in api.texts(ADMIN))
    assert first_text(api, OTHER, f"/join {code}").startswith("You've joined Valley Care.")
    sent = plain(say(api, ADMIN, "/prompt What went well on a visit this week?"))
    assert sent[-1].startswith("Sent to 2 people in Valley Care.")
    prompt = api.wait_for(lambda: [m for m in api.sent(WORKER) if "reflection prompt from Sam" in m["text"]])[0]
    # Wyn answers by replying to the prompt; it stays private until shared
    before = len(api.sent(WORKER))
    reply = api.message(
        WORKER,
        text="Mr Davies laughed at my joke about the kettle",
        reply_to_message={**api.messages[prompt["message_id"]]},
    )
    api.push("message", reply)
    warning = api.reply(WORKER, before)[-1]
    assert "a name" in parse_html(warning["text"]) and "[name] laughed" in parse_html(warning["text"])
    saved = press(api, WORKER, "pii:mask", warning)[-1]
    assert parse_html(saved["text"]).startswith("Saved. Only you can see it.")
    assert "Valley Care" in answer_text(api, ADMIN, "/responses") and "No one has shared" in answer_text(
        api, ADMIN, "/responses"
    )
    share = next(k for k in buttons(saved) if k.startswith("share:"))
    assert plain(press(api, WORKER, share, saved))[0].startswith("Shared with Valley Care's supervisors.")
    answers = answer_text(api, ADMIN, "/responses")
    assert "— Wyn: [name] laughed at my joke about the kettle" in answers and "Davies" not in answers
    # Olu answers with the button instead
    prompt_olu = api.wait_for(lambda: [m for m in api.sent(OTHER) if "reflection prompt from Sam" in m["text"]])[0]
    asked = press(api, OTHER, next(k for k in buttons(prompt_olu) if k.startswith("answer:")), prompt_olu)
    assert "Your answer to:" in plain(asked)[0]
    assert plain(say(api, OTHER, "Sitting down before asking anything."))[0].startswith("Saved.")
    with sqlite3.connect(bot.db) as connection:
        linked = connection.execute("SELECT count(*) FROM reflections WHERE prompt_id IS NOT NULL").fetchone()[0]
    assert linked == 2
    assert "Olu" not in answer_text(api, ADMIN, "/responses")  # Olu has not shared


def test_supervisor_views_show_only_what_was_shared_with_no_counts_of_the_rest(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    private = reflect(api, WORKER, "I found today's visit hard and I'm not ready to talk about it")
    shared = reflect(api, WORKER, "Asking what a good day looks like opened things up")
    press(api, WORKER, next(k for k in buttons(shared) if k.startswith("share:")), shared)
    page = first_text(api, ADMIN, "/reflections")
    assert "Asking what a good day looks like" in page and "not ready" not in page
    assert "(1 to 1 of 1)" in page  # the private one is not even counted
    team = first_text(api, ADMIN, "/team")
    assert "Wyn (member): no practice yet." in team and "not to rank them" in team
    assert "not ready" not in team and "1 reflection" not in team
    before = len(api.sent(ADMIN, "sendDocument"))
    api.say(ADMIN, "/export")
    document = api.wait_for(lambda: api.sent(ADMIN, "sendDocument")[before:])[0]
    rows = list(csv.reader(io.StringIO(api.files[document["document_filename"]].decode("utf-8-sig"))))
    assert rows[0][:3] == ["kind", "member", "date"]
    assert [r[4] for r in rows[1:] if r[0] == "reflection"] == ["Asking what a good day looks like opened things up"]
    # unsharing withdraws it at once
    again = api.sent(WORKER)[-1]
    unshare = next(k for k in buttons(again) if k.startswith("unshare:"))
    assert plain(press(api, WORKER, unshare, again))[0].startswith("No longer shared with Valley Care.")
    assert first_text(api, ADMIN, "/reflections").startswith("No one in Valley Care has shared")
    assert private  # and the private one was never visible


def test_a_worker_cannot_run_supervisor_commands_or_make_teams(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    for command in (
        "/team",
        "/reflections",
        "/responses",
        "/export",
        "/prompt hello",
        "/schedule weekly mon 09:00 hi",
        "/schedules",
        "/remove",
        "/cosupervisor",
        "/newcode",
        "/revokecode",
    ):
        assert first_text(api, WORKER, command).startswith("That's for a team's supervisors."), command
    assert first_text(api, WORKER, "/newteam Mine").startswith("Only the people listed in OUTCOMES_ADMINS")
    assert api.sent(WORKER, "sendDocument") == []


def test_a_worker_cannot_read_or_change_another_workers_reflections(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    say(api, OTHER, f"/join {code}")
    saved = reflect(api, WORKER, "Something only I should see")
    share = next(k for k in buttons(saved) if k.startswith("share:"))
    delete = next(k for k in buttons(saved) if k.startswith("delete:"))
    # OTHER sends Wyn's genuine, signed button data from their own chat (as a modified client could): refused
    for action in (share, delete):
        before = len(api.sent(OTHER))
        api.press(OTHER, signed(saved)[action])
        assert plain(api.reply(OTHER, before)) == ["That reflection isn't there any more."]
    reflect(api, OTHER, "Olu's own thought")
    assert "Something only I should see" not in json.dumps(answer_text(api, OTHER, "/myreflections"))
    assert first_text(api, OTHER, "/reflections").startswith("That's for a team's supervisors.")
    assert "Something only I should see" in first_text(api, WORKER, "/myreflections") + "".join(api.texts(WORKER)[-3:])


def test_forged_and_replayed_buttons_are_refused(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    saved = reflect(api, WORKER, "A reflection to share")
    share = next(k for k in buttons(saved) if k.startswith("share:"))
    shared = press(api, WORKER, share, saved)
    assert plain(shared)[0].startswith("Shared with")
    # replaying the first 'share' after unsharing must not share it again
    unshare = next(k for k in buttons(shared[-1]) if k.startswith("unshare:"))
    press(api, WORKER, unshare, shared[-1])
    assert plain(press(api, WORKER, share, saved)) == [
        "That button is out of date: things have changed since. Nothing was done."
    ]
    assert first_text(api, ADMIN, "/reflections").startswith("No one in Valley Care has shared")
    # forged data: right shape, no valid signature
    rid, team, version = share.split(":")[1].split(".")
    fake = "~AAAAAAAAAAA"  # the right shape, but not signed by the bot
    for forged in (
        f"share:{rid}.{team}.{int(version) + 1}{fake}",
        f"page:{team}.0{fake}",
        f"rm:1{fake}",
        f"delete:{rid}.{version}",
        f"share:{rid}.{team}.{int(version) + 1}",
    ):
        assert plain(press(api, WORKER, forged)) == ["That button no longer works. Send /help to see what I can do."]
    assert first_text(api, ADMIN, "/reflections").startswith("No one in Valley Care has shared")


def test_a_supervisor_of_team_a_cannot_see_team_b(api, bot):
    _, code_a = make_team(api, "Team A")
    say(api, WORKER, f"/join {code_a}")
    _, code_b = make_team(api, "Team B")  # ADMIN now supervises B too; B's current for them
    say(api, OTHER, f"/join {code_b}")
    saved = reflect(api, OTHER, "Team B's own reflection")
    for k in buttons(saved):
        if k.startswith("share:"):
            press(api, OTHER, k, saved)
    # ADMIN makes Cerys co-supervisor of A only
    say(api, CO, f"/join {code_a}")
    teams = say(api, ADMIN, "/teams")[-1]
    press(api, ADMIN, next(k for k, label in buttons(teams).items() if label == "Use Team A"), teams)
    choose = say(api, ADMIN, "/cosupervisor")[-1]
    cerys = next(k for k, label in buttons(choose).items() if label == "Cerys")
    assert plain(press(api, ADMIN, cerys, choose))[0] == "Cerys is now a co-supervisor of Team A."
    assert "Team B's own reflection" not in first_text(api, CO, "/reflections")
    assert "Olu" not in first_text(api, CO, "/team")
    with sqlite3.connect(bot.db) as connection:
        b_id = connection.execute("SELECT id FROM teams WHERE name = 'Team B'").fetchone()[0]
    # even with buttons the bot itself signed (the strongest forger), Team B stays shut to Team A's supervisor
    for action, arg in (("page", f"{b_id}.0"), ("team", str(b_id))):
        before = len(api.sent(CO))
        api.press(CO, sign(bot, action, arg))
        answer = plain(api.reply(CO, before))[0]
        assert "Team B's own reflection" not in answer
        assert answer.startswith(("That's for a team's supervisors.", "You're not in that team."))
    assert "Team B's own reflection" not in answer_text(api, CO, "/reflections")
    assert "Team B" not in first_text(api, CO, "/teams")


def test_a_removed_member_loses_access_at_once_and_their_shares_are_withdrawn(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    say(api, CO, f"/join {code}")
    choose = say(api, ADMIN, "/cosupervisor")[-1]
    press(api, ADMIN, next(k for k, label in buttons(choose).items() if label == "Cerys"), choose)
    saved = reflect(api, WORKER, "Shared before I was removed")
    press(api, WORKER, next(k for k in buttons(saved) if k.startswith("share:")), saved)
    assert "Shared before I was removed" in first_text(api, CO, "/reflections")
    choose = say(api, ADMIN, "/remove")[-1]
    for name in ("Wyn", "Cerys"):
        target = next(k for k, label in buttons(choose).items() if label == name)
        assert plain(press(api, ADMIN, target, choose))[0] == f"{name} is no longer in Valley Care."
    assert any("You're no longer a member of Valley Care" in t for t in api.texts(WORKER))
    assert first_text(api, CO, "/reflections").startswith("That's for a team's supervisors.")
    assert first_text(api, ADMIN, "/reflections").startswith("No one in Valley Care has shared")
    # a prompt sent before removal can no longer be answered
    say(api, ADMIN, "/prompt One more thing?")
    assert not any("One more thing?" in t for t in api.texts(WORKER))


def test_an_invalid_or_revoked_join_code_is_refused(api, bot):
    link, code = make_team(api)
    assert first_text(api, OUTSIDER, "/join not-a-real-code").startswith("That join code doesn't work.")
    assert first_text(api, OUTSIDER, f"/join {code[:-1]}").startswith("That join code doesn't work.")
    rotated = first_text(api, ADMIN, "/newcode")
    new_code = re.search(r"Code: (\S+)", rotated).group(1)
    assert first_text(api, OUTSIDER, f"/join {code}").startswith("That join code doesn't work.")
    assert first_text(api, OUTSIDER, f"/start {code}").startswith("That join code doesn't work.")
    assert first_text(api, ADMIN, "/revokecode").startswith("No one can join Valley Care now.")
    assert first_text(api, OUTSIDER, f"/join {new_code}").startswith("That join code doesn't work.")
    with sqlite3.connect(bot.db) as connection:
        stored = connection.execute("SELECT code_hash FROM teams").fetchall()
    assert code not in json.dumps(stored) and link


def test_reflections_are_never_echoed_into_a_group(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    group = -4242
    for command in (
        "/reflect my private thoughts about Mrs Price",
        "/myreflections",
        "/reflections",
        "/prep",
        "/card",
        "/team",
        "/export",
    ):
        api.say(WORKER, command, chat=group)
    api.wait_for(lambda: len(api.sent(group)) == 7)
    assert all(t.startswith("That is one to one") for t in api.texts(group))
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT count(*) FROM reflections").fetchone() == (0,)


def test_supervision_preparation_one_question_at_a_time_with_skip_and_back_ends_in_an_agenda(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    assert "initials or a first name only" in first_text(api, WORKER, "/prep")
    assert first_text(api, WORKER, "Mrs Jones").startswith("Please use initials or a first name only")
    question = say(api, WORKER, "Bet")[-1]
    assert parse_html(question["text"]).startswith("Question 1 of 27 · Exploring Bet's story")
    question = say(api, WORKER, "Tired but all right")[-1]
    assert "Question 2 of 27" in parse_html(question["text"])
    back = press(api, WORKER, next(k for k in buttons(question) if k.startswith("prep:back")), question)[-1]
    assert "Question 1 of 27" in parse_html(back["text"]) and "Your answer so far: Tired but all right" in parse_html(
        back["text"]
    )
    assert plain(press(api, WORKER, next(k for k in buttons(question) if k.startswith("prep:skip")), question)) == [
        "That button is out of date: things have changed since. Nothing was done."
    ]  # a button from a question no longer on screen
    question = back
    for _ in range(27):
        text = parse_html(question["text"])
        if "What might you do differently next time?" in text:
            question = say(api, WORKER, "Ask Bet first, before I tidy")[-1]
        elif "best hopes for the future" in text:
            question = say(api, WORKER, "To get back to chapel on Sundays")[-1]
        else:
            skip = next(k for k in buttons(question) if k.startswith("prep:skip"))
            question = press(api, WORKER, skip, question)[-1]
        if "share:" in " ".join(buttons(question)):
            break
    agenda = "\n".join(t for t in api.texts(WORKER)[-2:])
    titles = [
        "Welcome",
        "Well-being check",
        "Learning and development",
        "Updates from previous supervision",
        "Reflective discussion about Bet's care and support",
        "Agreeing actions",
        "Agenda for next session",
    ]
    positions = [agenda.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Tired but all right" in agenda and "To get back to chapel on Sundays" in agenda
    assert "Ask Bet first, before I tidy" in agenda
    share = next(k for k in buttons(question) if k.startswith("share:"))
    press(api, WORKER, share, question)
    assert "To get back to chapel on Sundays" in answer_text(api, ADMIN, "/reflections")


def test_a_card_and_what_would_you_do_differently_after_a_practice(api, bot):
    card = say(api, WORKER, "/card")[-1]
    assert parse_html(card["text"]).startswith("Reflection card 1 of 10")
    another = press(api, WORKER, next(k for k in buttons(card) if k.startswith("cards:")), card)[-1]
    assert parse_html(another["text"]).startswith("Reflection card 2 of 10")
    press(api, WORKER, next(k for k in buttons(another) if k.startswith("card:")), another)
    assert first_text(api, WORKER, "It reminded me of Nain").startswith("Saved. Only you can see it. (Join a team")
    choice = say(api, WORKER, "/practice")[-1]
    press(api, WORKER, "pick:haircut", choice)
    report = say(api, WORKER, "/end")[-1]
    asked = plain(press(api, WORKER, next(k for k in buttons(report) if k.startswith("rethink:")), report))
    assert "what would you do differently next time" in asked[0]
    assert first_text(api, WORKER, "Slow down and ask about the barber's").startswith("Saved.")
    with sqlite3.connect(bot.db) as connection:
        kinds = [r[0] for r in connection.execute("SELECT kind FROM reflections ORDER BY id")]
    assert kinds == ["card", "practice"]
    mine = answer_text(api, WORKER, "/myreflections")
    assert mine.index("Slow down") < mine.index("Nain")  # newest first
    assert "private" in mine


def test_forget_removes_reflections_answers_and_memberships(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    saved = reflect(api, WORKER, "A reflection about the morning visit")
    press(api, WORKER, next(k for k in buttons(saved) if k.startswith("share:")), saved)
    confirm = say(api, WORKER, "/forget")[-1]
    done = plain(press(api, WORKER, "forget:yes", confirm))[0]
    assert "1 reflections" in done and "took you out of any teams" in done
    assert first_text(api, ADMIN, "/reflections").startswith("No one in Valley Care has shared")
    assert "Wyn" not in first_text(api, ADMIN, "/team")
    raw = bot.db.read_bytes() + bot.db.with_suffix(".db-wal").read_bytes()
    assert b"A reflection about the morning visit" not in raw


def test_a_weekly_prompt_is_stored_re_armed_after_a_restart_and_sent_when_due(api, tmp_path):
    db = tmp_path / "schedules.db"
    admins = frozenset({f"tg:{ADMIN}"})
    with InProcessBot(api, db, admins=admins) as bot:
        _, code = make_team(api)
        say(api, WORKER, f"/join {code}")
        assert "Say when and what" in first_text(api, ADMIN, "/schedule fortnightly 9am hello")
        set_ = first_text(api, ADMIN, "/schedule weekly mon 09:00 What went well this week?")
        assert set_ == 'Every Monday at 09:00 (Europe/London), Valley Care will get: "What went well this week?"'
        assert [j.name for j in bot.app.job_queue.jobs()] == ["schedule-1"]
    with InProcessBot(api, db, admins=admins) as bot:  # a restart: the schedule comes back from SQLite
        (job,) = bot.app.job_queue.jobs()
        assert job.name == "schedule-1" and job.next_t.weekday() == 0
        assert (job.next_t.hour, job.next_t.minute) == (9, 0) and str(job.next_t.tzinfo) == "Europe/London"
        before = len(api.sent(WORKER))
        bot.run(job.run(bot.app))  # as if it were Monday, 09:00
        prompt = api.reply(WORKER, before)[-1]
        assert "What went well this week?" in parse_html(prompt["text"]) and buttons(prompt)
        listed = say(api, ADMIN, "/schedules")[-1]
        stop = next(k for k in buttons(listed) if k.startswith("unsched:"))
        assert plain(press(api, ADMIN, stop, listed)) == ["Stopped. That prompt won't be sent again."]
        before = len(api.sent(WORKER))
        bot.run(job.run(bot.app))  # a stopped schedule sends nothing, and takes itself off the queue
        assert len(api.sent(WORKER)) == before and job.removed


def test_an_answer_typed_without_replying_to_the_prompt_is_offered_as_the_answer(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    say(api, ADMIN, "/prompt What surprised you this week?")
    api.wait_for(lambda: any("What surprised you" in t for t in api.texts(WORKER)))
    offer = say(api, WORKER, "How much Mrs Bevan enjoyed the radio")[-1]
    assert parse_html(offer["text"]).startswith('Is this your answer to the prompt "What surprised you this week?"')
    warning = press(api, WORKER, "offer:yes", offer)[-1]  # a name ("Mrs B", an initial, would not be): asked first
    saved = press(api, WORKER, "pii:keep", warning)[-1]
    press(api, WORKER, next(k for k in buttons(saved) if k.startswith("share:")), saved)
    assert "— Wyn: How much Mrs Bevan enjoyed the radio" in answer_text(api, ADMIN, "/responses")
    # once answered, typing again is not offered again
    assert not first_text(api, WORKER, "Another thing").startswith("Is this your answer")


def test_stopping_a_schedule_takes_it_off_the_clock_at_once(api, bot):
    make_team(api)
    say(api, ADMIN, "/schedule weekdays 08:30 Morning: what matters today?")
    assert [j.name for j in bot.app.job_queue.jobs()] == ["schedule-1"]
    listed = say(api, ADMIN, "/schedules")[-1]
    press(api, ADMIN, next(k for k in buttons(listed) if k.startswith("unsched:")), listed)
    api.wait_for(lambda: not [j for j in bot.app.job_queue.jobs() if not j.removed])


def test_a_former_member_cannot_answer_a_prompt_sent_before_they_went(api, bot):
    _, code = make_team(api)
    people = (WORKER, OTHER, CO, OUTSIDER)
    for user in people:
        say(api, user, f"/join {code}")
    say(api, ADMIN, "/prompt What helped this week?")
    prompts = {
        u: api.wait_for(lambda u=u: [m for m in api.sent(u) if "What helped this week?" in parse_html(m["text"])])[0]
        for u in people
    }
    answer_button = {u: next(k for k in buttons(prompts[u]) if k.startswith("answer:")) for u in people}
    # before going: Olu presses Answer (his next message would be the answer); Cerys types without replying
    assert "Your answer to:" in plain(press(api, OTHER, answer_button[OTHER], prompts[OTHER]))[0]
    offer = say(api, CO, "Time to sit with Mrs B over a cuppa")[-1]
    assert parse_html(offer["text"]).startswith("Is this your answer")
    # Wyn and Olu are removed; Cerys and Mo leave
    choose = say(api, ADMIN, "/remove")[-1]
    for name in ("Wyn", "Olu"):
        press(api, ADMIN, next(k for k, label in buttons(choose).items() if label == name), choose)
    for user in (CO, OUTSIDER):
        listed = say(api, user, "/leave")[-1]
        left = plain(press(api, user, next(k for k in buttons(listed) if k.startswith("leave:")), listed))
        assert left[0].startswith("You've left Valley Care.")
    gone = ["That prompt isn't open to you any more."]
    before = len(api.sent(WORKER))  # replying to the prompt
    api.say(WORKER, "Replying after I was removed", reply_to=prompts[WORKER]["message_id"])
    assert plain(api.reply(WORKER, before)) == gone
    assert plain(press(api, WORKER, answer_button[WORKER], prompts[WORKER])) == gone  # its Answer button
    assert plain(press(api, OUTSIDER, answer_button[OUTSIDER], prompts[OUTSIDER])) == gone
    # an answer begun before removal is kept as Olu's own reflection, not as an answer to the prompt
    assert plain(say(api, OTHER, "Begun before I was removed"))[0].startswith("Saved. Only you can see it.")
    assert plain(press(api, CO, "offer:yes", offer)) == gone  # the offer made before Cerys left
    assert not plain(say(api, OUTSIDER, "Something after I left"))[0].startswith("Is this your answer")  # no offer
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT count(*) FROM reflections WHERE prompt_id IS NOT NULL").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM reflections").fetchone() == (1,)  # Olu's, unlinked


def test_a_co_supervisor_cannot_remove_the_creator_or_another_supervisor(api, bot):
    _, code = make_team(api)
    for user in (CO, OTHER, WORKER):
        say(api, user, f"/join {code}")
    for name in ("Cerys", "Olu"):
        choose = say(api, ADMIN, "/cosupervisor")[-1]
        press(api, ADMIN, next(k for k, label in buttons(choose).items() if label == name), choose)
    choose = say(api, CO, "/remove")[-1]
    assert set(buttons(choose).values()) == {"Wyn"}  # a co-supervisor is offered workers only
    with sqlite3.connect(bot.db) as connection:
        ids = dict(connection.execute("SELECT user, id FROM members").fetchall())
    # even with data the bot itself signed, Cerys can remove neither Sam, who made the team, nor Olu
    for target in (ADMIN, OTHER):
        before = len(api.sent(CO))
        api.press(CO, sign(bot, "rm", str(ids[f"tg:{target}"])))
        assert plain(api.reply(CO, before))[0].startswith("Only the person who made Valley Care can remove")
    with sqlite3.connect(bot.db) as connection:
        roles = dict(connection.execute("SELECT user, role FROM members").fetchall())
    assert roles == {f"tg:{u}": "supervisor" for u in (ADMIN, CO, OTHER)} | {f"tg:{WORKER}": "worker"}
    assert plain(press(api, CO, next(iter(buttons(choose))), choose)) == ["Wyn is no longer in Valley Care."]
    # Sam, who made it, may remove a co-supervisor, but not themselves: the last supervisor always stays
    choose = say(api, ADMIN, "/remove")[-1]
    assert set(buttons(choose).values()) == {"Cerys", "Olu"}
    assert plain(press(api, ADMIN, next(k for k, v in buttons(choose).items() if v == "Olu"), choose)) == [
        "Olu is no longer in Valley Care."
    ]
    before = len(api.sent(ADMIN))
    api.press(ADMIN, sign(bot, "rm", str(ids[f"tg:{ADMIN}"])))
    assert plain(api.reply(ADMIN, before)) == ["To leave a team yourself, use /leave."]
    assert "Sam (supervisor)" in first_text(api, ADMIN, "/team")


def test_a_forget_button_expires_after_ten_minutes_and_then_deletes_nothing(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    reflect(api, WORKER, "Still mine after an old tap")
    confirm = say(api, WORKER, "/forget")[-1]
    assert "This button works for 10 minutes." in plain([confirm])[0]
    asked = int(next(k for k in buttons(confirm) if k.startswith("forget:yes.")).split(".")[1])
    # asked eleven minutes ago, 'asked' an hour from now, and the plain 'yes' buttons sent before they expired
    for stale in (f"yes.{asked - 660}", f"yes.{asked + 3600}", "yes"):
        before = len(api.sent(WORKER))
        api.press(WORKER, sign(bot, "forget", stale), api.messages[confirm["message_id"]])
        assert plain(api.reply(WORKER, before))[0].startswith("That button has expired"), stale
    assert "Still mine after an old tap" in answer_text(api, WORKER, "/myreflections")
    assert "Wyn (member)" in first_text(api, ADMIN, "/team")
    done = plain(press(api, WORKER, "forget:yes", confirm))[0]  # the button just sent still works
    assert done.startswith("Done. I deleted everything") and "1 reflections" in done
