"""Teams, prompts and reflections over real HTTP: an admin, supervisors, workers, and access probed from outside.

Each access-control test here fails if the check it names is taken out of
``teams.py``, ``reflections.py`` or the button signature in ``views.py``.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from botapi import BotAPI, parse_html
from botrun import InProcessBot
from messages import fields, head, text
from test_telegram import buttons, plain, press, say, signed

from outcomes_bot.content.flows import default_flows
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
    made = fields("team_made", plain(say(api, ADMIN, f"/newteam {name}"))[0])
    assert made["team"] == name and made["link"] == f"https://t.me/outcomes_test_bot?start={made['code']}"
    return made["link"], made["code"]


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
    assert plain(say(api, WORKER, f"/start {code}"))[0] == text("joined", team="Valley Care")
    assert text("member_joined", name="Wyn", team="Valley Care") in api.texts(ADMIN)
    assert first_text(api, OTHER, f"/join {code}") == text("joined", team="Valley Care")
    sent = plain(say(api, ADMIN, "/prompt What went well on a visit this week?"))
    assert sent[-1] == text("prompt_sent", count=2, team="Valley Care")
    asking = head("prompt_to_member", name="Sam", team="Valley Care")
    prompt = api.wait_for(lambda: [m for m in api.sent(WORKER) if parse_html(m["text"]).startswith(asking)])[0]
    # Wyn answers by replying to the prompt; it stays private until shared
    before = len(api.sent(WORKER))
    reply = api.message(
        WORKER,
        text="Mr Davies laughed at my joke about the kettle",
        reply_to_message={**api.messages[prompt["message_id"]]},
    )
    api.push("message", reply)
    warning = api.reply(WORKER, before)[-1]
    masked = f"{text('mask_name')} laughed at my joke about the kettle"
    assert parse_html(warning["text"]) == text("pii_warning", kinds=text("pii_name"), masked=masked)
    saved = press(api, WORKER, "pii:mask", warning)[-1]
    assert parse_html(saved["text"]) == text("reflect_saved")
    responses = answer_text(api, ADMIN, "/responses")
    assert text("responses_header", team="Valley Care") in responses and text("no_shared_answers") in responses
    share = next(k for k in buttons(saved) if k.startswith("share:"))
    assert plain(press(api, WORKER, share, saved))[0] == text("reflect_shared", team="Valley Care")
    answers = answer_text(api, ADMIN, "/responses")
    assert text("answer_line", name="Wyn", text=masked) in answers and "Davies" not in answers
    # Olu answers with the button instead
    prompt_olu = api.wait_for(lambda: [m for m in api.sent(OTHER) if parse_html(m["text"]).startswith(asking)])[0]
    asked = press(api, OTHER, next(k for k in buttons(prompt_olu) if k.startswith("answer:")), prompt_olu)
    assert plain(asked)[0] == text("reflect_prompt", prompt="What went well on a visit this week?")
    assert plain(say(api, OTHER, "Sitting down before asking anything."))[0] == text("reflect_saved")
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
    assert text("shared_header", team="Valley Care", first=1, last=1, total=1) in page  # the private one: not counted
    team = first_text(api, ADMIN, "/team")
    wyn = text("member_line", name="Wyn", role=text("role_worker"), practice=text("no_practice"))
    assert wyn in team and team.startswith(head("team_overview", team="Valley Care", count=2, code=text("code_active")))
    assert "not ready" not in team and "1 reflection" not in team
    before = len(api.sent(ADMIN, "sendDocument"))
    api.say(ADMIN, "/export")
    document = api.wait_for(lambda: api.sent(ADMIN, "sendDocument")[before:])[0]
    rows = list(csv.reader(io.StringIO(api.files[document["document_filename"]].decode("utf-8-sig"))))
    assert rows[0] == text("export_header").split(",")
    reflections = [r[4] for r in rows[1:] if r[0] == text("export_reflection")]
    assert reflections == ["Asking what a good day looks like opened things up"]
    # unsharing withdraws it at once
    again = api.sent(WORKER)[-1]
    unshare = next(k for k in buttons(again) if k.startswith("unshare:"))
    assert plain(press(api, WORKER, unshare, again))[0] == text("reflect_unshared", team="Valley Care")
    assert first_text(api, ADMIN, "/reflections") == text("no_shared", team="Valley Care")
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
        assert first_text(api, WORKER, command) == text("not_supervisor"), command
    assert first_text(api, WORKER, "/newteam Mine") == text("not_admin")
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
        assert plain(api.reply(OTHER, before)) == [text("reflect_gone")]
    reflect(api, OTHER, "Olu's own thought")
    assert "Something only I should see" not in json.dumps(answer_text(api, OTHER, "/myreflections"))
    assert first_text(api, OTHER, "/reflections") == text("not_supervisor")
    assert "Something only I should see" in first_text(api, WORKER, "/myreflections") + "".join(api.texts(WORKER)[-3:])


def test_forged_and_replayed_buttons_are_refused(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    saved = reflect(api, WORKER, "A reflection to share")
    share = next(k for k in buttons(saved) if k.startswith("share:"))
    shared = press(api, WORKER, share, saved)
    assert plain(shared)[0] == text("reflect_shared", team="Valley Care")
    # replaying the first 'share' after unsharing must not share it again
    unshare = next(k for k in buttons(shared[-1]) if k.startswith("unshare:"))
    press(api, WORKER, unshare, shared[-1])
    assert plain(press(api, WORKER, share, saved)) == [text("out_of_date")]
    assert first_text(api, ADMIN, "/reflections") == text("no_shared", team="Valley Care")
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
        assert plain(press(api, WORKER, forged)) == [text("bad_button")]
    assert first_text(api, ADMIN, "/reflections") == text("no_shared", team="Valley Care")


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
    use_a = next(k for k, label in buttons(teams).items() if label == text("btn_use_team", team="Team A"))
    press(api, ADMIN, use_a, teams)
    choose = say(api, ADMIN, "/cosupervisor")[-1]
    cerys = next(k for k, label in buttons(choose).items() if label == "Cerys")
    assert plain(press(api, ADMIN, cerys, choose))[0] == text("cosupervisor_made", name="Cerys", team="Team A")
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
        assert answer in (text("not_supervisor"), text("not_in_that_team"))
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
        assert plain(press(api, ADMIN, target, choose))[0] == text("member_removed", name=name, team="Valley Care")
    assert text("you_were_removed", team="Valley Care") in api.texts(WORKER)
    assert first_text(api, CO, "/reflections") == text("not_supervisor")
    assert first_text(api, ADMIN, "/reflections") == text("no_shared", team="Valley Care")
    # a prompt sent before removal can no longer be answered
    say(api, ADMIN, "/prompt One more thing?")
    assert not any("One more thing?" in t for t in api.texts(WORKER))


def test_an_invalid_or_revoked_join_code_is_refused(api, bot):
    link, code = make_team(api)
    refused = text("bad_code")
    assert first_text(api, OUTSIDER, "/join not-a-real-code") == refused
    assert first_text(api, OUTSIDER, f"/join {code[:-1]}") == refused
    rotated = fields("code_rotated", first_text(api, ADMIN, "/newcode"))
    new_code = rotated["code"]
    assert rotated["team"] == "Valley Care" and rotated["link"].endswith(f"start={new_code}") and new_code != code
    assert first_text(api, OUTSIDER, f"/join {code}") == refused
    assert first_text(api, OUTSIDER, f"/start {code}") == refused
    assert first_text(api, ADMIN, "/revokecode") == text("code_revoked", team="Valley Care")
    assert first_text(api, OUTSIDER, f"/join {new_code}") == refused
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
    assert api.texts(group) == [text("tg_private_only")] * 7
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT count(*) FROM reflections").fetchone() == (0,)


def test_supervision_preparation_one_question_at_a_time_with_skip_and_back_ends_in_an_agenda(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    supervision = default_flows().supervision
    asks = {s.id: [q.format(person="Bet") for q in s.questions] for s in supervision.sections}
    assert first_text(api, WORKER, "/prep") == supervision.person_question
    assert first_text(api, WORKER, "Mrs Jones") == text("prep_name_too_much")
    question = say(api, WORKER, "Bet")[-1]
    story = supervision.sections[0].title.format(person="Bet")
    assert parse_html(question["text"]) == text(
        "prep_question", number=1, total=27, section=story, question=asks[supervision.sections[0].id][0]
    )
    question = say(api, WORKER, "Tired but all right")[-1]
    assert parse_html(question["text"]).startswith(head("prep_question", number=2, total=27))
    back = press(api, WORKER, next(k for k in buttons(question) if k.startswith("prep:back")), question)[-1]
    shown = parse_html(back["text"])
    assert shown.startswith(head("prep_question", number=1, total=27, section=story))
    assert shown.endswith("\n\n" + text("prep_given", answer="Tired but all right"))
    assert plain(press(api, WORKER, next(k for k in buttons(question) if k.startswith("prep:skip")), question)) == [
        text("out_of_date")
    ]  # a button from a question no longer on screen
    question = back
    for _ in range(27):
        shown = parse_html(question["text"])
        if asks["practice"][2] in shown:  # what might you do differently next time?
            question = say(api, WORKER, "Ask Bet first, before I tidy")[-1]
        elif asks["outcomes"][0] in shown:  # their best hopes for the future
            question = say(api, WORKER, "To get back to chapel on Sundays")[-1]
        else:
            skip = next(k for k in buttons(question) if k.startswith("prep:skip"))
            question = press(api, WORKER, skip, question)[-1]
        if "share:" in " ".join(buttons(question)):
            break
    agenda = "\n".join(t for t in api.texts(WORKER)[-2:])
    titles = [item.title.format(person="Bet") for item in supervision.agenda]
    assert len(titles) == 7 and agenda.startswith(text("agenda_title", person="Bet"))
    positions = [agenda.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Tired but all right" in agenda and "To get back to chapel on Sundays" in agenda
    assert "Ask Bet first, before I tidy" in agenda
    share = next(k for k in buttons(question) if k.startswith("share:"))
    press(api, WORKER, share, question)
    assert "To get back to chapel on Sundays" in answer_text(api, ADMIN, "/reflections")


def test_a_card_and_what_would_you_do_differently_after_a_practice(api, bot):
    card = say(api, WORKER, "/card")[-1]
    assert parse_html(card["text"]).startswith(head("card", number=1, total=10))
    another = press(api, WORKER, next(k for k in buttons(card) if k.startswith("cards:")), card)[-1]
    assert parse_html(another["text"]).startswith(head("card", number=2, total=10))
    press(api, WORKER, next(k for k in buttons(another) if k.startswith("card:")), another)
    assert first_text(api, WORKER, "It reminded me of Nain") == text("reflect_saved_no_team")
    choice = say(api, WORKER, "/practice")[-1]
    press(api, WORKER, "pick:haircut", choice)
    report = say(api, WORKER, "/end")[-1]
    asked = plain(press(api, WORKER, next(k for k in buttons(report) if k.startswith("rethink:")), report))
    assert asked[0] == text("reflect_differently", question=default_flows().supervision.differently)
    assert first_text(api, WORKER, "Slow down and ask about the barber's") == text("reflect_saved_no_team")
    with sqlite3.connect(bot.db) as connection:
        kinds = [r[0] for r in connection.execute("SELECT kind FROM reflections ORDER BY id")]
    assert kinds == ["card", "practice"]
    mine = answer_text(api, WORKER, "/myreflections")
    assert mine.index("Slow down") < mine.index("Nain")  # newest first
    assert text("private") in mine


def test_forget_removes_reflections_answers_and_memberships(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    saved = reflect(api, WORKER, "A reflection about the morning visit")
    press(api, WORKER, next(k for k in buttons(saved) if k.startswith("share:")), saved)
    confirm = say(api, WORKER, "/forget")[-1]
    done = plain(press(api, WORKER, "forget:yes", confirm))[0]
    assert done == text("forgotten", sessions=0, turns=0, reflections=1, answers=0)
    assert first_text(api, ADMIN, "/reflections") == text("no_shared", team="Valley Care")
    assert "Wyn" not in first_text(api, ADMIN, "/team")
    raw = bot.db.read_bytes() + bot.db.with_suffix(".db-wal").read_bytes()
    assert b"A reflection about the morning visit" not in raw


def test_a_weekly_prompt_is_stored_re_armed_after_a_restart_and_sent_when_due(api, tmp_path):
    db = tmp_path / "schedules.db"
    admins = frozenset({f"tg:{ADMIN}"})
    with InProcessBot(api, db, admins=admins) as bot:
        _, code = make_team(api)
        say(api, WORKER, f"/join {code}")
        usage = text("schedule_usage", timezone="Europe/London")
        assert first_text(api, ADMIN, "/schedule fortnightly 9am hello") == usage
        set_ = first_text(api, ADMIN, "/schedule weekly mon 09:00 What went well this week?")
        monday = text("schedule_when", days=text("day_mon"), time="09:00", timezone="Europe/London")
        assert set_ == text("schedule_set", when=monday, team="Valley Care", prompt="What went well this week?")
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
        assert plain(press(api, ADMIN, stop, listed)) == [text("schedule_stopped")]
        before = len(api.sent(WORKER))
        bot.run(job.run(bot.app))  # a stopped schedule sends nothing, and takes itself off the queue
        assert len(api.sent(WORKER)) == before and job.removed


def test_an_answer_typed_without_replying_to_the_prompt_is_offered_as_the_answer(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    say(api, ADMIN, "/prompt What surprised you this week?")
    api.wait_for(lambda: any("What surprised you" in t for t in api.texts(WORKER)))
    offer = say(api, WORKER, "How much Mrs Bevan enjoyed the radio")[-1]
    assert parse_html(offer["text"]) == text("prompt_offer", prompt="What surprised you this week?")
    warning = press(api, WORKER, "offer:yes", offer)[-1]  # a name ("Mrs B", an initial, would not be): asked first
    saved = press(api, WORKER, "pii:keep", warning)[-1]
    press(api, WORKER, next(k for k in buttons(saved) if k.startswith("share:")), saved)
    assert "— Wyn: How much Mrs Bevan enjoyed the radio" in answer_text(api, ADMIN, "/responses")
    # once answered, typing again is not offered again
    assert not first_text(api, WORKER, "Another thing").startswith(head("prompt_offer"))


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
    asked = plain(press(api, OTHER, answer_button[OTHER], prompts[OTHER]))[0]
    assert asked == text("reflect_prompt", prompt="What helped this week?")
    offer = say(api, CO, "Time to sit with Mrs B over a cuppa")[-1]
    assert parse_html(offer["text"]) == text("prompt_offer", prompt="What helped this week?")
    # Wyn and Olu are removed; Cerys and Mo leave
    choose = say(api, ADMIN, "/remove")[-1]
    for name in ("Wyn", "Olu"):
        press(api, ADMIN, next(k for k, label in buttons(choose).items() if label == name), choose)
    for user in (CO, OUTSIDER):
        listed = say(api, user, "/leave")[-1]
        left = plain(press(api, user, next(k for k in buttons(listed) if k.startswith("leave:")), listed))
        assert left[0] == text("left_team", team="Valley Care")
    gone = [text("prompt_gone")]
    before = len(api.sent(WORKER))  # replying to the prompt
    api.say(WORKER, "Replying after I was removed", reply_to=prompts[WORKER]["message_id"])
    assert plain(api.reply(WORKER, before)) == gone
    assert plain(press(api, WORKER, answer_button[WORKER], prompts[WORKER])) == gone  # its Answer button
    assert plain(press(api, OUTSIDER, answer_button[OUTSIDER], prompts[OUTSIDER])) == gone
    # an answer begun before removal is kept as Olu's own reflection, not as an answer to the prompt
    assert plain(say(api, OTHER, "Begun before I was removed"))[0] == text("reflect_saved_no_team")
    assert plain(press(api, CO, "offer:yes", offer)) == gone  # the offer made before Cerys left
    assert not plain(say(api, OUTSIDER, "Something after I left"))[0].startswith(head("prompt_offer"))  # no offer
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
        assert plain(api.reply(CO, before))[0] == text("only_lead_removes_supervisors", team="Valley Care")
    with sqlite3.connect(bot.db) as connection:
        roles = dict(connection.execute("SELECT user, role FROM members").fetchall())
    assert roles == {f"tg:{u}": "supervisor" for u in (ADMIN, CO, OTHER)} | {f"tg:{WORKER}": "worker"}
    assert plain(press(api, CO, next(iter(buttons(choose))), choose)) == [
        text("member_removed", name="Wyn", team="Valley Care")
    ]
    # Sam, who made it, may remove a co-supervisor, but not themselves: the last supervisor always stays
    choose = say(api, ADMIN, "/remove")[-1]
    assert set(buttons(choose).values()) == {"Cerys", "Olu"}
    assert plain(press(api, ADMIN, next(k for k, v in buttons(choose).items() if v == "Olu"), choose)) == [
        text("member_removed", name="Olu", team="Valley Care")
    ]
    before = len(api.sent(ADMIN))
    api.press(ADMIN, sign(bot, "rm", str(ids[f"tg:{ADMIN}"])))
    assert plain(api.reply(ADMIN, before)) == [text("use_leave")]
    assert head("member_line", name="Sam", role=text("role_supervisor")) in first_text(api, ADMIN, "/team")


def test_a_forget_button_expires_after_ten_minutes_and_then_deletes_nothing(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    reflect(api, WORKER, "Still mine after an old tap")
    confirm = say(api, WORKER, "/forget")[-1]
    assert plain([confirm])[0] == text("tg_forget_confirm", minutes=10)
    asked = int(next(k for k in buttons(confirm) if k.startswith("forget:yes.")).split(".")[1])
    # asked eleven minutes ago, 'asked' an hour from now, and the plain 'yes' buttons sent before they expired
    for stale in (f"yes.{asked - 660}", f"yes.{asked + 3600}", "yes"):
        before = len(api.sent(WORKER))
        api.press(WORKER, sign(bot, "forget", stale), api.messages[confirm["message_id"]])
        assert plain(api.reply(WORKER, before))[0] == text("tg_forget_expired", minutes=10), stale
    assert "Still mine after an old tap" in answer_text(api, WORKER, "/myreflections")
    assert head("member_line", name="Wyn", role=text("role_worker")) in first_text(api, ADMIN, "/team")
    done = plain(press(api, WORKER, "forget:yes", confirm))[0]  # the button just sent still works
    assert done == text("forgotten", sessions=0, turns=0, reflections=1, answers=0)
