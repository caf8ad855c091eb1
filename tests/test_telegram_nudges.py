"""Nudges over real HTTP: a weekly reminder the worker sets and stops, and progress shared only with consent.

Each rule here fails its test if taken out: no reminder at night (``Nudges.set``), off with one tap,
the reminder re-armed at start-up (``schedules.arm_all``) and silent once it is off, a share that
counts only while it stands (``ProgressShares.worker_view``, ``store.progress_sharers``), gone when
the worker leaves the team (``TeamStore.remove_member``), the team's trend only from three sharing
(``ProgressShares.team_view``, ``progress_share.medians``), and no ranking: workers listed by name.
"""

from __future__ import annotations

import re
import sqlite3
import statistics
import struct
from pathlib import Path

import pytest
from botapi import BotAPI
from botrun import InProcessBot
from messages import fields, text
from test_telegram import begin, buttons, plain, press, say
from test_telegram_teams import sign

from outcomes_bot.content.checks_learn_nudges import check_nudges
from outcomes_bot.content.flows import check_file, default_flows
from outcomes_bot.content.schema_learn_nudges import NudgesFlow
from outcomes_bot.learn.progress import progress
from outcomes_bot.store.database import Store

LEAD, HILL, WYN, OLU, BEA, MO = 4000, 4001, 4002, 4003, 4004, 4005
FLOWS = default_flows()
SAID = FLOWS.nudges.messages
ADMINS = frozenset({f"tg:{LEAD}", f"tg:{HILL}"})
RANKING = re.compile(r"\brank|percentile|\btop\b|\bbest\b|\bworst\b|\b\d+(?:st|nd|rd|th)\b|#\d|league", re.I)


def said(key: str, **values: object) -> str:
    """One of the nudges' messages, as the bot fills it in."""
    return str(getattr(SAID, key)).format(**values)


@pytest.fixture
def api():
    """A fresh Bot API stand-in on 127.0.0.1."""
    with BotAPI() as stand_in:
        stand_in.names.update({LEAD: "Sam", HILL: "Hana", WYN: "Wyn", OLU: "Olu", BEA: "Bea", MO: "Mo"})
        yield stand_in


def teams(api: BotAPI) -> str:
    """LEAD makes Valley Care (Wyn, Olu, Bea join, in that order); HILL makes Hill Care (Mo joins). Valley's code."""
    valley = fields("team_made", plain(say(api, LEAD, "/newteam Valley Care"))[0])["code"]
    for member in (WYN, OLU, BEA):
        say(api, member, f"/join {valley}")
    hill = fields("team_made", plain(say(api, HILL, "/newteam Hill Care"))[0])["code"]
    say(api, MO, f"/join {hill}")
    return valley


def practise(api: BotAPI, user: int, lines: list[str], scenario: str = "haircut") -> None:
    """``user`` practises with ``scenario``, says ``lines``, and ends with a report."""
    begin(api, user, scenario)
    for line in lines:
        say(api, user, line)
    assert any(t.startswith(text("tg_report_label")) for t in plain(say(api, user, "/end")))


GOOD = ["What matters most to you about today?", "It sounds like getting out means a lot to you."]
TRAPS = ["You should just go to the barber.", "Have you had your tablets?"]


def rows(db: Path, sql: str) -> list[tuple]:
    """Rows straight from the bot's SQLite file."""
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def reminder_job(bot: InProcessBot, user: int):
    """The weekly reminder job of ``user``, if it is on the queue (and not being removed)."""
    return next((j for j in bot.app.job_queue.jobs() if j.name == f"remind-tg:{user}" and not j.removed), None)


# --- reminders -------------------------------------------------------------------------


