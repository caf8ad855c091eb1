"""The culture star over real HTTP: a round opened, scored one tap at a time, shown from three, reviewed on time.

Each rule here fails its test if taken out: the threshold (``culture_rounds.standing``), who may open
a round, one answer each (``store.complete_culture``), the button signature, and the review's job,
re-armed at start-up (``schedules.arm_all``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import struct

import pytest
from botapi import BotAPI
from botrun import InProcessBot
from messages import fields, text
from test_telegram import buttons, plain, press, say, signed
from test_telegram_teams import sign

from outcomes_bot.content.flows import default_flows
from outcomes_bot.learn import culture_star as star
from outcomes_bot.telegram_bot.views import Signer

LEAD, WYN, OLU, MO, OUTSIDER = 3000, 3001, 3002, 3003, 3004
FLOW = default_flows().culture


def said(key: str, **values: object) -> str:
    """One of the culture star's messages, as the bot fills it in."""
    return star.say(FLOW, key, **values)


@pytest.fixture
def api():
    """A fresh Bot API stand-in on 127.0.0.1."""
    with BotAPI() as stand_in:
        stand_in.names.update({LEAD: "Sam", WYN: "Wyn", OLU: "Olu", MO: "Mo", OUTSIDER: "Ola"})
        yield stand_in


def team(api: BotAPI) -> None:
    """LEAD (an admin) makes Valley Care; Wyn, Olu and Mo join it."""
    code = fields("team_made", plain(say(api, LEAD, "/newteam Valley Care"))[0])["code"]
    for member in (WYN, OLU, MO):
        say(api, member, f"/join {code}")


def point_message(api: BotAPI, user: int) -> dict:
    """The latest point message sent to ``user`` (the one with score buttons)."""
    return api.wait_for(lambda: [m for m in api.sent(user) if any(k.startswith("cs:") for k in buttons(m))])[-1]


def score_all(api: BotAPI, user: int, scores: list[int]) -> list[dict]:
    """``user`` taps a score for each of the eight points in turn; the bot's answer to the last tap."""
    answer: list[dict] = []
    for index, score in enumerate(scores):
        message = point_message(api, user)
        key = next(k for k in buttons(message) if k.startswith("cs:") and k.endswith(f".{index}.{score}"))
        answer = press(api, user, key, message)
    return answer


def rows(bot: InProcessBot, sql: str) -> list[tuple]:
    """Rows straight from the bot's SQLite file."""
    with sqlite3.connect(bot.db) as connection:
        return connection.execute(sql).fetchall()


def test_the_star_is_shown_to_the_supervisor_only_from_three_answers(api, tmp_path):
    with InProcessBot(api, tmp_path / "c.db", admins=frozenset({f"tg:{LEAD}"})) as bot:
        team(api)
        opened = plain(say(api, LEAD, "/culturestar"))
        assert opened[-1] == said("opened", team="Valley Care", sent=4)
        first = point_message(api, WYN)
        assert plain([first])[0] == said(
            "point", position=1, count=8, name="Values", description=FLOW.points[0].description
        )
        assert len(buttons(first)) == 10 and set(buttons(first).values()) == {str(n) for n in range(1, 11)}
        done = plain(score_all(api, WYN, [6, 5, 7, 6, 4, 3, 5, 6]))
        assert done[-1] == said("tapped", name="Communication", score=6) + "\n\n" + said(
            "done", answered=1, threshold=3
        )
        score_all(api, OLU, [7, 6, 8, 7, 5, 2, 6, 7])
        assert plain(say(api, LEAD, "/culturestar")) == [said("waiting", answered=2, threshold=3)]
        assert not api.sent(LEAD, "sendPhoto")
        assert rows(bot, "SELECT count(*) FROM culture_taps") == [(0,)]
        score_all(api, MO, [5, 4, 6, 5, 3, 1, 4, 5])
        shown = say(api, LEAD, "/culturestar")
        (photo,) = api.sent(LEAD, "sendPhoto")
        png = api.files["culture-star.png"]
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (800, 800)
        assert photo["caption"] == said("caption", team="Valley Care", answered=3, threshold=3)
        words = "\n".join(plain(shown))
        assert said("summary_line", name="Community", median="2", low=1, high=3) in words
        assert (
            "• " + FLOW.questions[1] in words
            and said("lowest", points="Community (2), Learning and change (4)") in words
        )
        plan = shown[-1]
        assert list(buttons(plan).values()) == [
            said("btn_action", point="Community"),
            said("btn_action", point="Learning and change"),
        ]
        assert "Wyn" not in words and "Olu" not in words and "Mo" not in words  # no one's name beside a score
        # a member sees the team's star too (median and range only), without the action plan
        member_view = say(api, WYN, "/culturestar")
        assert len(api.sent(WYN, "sendPhoto")) == 1 and not any(
            k.startswith("csact:") for m in member_view for k in buttons(m)
        )


