"""/risk, the principles and senses card sets, and the tea-brief's senses question, over real HTTP."""

from __future__ import annotations

import sqlite3

import pytest
from botapi import BotAPI
from botrun import InProcessBot
from messages import head, text
from test_telegram import buttons, plain, press, say
from test_telegram_teabrief import GROUP, LEAD, in_group
from test_telegram_teams import make_team

from outcomes_bot.content.flows import default_flows
from outcomes_bot.learn.risk import render_risk

ADMIN, WORKER = 1000, 1002
RISK = default_flows().risk
TEA = default_flows().teabrief
ANSWERS = [  # one per step of flows/risk.yaml, in order
    "A haircut at the barber's he has used for thirty years",
    "He'd feel like himself again",
    "Nervous on the way, proud after",
    "Could knock his confidence",
    "He lives at 14 Station Road and the kerb there is high",  # an address: warned about
    "None: it is good for him socially",
    "Low and shut in",
    "Losing the things that make him tick",
    "Stiffer from sitting in",
    "Isolated from the men he has known for years",
    "It's his risk to take, he says, and he'd rather go",
    "He knows the route; there is a bench halfway",
    "His daughter, with his agreement",
    "D decided to go on Friday morning; I'll walk with him the first time",
]


def said(key: str, **values: object) -> str:
    """One of the risk conversation's own messages (flows/risk.yaml), as the bot renders it."""
    return render_risk(RISK, key, **values)


def said_head(key: str, **values: object) -> str:
    """The start of one of the risk conversation's messages, up to its first placeholder not given."""
    return said(key, **values).split("{")[0]


@pytest.fixture
def api():
    """A fresh Bot API stand-in."""
    with BotAPI() as stand_in:
        stand_in.names.update({ADMIN: "Sam", WORKER: "Wyn", LEAD: "Lowri"})
        stand_in.admins[GROUP] = [LEAD]
        yield stand_in


@pytest.fixture
def bot(api, tmp_path):
    """The bot, with ADMIN allowed to make teams."""
    with InProcessBot(api, tmp_path / "risk.db", admins=frozenset({f"tg:{ADMIN}"})) as running:
        yield running


def reflections(bot: InProcessBot) -> list[tuple]:
    """Every reflection in the bot's database, as (user, kind, ref, text)."""
    with sqlite3.connect(bot.db) as connection:
        return connection.execute("SELECT user, kind, ref, text FROM reflections ORDER BY id").fetchall()


def test_a_whole_risk_conversation_ends_in_a_private_record_a_supervisor_sees_only_once_shared(api, bot):
    _, code = make_team(api)
    say(api, WORKER, f"/join {code}")
    opened = plain(say(api, WORKER, "/risk"))
    assert opened == [said("intro"), said("person_question")]
    assert plain(say(api, WORKER, "Dai Jones")) == [said("name_too_much")]
    first = plain(say(api, WORKER, "D"))[0]
    assert first.startswith(said("question", number=1, total=14, title="What D wants", ask=RISK.steps[0].ask.format(
        person="D")))
    for answer in ANSWERS[:4]:
        say(api, WORKER, answer)
    warning = say(api, WORKER, ANSWERS[4])[-1]
    assert "an address" in plain([warning])[0] and "[address]" in plain([warning])[0]
    assert set(buttons(warning).values()) == {said("btn_keep"), said("btn_mask"), said("btn_retype")}
    asked = plain(press(api, WORKER, "risk:mask", warning))[0]
    assert asked.startswith(said_head("question", number=6, total=14))
    for answer in ANSWERS[5:-1]:
        say(api, WORKER, answer)
    assert reflections(bot) == []  # nothing kept until the end
    end = say(api, WORKER, ANSWERS[-1])
    record, saved = plain(end)[0], end[-1]
    assert record.startswith(said("record_title", person="D"))
    assert "14 Station Road" not in record and ANSWERS[0] in record
    for test in RISK.tests:
        assert said("test_met", name=test.name, met=test.met.format(person="D")) in record
    assert plain([saved])[0] == text("reflect_saved")
    assert [(user, kind, ref) for user, kind, ref, _ in reflections(bot)] == [(f"tg:{WORKER}", "risk", "D")]
    assert plain(say(api, ADMIN, "/reflections"))[0].startswith(head("no_shared", team="Valley Care"))
    share = next(k for k in buttons(saved) if k.startswith("share:"))
    press(api, WORKER, share, saved)
    assert said("record_title", person="D") in "\n".join(plain(say(api, ADMIN, "/reflections")))
    # the principle offered with the record is a card to reflect on
    card = plain(press(api, WORKER, "cards:principles.4", end[0]))[0]
    assert RISK.principles[4].text in card and RISK.principles[4].prompt in card