def test_a_reminder_is_set_by_day_then_hour_re_armed_after_a_restart_and_names_who_to_practise_with(api, tmp_path):
    db = tmp_path / "n.db"
    with InProcessBot(api, db) as bot:
        practise(api, WYN, TRAPS)
        asked = say(api, WYN, "/remind")[-1]
        assert plain([asked]) == [said("remind_none")]
        assert list(buttons(asked)) == [f"rmday:{d}" for d in (1, 2, 3, 4, 5, 6, 0)]  # Monday first
        hours = press(api, WYN, "rmday:1", asked)[-1]
        assert plain([hours]) == [said("remind_ask_hour", day="Monday")]
        assert list(buttons(hours).values()) == [f"{h:02d}:00" for h in range(8, 21)]  # none from 21:00 to 08:00
        done = plain(press(api, WYN, "rmset:1.18", hours))
        assert done == [said("remind_set", day="Monday", hour="18:00")]
        assert reminder_job(bot, WYN) is not None
    assert rows(db, "SELECT user, day, hour FROM reminders") == [(f"tg:{WYN}", 1, 18)]
    store = Store(db)
    suggested = progress(store, FLOWS, f"tg:{WYN}").next["scenario"]
    store.close()
    with InProcessBot(api, db) as bot:  # a restart: the reminder comes back from SQLite
        job = reminder_job(bot, WYN)
        assert job is not None and job.next_t.weekday() == 0  # Monday (Python counts from Monday)
        assert (job.next_t.hour, job.next_t.minute) == (18, 0) and str(job.next_t.tzinfo) == "Europe/London"
        assert plain(say(api, WYN, "/remind"))[0] == said("remind_now", day="Monday", hour="18:00")
        before = len(api.sent(WYN))
        bot.run(job.run(bot.app))  # as if it were Monday, 18:00
        (nudge,) = api.reply(WYN, before)
        person = FLOWS.scenarios[suggested].person.name
        assert plain([nudge]) == [said("reminder", scenario=FLOWS.scenarios[suggested].title)]
        assert buttons(nudge) == {
            f"pick:{suggested}": said("btn_practise_with", person=person),
            "rmoff:now": SAID.btn_remind_off,
        }
        opening = plain(press(api, WYN, f"pick:{suggested}", nudge))  # one tap, and the practice starts
        assert any(person in line for line in opening)
        assert rows(db, f"SELECT scenario FROM sessions WHERE active = 1 AND user = 'tg:{WYN}'") == [(suggested,)]


def test_no_reminder_is_offered_or_accepted_at_night(api, tmp_path):
    db = tmp_path / "n.db"
    with InProcessBot(api, db) as bot:
        night = said("remind_night", earliest="08:00", latest="20:00")
        for typed in ("/remind mon 22", "/remind monday 7am", "/remind sun 21:00", "/remind fri 0"):
            assert plain(say(api, WYN, typed)) == [night], typed
        for forged in ("rmset:1.21", "rmset:1.7", "rmset:3.23"):  # signed with the bot's own key: still refused
            assert plain(press(api, WYN, sign(bot, *forged.split(":")))) == [night], forged
        assert plain(press(api, WYN, "rmset:1.18")) == [text("bad_button")]  # not signed by the bot
        assert plain(press(api, WYN, sign(bot, "rmset", "9.18"))) == [text("bad_button")]  # no such day
        assert plain(say(api, WYN, "/remind often")) == [said("remind_usage", earliest="08:00", latest="20:00")]
        assert reminder_job(bot, WYN) is None
        assert rows(db, "SELECT count(*) FROM reminders") == [(0,)]
        # the edges of the day are allowed: 08:00 and 20:00
        assert plain(say(api, WYN, "/remind tue 8")) == [said("remind_set", day="Tuesday", hour="08:00")]
        assert plain(say(api, WYN, "/remind sat 8pm")) == [said("remind_set", day="Saturday", hour="20:00")]
        assert rows(db, "SELECT day, hour FROM reminders") == [(6, 20)]  # one reminder each: the new one


def test_a_reminder_is_off_with_one_tap_and_one_left_on_the_clock_sends_nothing(api, tmp_path):
    db = tmp_path / "n.db"
    with InProcessBot(api, db) as bot:
        say(api, WYN, "/remind wed 10")
        shown = say(api, WYN, "/remind")[-1]
        assert "rmoff:now" in buttons(shown)
        assert plain(press(api, WYN, "rmoff:now", shown)) == [said("remind_off")]
        api.wait_for(lambda: reminder_job(bot, WYN) is None)
        assert rows(db, "SELECT count(*) FROM reminders") == [(0,)]
        assert plain(say(api, WYN, "/remind off")) == [said("remind_was_off")]
        # typed, and from the reminder itself
        say(api, WYN, "/remind wed 10")
        assert plain(say(api, WYN, "/remind off")) == [said("remind_off")]
        api.wait_for(lambda: reminder_job(bot, WYN) is None)
        say(api, WYN, "/remind thu 9")
        job = reminder_job(bot, WYN)
        before = len(api.sent(WYN))
        bot.run(job.run(bot.app))
        nudge = api.reply(WYN, before)[-1]
        assert plain(press(api, WYN, "rmoff:now", nudge)) == [said("remind_off")]
        # /forget deletes the reminder; its job, still on the clock, sends nothing and takes itself off
        say(api, OLU, "/remind fri 12")
        job = reminder_job(bot, OLU)
        confirm = say(api, OLU, "/forget")[-1]
        press(api, OLU, "forget:yes", confirm)
        before = len(api.sent(OLU))
        bot.run(job.run(bot.app))
        assert len(api.sent(OLU)) == before and job.removed


