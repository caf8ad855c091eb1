"""/strengths over real HTTP: a practice person's map as a photo and text, and a real person's map kept or not."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

from botrun import InProcessBot
from messages import text
from test_telegram import begin, buttons, plain, press, say

from outcomes_bot.content.flows import default_flows
from outcomes_bot.learn.strengths import FILENAME
from outcomes_bot.learn.strengths import say as said_in

FLOW = default_flows().strengths
TRANSCRIPTS = Path(__file__).parent / "transcripts"
WORKER = 1010


def said(key: str, **values: object) -> str:
    """One of the map's own messages (flows/strengths.yaml), as the bot renders it."""
    return said_in(FLOW, key, **values)


def reflections(bot: InProcessBot) -> list[tuple]:
    """Every reflection in the bot's database, as (user, kind, ref, text)."""
    with sqlite3.connect(bot.db) as connection:
        return connection.execute("SELECT user, kind, ref, text FROM reflections ORDER BY id").fetchall()


def test_after_a_practice_strengths_sends_the_map_as_a_photo_and_as_text(api, bot):
    assert plain(say(api, WORKER, "/strengths"))[0] == said("no_practice")
    begin(api, WORKER)
    for line in filter(None, (TRANSCRIPTS / "bedtime_story_skilled.txt").read_text(encoding="utf-8").splitlines()):
        if any(text("tg_report_label") in t for t in plain(say(api, WORKER, line))):
            break
    shown = say(api, WORKER, "/strengths")
    (photo,) = api.sent(WORKER, "sendPhoto")
    png = api.files[FILENAME]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1000, 800)
    assert 20_000 < len(png) < 400_000 and photo["caption"] == said("caption", person="Dai")
    words = plain([m for m in shown if "text" in m])[0]
    assert words.startswith(said("practice_title", person="Dai"))
    strengths = default_flows().scenarios["bedtime_story"].strengths
    assert sum(s.text in words for s in strengths) == 4 and said("not_found") in words
    assert said("found_count", found=4, total=5, person="Dai") in words
    assert list(buttons(shown[-1])) == ["strengths:new"]
    assert reflections(bot) == []  # the map of a practice keeps nothing new


def test_a_real_persons_map_is_asked_quadrant_by_quadrant_and_kept_as_a_private_reflection(api, bot):
    opened = plain(say(api, WORKER, "/strengths new"))
    assert opened == [said("intro"), said("person_question")]
    assert plain(say(api, WORKER, "Dai Jones")) == [said("name_too_much")]
    first = say(api, WORKER, "D")[0]
    asked = said("question", number=1, total=4, title=FLOW.quadrants[0].title).split("{")[0]
    assert plain([first])[0].startswith(asked)
    assert FLOW.quadrants[0].guide in plain([first])[0]
    say(api, WORKER, "Knits for the grandchildren; a great laugh")
    warning = say(api, WORKER, "Her friend lives at 14 Station Road")[-1]
    assert "[address]" in plain([warning])[0]
    press(api, WORKER, "strengths:mask", warning)
    third = say(api, WORKER, "Her own bungalow")[0]
    end = press(api, WORKER, "strengths:skip", third)
    (photo,) = api.sent(WORKER, "sendPhoto")
    assert photo["caption"] == said("caption", person="D") and api.files[FILENAME][:4] == b"\x89PNG"
    words = plain(end)[-2]
    assert said("map_title", person="D") in words and "Station Road" not in words
    nudge = FLOW.quadrants[3].nudge.format(person="D")
    assert said("nudge_line", nudge=nudge) in words
    assert reflections(bot) == []  # nothing kept until the worker chooses
    assert plain(say(api, WORKER, "one more thing")) == [said("choose_first")]
    saved = press(api, WORKER, "strengths:save", end[-1])
    assert plain(saved)[0] == text("reflect_saved_no_team")
    ((user, kind, ref, kept),) = reflections(bot)
    assert (user, kind, ref) == (f"tg:{WORKER}", "strengths", "D") and "Knits for the grandchildren" in kept
    mine = "\n".join(plain(say(api, WORKER, "/myreflections")))
    assert said("map_title", person="D") in mine


def test_cancel_keeps_nothing_and_the_map_carries_on_after_a_restart(api, tmp_path):
    db = tmp_path / "restart.db"
    with InProcessBot(api, db):
        say(api, WORKER, "/strengths new")
        say(api, WORKER, "D")
    with InProcessBot(api, db) as bot:
        asked = plain(say(api, WORKER, "Knits"))[0]
        assert asked.startswith(said("question", number=2, total=4).split("{")[0])
        assert plain(say(api, WORKER, "/cancel")) == [text("stopped_writing")]
        assert reflections(bot) == []
        with sqlite3.connect(bot.db) as connection:
            assert connection.execute("SELECT count(*) FROM pending").fetchone()[0] == 0


def test_forged_strengths_buttons_change_nothing(api, bot):
    shown = say(api, WORKER, "/strengths new")
    assert plain(press(api, WORKER, "strengths:save.5.abcd")) == [text("bad_button")]  # not signed by the bot
    assert plain(press(api, WORKER, "strengths:stop", shown[-1])) == [said("stopped")]
    assert plain(press(api, WORKER, "strengths:stop", shown[-1])) == [text("out_of_date")]