def test_a_worker_cannot_open_a_round_and_no_one_answers_twice(api, tmp_path):
    with InProcessBot(api, tmp_path / "c.db", admins=frozenset({f"tg:{LEAD}"})) as bot:
        team(api)
        assert plain(say(api, WYN, "/culturestar")) == [said("no_round")]
        assert plain(say(api, WYN, "/culturestar new")) == [said("not_supervisor")]
        assert plain(say(api, OUTSIDER, "/culturestar")) == [said("not_member")]
        assert rows(bot, "SELECT count(*) FROM culture_rounds") == [(0,)]
        say(api, LEAD, "/culturestar")
        first = point_message(api, WYN)
        score_all(api, WYN, [6] * 8)
        again = press(api, WYN, next(k for k in buttons(first) if k.endswith(".0.9")), first)
        assert plain(again) == [said("already")]
        assert rows(bot, "SELECT sum(n) FROM culture_counts WHERE point = 'values'") == [(1,)]
        assert rows(bot, "SELECT score FROM culture_counts WHERE point = 'values'") == [(6,)]
        # tapping a point already scored, mid-way, changes nothing and asks the next one
        olu_first = point_message(api, OLU)
        press(api, OLU, next(k for k in buttons(olu_first) if k.endswith(".0.3")), olu_first)
        repeat = plain(press(api, OLU, next(k for k in buttons(olu_first) if k.endswith(".0.8")), olu_first))
        assert repeat[0] == said("already_point", name="Values") and repeat[1].startswith(
            said("point", position=2, count=8, name="Identity", description=FLOW.points[1].description)[:20]
        )
        assert rows(bot, "SELECT scores FROM culture_taps") == [('{"values": 3}',)]


def test_forged_culture_buttons_do_nothing(api, tmp_path):
    with InProcessBot(api, tmp_path / "c.db", admins=frozenset({f"tg:{LEAD}"})) as bot:
        team(api)
        say(api, LEAD, "/culturestar")
        point_message(api, WYN)
        forged = [
            "cs:1.0.5",  # not signed at all
            Signer("not-the-key").sign("cs", "1.0.5"),  # signed with another key
            sign(bot, "cs", "1.0.11"),  # off the scale
            sign(bot, "cs", "1.9.5"),  # no such point
            sign(bot, "cs", "1.0"),  # too few numbers
            sign(bot, "csact", "1.5"),  # a worker adding an action
            sign(bot, "csrag", "1.x"),
        ]
        for data in forged:
            answer = plain(press(api, WYN, data))
            assert answer in ([text("bad_button")], [said("round_gone")]), (data, answer)
        assert plain(press(api, OUTSIDER, sign(bot, "cs", "1.0.5"))) == [said("round_gone")]  # not in the team
        assert rows(bot, "SELECT count(*) FROM culture_taps") == [(0,)]
        assert rows(bot, "SELECT count(*) FROM culture_counts") == [(0,)]
        assert rows(bot, "SELECT count(*) FROM pending") == [(0,)]


def test_an_action_is_written_step_by_step_and_its_review_is_asked_for_after_a_restart(api, tmp_path):
    db = tmp_path / "c.db"
    admins = frozenset({f"tg:{LEAD}"})
    when = dt.date.today() + dt.timedelta(days=21)
    with InProcessBot(api, db, admins=admins):
        team(api)
        say(api, LEAD, "/culturestar")
        for member, base in ((WYN, 6), (OLU, 7), (MO, 5)):
            score_all(api, member, [base, base, base, base, base - 2, base - 3, base, base])
        plan = say(api, LEAD, "/culturestar")[-1]
        community = next(k for k, label in buttons(plan).items() if label == said("btn_action", point="Community"))
        asked = plain(press(api, LEAD, community, plan))[0]
        assert asked.startswith(
            said("ask_what", point="Community", description=FLOW.point("community").description, ideas="")[:40]
        )
        assert plain(say(api, LEAD, "Invite the community centre to a team meeting")) == [said("ask_who")]
        assert plain(say(api, LEAD, "   ")) == [said("empty")]
        assert plain(say(api, LEAD, "x" * 400)) == [said("too_long", length=400, max=FLOW.text_max)]
        assert plain(say(api, LEAD, "Sam and Wyn"))[0].startswith(said("ask_when", example="")[:10])
        assert plain(say(api, LEAD, "someday"))[0].startswith(said("bad_date", date="someday", example="")[:20])
        assert plain(say(api, LEAD, when.strftime("%d/%m/%Y"))) == [said("ask_evidence")]
        saved = plain(say(api, LEAD, "Two new community links a month on care plans"))
        assert saved == [said("action_saved", point="Community", when=when.strftime("%d/%m/%Y"))]
        assert plain(say(api, LEAD, "/help"))[0] == text("tg_help")  # typing is back to normal
    with InProcessBot(api, db, admins=admins) as bot:  # a restart: the review comes back from SQLite
        (job,) = [j for j in bot.app.job_queue.jobs() if j.name.startswith("culture-")]
        assert job.next_t.date() == when and job.next_t.astimezone(dt.timezone.utc).hour in (9, 10)
        before = len(api.sent(LEAD))
        bot.run(job.run(bot.app))  # as if the date had come
        review = api.reply(LEAD, before)[-1]
        assert list(buttons(review).values()) == [said("btn_red"), said("btn_amber"), said("btn_green")]
        replayed = next(iter(signed(review).values()))  # the real, signed data, pressed by someone else
        assert plain(press(api, WYN, replayed)) == [text("bad_button")]
        green = next(k for k in buttons(review) if k.endswith(".g"))
        assert plain(press(api, LEAD, green, review)) == [said("reviewed", rag=said("rag_green"))]
        assert rows(bot, "SELECT rag, asked_at IS NOT NULL FROM culture_actions") == [("green", 1)]
        plan = "\n".join(plain(say(api, LEAD, "/culturestar")))
        assert said("action_review", rag="green", reviewed=dt.date.today().isoformat()) in plan
    with InProcessBot(api, db, admins=admins) as bot:  # asked once only
        assert not [j for j in bot.app.job_queue.jobs() if j.name.startswith("culture-")]