def test_the_reminder_hours_cannot_be_set_to_the_night(tmp_path):
    source = (Path(__file__).resolve().parent.parent / "flows" / "nudges.yaml").read_text(encoding="utf-8")
    for old, new in (("latest: 20", "latest: 22"), ("earliest: 8 ", "earliest: 6 "), ("threshold: 3", "threshold: 2")):
        broken = tmp_path / "nudges.yaml"
        broken.write_text(source.replace(old, new), encoding="utf-8")
        flow, _, errors = check_file(broken, NudgesFlow, check_nudges)
        assert flow is None and errors, new
    backwards = tmp_path / "nudges.yaml"
    backwards.write_text(source.replace("earliest: 8 ", "earliest: 19 ").replace("latest: 20", "latest: 9"))
    assert [e.key for e in check_file(backwards, NudgesFlow, check_nudges)[2]] == ["hours.earliest"]


# --- progress shared with supervisors --------------------------------------------------


def supervisor_sees(api: BotAPI, before: int) -> str:
    """Everything the bot sent LEAD since ``before`` messages, photo captions included, as one text."""
    photos = [p.get("caption", "") for p in api.sent(LEAD, "sendPhoto")]
    return "\n".join(plain(api.sent(LEAD)[before:]) + photos)


def test_a_supervisor_sees_nothing_of_a_worker_before_consent_after_withdrawal_or_after_they_leave(api, tmp_path):
    db = tmp_path / "n.db"
    with InProcessBot(api, db, admins=ADMINS) as bot:
        code = teams(api)
        practise(api, WYN, TRAPS)
        valley, member = rows(db, f"SELECT team_id, id FROM members WHERE user = 'tg:{WYN}'")[0]
        nothing = [said("nothing_to_show")]
        # before consent: no trend, no button, not by name, not by a button signed with the bot's own key
        assert plain(say(api, LEAD, "/teamprogress")) == [
            said("team_too_few", team="Valley Care", count=0, threshold=3)
        ]
        assert plain(say(api, LEAD, "/teamprogress Wyn")) == nothing
        assert plain(press(api, LEAD, sign(bot, "tpw", f"{valley}.{member}"))) == nothing
        assert not api.sent(LEAD, "sendPhoto")
        # consent: Wyn's own trend, by name or by the button under the note
        assert plain(say(api, WYN, "/shareprogress")) == [said("shared", team="Valley Care")]
        assert plain(say(api, WYN, "/shareprogress")) == [said("already_shared", team="Valley Care")]
        note, choices = say(api, LEAD, "/teamprogress")
        assert plain([note]) == [said("team_too_few", team="Valley Care", count=1, threshold=3)]
        assert buttons(choices) == {f"tpw:{valley}.{member}": "Wyn"}
        own = plain(press(api, LEAD, f"tpw:{valley}.{member}", choices))
        (photo,) = api.sent(LEAD, "sendPhoto")
        assert photo["caption"] == said("worker_caption", name="Wyn", sessions=1)
        store = Store(db)
        traps = progress(store, FLOWS, f"tg:{WYN}").series["traps_per_10"][0]
        store.close()
        measure = FLOWS.progress.measures[0]
        assert measure.id == "traps_per_10" and traps
        assert own[0].splitlines()[0] == said(
            "worker_line", measure=measure.name, first=number(traps), last=number(traps)
        )
        png = api.files["progress.png"]
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24])[0] == 800
        say(api, LEAD, "/teamprogress wyn")  # by name, in any case
        assert len(api.sent(LEAD, "sendPhoto")) == 2
        # withdrawn: the old button, the name and the command show nothing again
        assert plain(say(api, WYN, "/stopsharing")) == [said("unshared", team="Valley Care")]
        assert plain(say(api, WYN, "/stopsharing")) == [said("not_shared")]
        assert plain(press(api, LEAD, f"tpw:{valley}.{member}", choices)) == nothing
        assert plain(say(api, LEAD, "/teamprogress Wyn")) == nothing
        assert len(api.sent(LEAD, "sendPhoto")) == 2
        # shared again, then Wyn leaves: the share goes with them, and does not come back when they rejoin
        say(api, WYN, "/shareprogress")
        leave = say(api, WYN, "/leave")[-1]
        press(api, WYN, f"leave:{valley}", leave)
        say(api, WYN, f"/join {code}")
        assert rows(db, "SELECT count(*) FROM progress_shares") == [(0,)]
        assert plain(say(api, LEAD, "/teamprogress Wyn")) == nothing
        assert len(api.sent(LEAD, "sendPhoto")) == 2