def test_cancel_mid_way_keeps_nothing(api, bot):
    say(api, WORKER, "/risk")
    for answer in ["D", *ANSWERS[:3]]:
        say(api, WORKER, answer)
    assert plain(say(api, WORKER, "/cancel")) == [text("stopped_writing")]
    assert reflections(bot) == []
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT count(*) FROM pending").fetchone()[0] == 0
    # and a typed message afterwards is no longer taken as an answer
    assert reflections(bot) == []


def test_the_conversation_carries_on_after_a_restart(api, tmp_path):
    db = tmp_path / "restart.db"
    with InProcessBot(api, db):
        say(api, WORKER, "/risk")
        say(api, WORKER, "D")
        say(api, WORKER, ANSWERS[0])
    with InProcessBot(api, db):
        asked = plain(say(api, WORKER, ANSWERS[1]))[0]
    assert asked.startswith(said_head("question", number=3, total=14))


def test_the_principles_and_senses_card_sets_are_drawn_with_card(api, bot):
    principle = say(api, WORKER, "/card principles")[0]
    assert RISK.principles[0].text in plain([principle])[0]
    following = plain(press(api, WORKER, "cards:principles.1", principle))[0]
    assert RISK.principles[1].text in following
    sense = say(api, WORKER, "/card senses")[0]
    assert plain([sense])[0].startswith(head("card", number=1, total=18))
    assert default_flows().supervision.senses.question in plain([sense])[0]
    asked = press(api, WORKER, "card:sense_security_person", sense)
    assert plain(asked)[0] == text("reflect_ask")
    kept = plain(say(api, WORKER, "Feeling safe at home matters most to D"))[0]
    assert kept.startswith(head("reflect_saved_no_team"))
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT kind, ref FROM reflections").fetchall() == [("card", "sense_security_person")]
    assert plain(say(api, WORKER, "/card tarot")) == [text("card_unknown_deck", decks="principles, senses")]
    assert plain(press(api, WORKER, "cards:tarot.1", sense)) == [text("bad_button")]  # forged: not signed by the bot


def test_the_senses_question_closes_a_tea_brief_only_when_the_lead_chooses_it(api, bot):
    posted = in_group(api, LEAD, "/teabrief senses")
    assert len(posted) == len(TEA.prompts) + 2 and plain(posted)[-1] == TEA.senses.text
    api.say(LEAD, "Belonging: D felt part of the barber's again", chat=GROUP, reply_to=posted[-1]["message_id"])
    api.wait_for(lambda: api.sent(GROUP, "setMessageReaction"))
    summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
    assert text("teabrief_senses").strip() in summary
    assert text("teabrief_item", text="Belonging: D felt part of the barber's again", who="").rstrip() in summary
    plain_round = in_group(api, LEAD, "/teabrief")
    assert len(plain_round) == len(TEA.prompts) + 1 and TEA.senses.text not in plain(plain_round)
    assert text("teabrief_senses").strip() not in plain(in_group(api, LEAD, "/teabrief_close"))[0]