def test_the_team_trend_needs_three_sharing_shows_medians_and_ranks_no_one(api, tmp_path):
    db = tmp_path / "n.db"
    with InProcessBot(api, db, admins=ADMINS):
        teams(api)
        sessions = {WYN: [TRAPS, GOOD, GOOD], OLU: [GOOD, TRAPS], BEA: [TRAPS, TRAPS]}
        for user, played in sessions.items():
            for lines in played:
                practise(api, user, lines)
        start = len(api.sent(LEAD))
        for user in (WYN, OLU):
            say(api, user, "/shareprogress")
        note, choices = say(api, LEAD, "/teamprogress")  # two share: no team view
        assert plain([note]) == [said("team_too_few", team="Valley Care", count=2, threshold=3)]
        assert list(buttons(choices).values()) == ["Olu", "Wyn"] and not api.sent(LEAD, "sendPhoto")
        say(api, BEA, "/shareprogress")
        answer = say(api, LEAD, "/teamprogress")
        (photo,) = api.sent(LEAD, "sendPhoto")
        assert photo["caption"] == said("team_caption", team="Valley Care", count=3)
        png = api.files["team-progress.png"]
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and 20_000 < len(png) < 400_000
        # the medians, at the sessions all three reached (two: Wyn's third is left out)
        store = Store(db)
        series = [progress(store, FLOWS, f"tg:{u}").series for u in (WYN, OLU, BEA)]
        store.close()
        lines = plain(answer)[0].splitlines()
        for measure, line in zip(FLOWS.progress.measures, lines, strict=False):
            first = statistics.median(s[measure.id][0] for s in series)
            last = statistics.median(s[measure.id][1] for s in series)
            assert line == said("team_line", measure=measure.name, first=number(first), last=number(last), sessions=2)
        # each worker, alphabetically, never by a figure; their own trend alone
        assert list(buttons(answer[-1]).values()) == ["Bea", "Olu", "Wyn"]
        for key in buttons(answer[-1]):
            press(api, LEAD, key, answer[-1])
        captions = [p["caption"] for p in api.sent(LEAD, "sendPhoto")[1:]]
        assert captions == [
            said("worker_caption", name=n, sessions=len(sessions[u]))
            for n, u in (("Bea", BEA), ("Olu", OLU), ("Wyn", WYN))
        ]
        seen = supervisor_sees(api, start)
        assert not RANKING.search(seen), RANKING.search(seen)
        for message in plain(api.sent(LEAD)[start:]) + captions:  # never two workers' names in one message
            assert sum(name in message for name in ("Wyn", "Olu", "Bea")) <= 1, message
        # one stops sharing: back below three, the team's trend is gone again
        say(api, OLU, "/stopsharing")
        assert plain(say(api, LEAD, "/teamprogress"))[0] == said(
            "team_too_few", team="Valley Care", count=2, threshold=3
        )


def number(value: float) -> str:
    """A figure as the bot writes it."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def test_a_supervisor_of_another_team_and_a_worker_see_nothing(api, tmp_path):
    db = tmp_path / "n.db"
    with InProcessBot(api, db, admins=ADMINS) as bot:
        teams(api)
        for user in (WYN, OLU, BEA):
            practise(api, user, GOOD)
            say(api, user, "/shareprogress")
        valley, member = rows(db, f"SELECT team_id, id FROM members WHERE user = 'tg:{WYN}'")[0]
        assert plain(say(api, HILL, "/teamprogress")) == [said("team_too_few", team="Hill Care", count=0, threshold=3)]
        assert plain(say(api, HILL, "/teamprogress Wyn")) == [said("nothing_to_show")]
        assert plain(press(api, HILL, sign(bot, "tpw", f"{valley}.{member}"))) == [text("not_supervisor")]
        assert plain(say(api, OLU, "/teamprogress")) == [text("not_supervisor")]  # a worker, even one who shares
        assert plain(press(api, OLU, sign(bot, "tpw", f"{valley}.{member}"))) == [text("not_supervisor")]
        assert plain(say(api, MO, "/teamprogress Wyn")) == [text("not_supervisor")]
        assert not api.sent(HILL, "sendPhoto") and not api.sent(OLU, "sendPhoto") and not api.sent(MO, "sendPhoto")
        assert plain(press(api, LEAD, f"tpw:{valley}.{member}")) == [text("bad_button")]  # unsigned
        assert plain(say(api, 4999, "/shareprogress")) == [said("share_no_team")]
