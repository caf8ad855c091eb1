"""Progress over sessions (learn/progress.py), its chart, /progress over HTTP, the CLI, and the focus for next time."""

from __future__ import annotations

import json
import struct

import pytest
from botapi import BotAPI
from botrun import InProcessBot
from click.testing import CliRunner
from messages import text
from test_telegram import begin, buttons, plain, press, say

from outcomes_bot.cli import cli
from outcomes_bot.content.flows import default_flows
from outcomes_bot.learn.progress import progress, progress_text
from outcomes_bot.learn.progress import say as said_in
from outcomes_bot.learn.progress_view import ProgressView, picture
from outcomes_bot.practice.engine import Engine
from outcomes_bot.store.database import Store

FLOWS = default_flows()
USER = "worker-p"
SESSIONS = [  # (scenario, worker replies): an expert trap, then better listening, then a long session
    ("bedtime_story", ["Can you tell me what's been happening?", "I think you should get a stairlift.",
                       "Are the stairs hard?"]),
    ("haircut", ["How have things been?", "It sounds like it's been a tough year.", "What matters most to you?",
                 "So getting out matters to you, and you've been brave."]),
    ("garden_walk", ["Tell me about the garden.", "It sounds like the garden is yours.",
                     "What would you like to happen?", "It sounds like you want to walk to the bench yourself."]),
]  # fmt: skip


def said(key: str, **values: object) -> str:
    """One of progress.yaml's messages, as the bot renders it."""
    return said_in(FLOWS.progress, key, **values)


def replay(engine: Engine, user: str, scenario: str, lines: list[str]) -> list:
    """One whole practice session through the engine; every reply, the report last."""
    out = engine.start(user, scenario)
    for line in lines:
        out += engine.say(user, line)
    return out + engine.end(user)


@pytest.fixture
def store():
    """A fresh database in memory."""
    return Store(":memory:")


@pytest.fixture
def engine(store):
    """The practice engine over it."""
    return Engine(FLOWS, store)


def test_no_sessions_and_one_session_have_their_own_words(engine, store):
    assert progress(store, FLOWS, USER).sessions == 0
    assert progress_text(FLOWS, progress(store, FLOWS, USER)) == said("progress_none")
    replay(engine, USER, *SESSIONS[0])
    one = progress(store, FLOWS, USER)
    assert one.sessions == 1 and one.improved == []
    assert progress_text(FLOWS, one).splitlines()[0] == said("progress_one")


def test_sessions_replayed_give_exactly_the_reports_figures_in_order(engine, store):
    for scenario, lines in SESSIONS:
        replay(engine, USER, scenario, lines)
    engine.start(USER, "match_day")  # cancelled: no report, not counted
    engine.cancel(USER)
    result = progress(store, FLOWS, USER)
    assert result.as_json()["sessions"] == 3 and set(result.as_json()) == {"sessions", "series", "improved", "next"}
    assert result.series == {
        "traps_per_10": [3.3, 0.0, 0.0],
        "open_question_pct": [50.0, 100.0, 100.0],
        "reflection_to_question": [0.0, 1.0, 1.0],
        "stage_max": [1.0, 3.0, 3.0],
        "outcome_captured": [0.0, 0.0, 0.0],
        "strength_captured": [0.0, 1.0, 0.0],
        "facts_found": [0.0, 2.0, 1.0],
        "trap_expert": [1.0, 0.0, 0.0],
    }
    reports = [row["report"] for row in store.practice_summaries(USER) if row["report"]]
    assert result.series["open_question_pct"] == [r["open_question_pct"] for r in reports]  # the report's own
    assert result.improved == ["traps_per_10", "open_question_pct", "reflection_to_question", "stage_max"]
    assert result.next == {
        "skill": "avoid_expert", "trap": "expert", "scenario": "drinking_daughter", "person": "Rhian", "why": "reacts"
    }  # fmt: skip
    lines = progress_text(FLOWS, result).splitlines()
    assert lines[1] == said("progress_next_skill", skill="avoid the expert trap")
    assert lines[2] == said("progress_with_reacts", person="Rhian", trap=FLOWS.coach.traps["expert"].name)


def test_with_no_traps_the_next_person_is_one_not_tried_yet(engine, store):
    replay(engine, USER, *SESSIONS[1])
    assert progress(store, FLOWS, USER).next["why"] == "untried"
    assert progress(store, FLOWS, USER).next["scenario"] != "haircut"


def test_the_chart_is_a_real_png_sized_for_a_phone(engine, store):
    for scenario, lines in SESSIONS:
        replay(engine, USER, scenario, lines)
    png = picture(ProgressView(FLOWS, store), progress(store, FLOWS, USER))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 800 and 800 <= height <= 1200
    assert 20_000 < len(png) < 400_000


def test_a_focus_is_chosen_taken_once_mentioned_by_the_coach_and_reported(engine, store):
    view = ProgressView(FLOWS, store)
    assert view.focus(USER, "nonsense")[0].text == said("focus_unknown")
    assert view.focus(USER, "reflect_first")[0].text == said("focus_set", skill="reflect before asking")
    out = replay(engine, USER, "match_day", ["Do you like football?", "Is it the crowd?",
                                             "It sounds like Saturdays matter a lot.", "Do you go out?"])  # fmt: skip
    assert said("focus_start", skill="reflect before asking") in [r.text for r in out]
    words = [r.data["seen"] for r in out if r.kind == "coach" and "focus" in r.data]
    assert words == ["misses", "shows"]  # the first miss and the first show, at most coach_times
    report = out[-1]
    assert report.data["focus"] == {"skill": "reflect_first", "shown": 1, "missed": 3}
    assert said("focus_report", skill="reflect before asking", shown=1, missed=3) in report.text
    assert said("focus_report_again") in report.text
    assert store.focus_of(USER)["taken_by"] == report.data["session"]
    again = replay(engine, USER, "match_day", ["Do you like football?"])
    assert "focus" not in again[-1].data and not [r for r in again if "focus" in r.data]  # taken once only
    assert view.focus(USER, "none")[0].text == said("focus_cleared") and store.focus_of(USER) is None


def test_a_session_without_a_focus_says_nothing_of_one(engine):
    out = replay(engine, USER, *SESSIONS[0])
    assert not [r for r in out if "focus" in r.data]


def test_cli_json_and_chart_for_the_terminal_user(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTCOMES_DB", str(tmp_path / "cli.db"))
    store = Store(tmp_path / "cli.db")
    engine = Engine(FLOWS, store)
    for number, (scenario, lines) in enumerate(SESSIONS):
        replay(engine, f"terminal:run{number}", scenario, lines)  # each terminal run has a user of its own
    replay(engine, "tg:99", *SESSIONS[0])  # someone on Telegram: not the terminal user's
    store.close()
    chart = tmp_path / "progress.png"
    result = CliRunner().invoke(cli, ["progress", "--json", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["sessions", "series", "improved", "next"] and data["sessions"] == 3
    assert data["series"]["traps_per_10"] == [3.3, 0.0, 0.0]
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = CliRunner().invoke(cli, ["progress"])
    assert text.exit_code == 0 and text.output.splitlines()[0].startswith(said("progress_improved", measures="")[:20])


@pytest.fixture
def api():
    """A fresh Bot API stand-in."""
    with BotAPI() as stand_in:
        yield stand_in


def test_over_http_progress_sends_a_photo_and_three_lines_and_a_focus_button(api, tmp_path):
    worker = 3030
    with InProcessBot(api, tmp_path / "progress.db"):
        assert plain(say(api, worker, "/progress")) == [said("progress_none")]
        for _ in range(2):
            begin(api, worker)
            say(api, worker, "I think you should get a stairlift.")
            say(api, worker, "/end")
        shown = say(api, worker, "/progress")
        (photo,) = api.sent(worker, "sendPhoto")
        png = api.files["progress.png"]
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and photo["caption"] == said("caption", sessions=2)
        lines = plain([m for m in shown if "text" in m])[0].splitlines()
        assert len(lines) == 3 and lines[1] == said("progress_next_skill", skill="avoid the expert trap")
        assert buttons(shown[-1])["focus:avoid_expert"] == said("btn_focus", skill="avoid the expert trap")
        chosen = press(api, worker, "focus:avoid_expert", shown[-1])
        assert plain(chosen) == [said("focus_set", skill="avoid the expert trap")]
        opening = begin(api, worker, "drinking_daughter")
        assert any(said("focus_start", skill="avoid the expert trap") in t for t in plain(opening))
        assert plain(press(api, worker, "focus:no_such_skill")) == [text("bad_button")]  # forged


def test_a_focus_button_for_a_skill_that_is_gone_no_longer_works(store):
    view = ProgressView(FLOWS, store)
    assert view.press(USER, "gone_skill") is None and store.focus_of(USER) is None
    assert view.press(USER, "open_questions")[0].data == {"focus": "open_questions"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("expert: [drinking_daughter,", "expert: [nobody_here,", "unknown scenario 'nobody_here'"),
        ("  labelling: [drinking_daughter, match_day, haircut]\n", "", "no one to practise with for 'labelling'"),
        ("shows: [asking_permission]", "shows: [shouting]", "unknown move 'shouting'"),
        ("{id: stage_max,", "{id: facts_found,", "measures are"),
        ("Work on next: {skill}.", "Work on next: {skil}.", "unknown placeholder '{skil}'"),
    ],
)
def test_progress_yaml_is_checked(tmp_path, old, new, message):
    from outcomes_bot.content.flows import check_path, flows_dir

    source = (flows_dir() / "progress.yaml").read_text(encoding="utf-8")
    assert old in source
    broken = tmp_path / "progress.yaml"
    broken.write_text(source.replace(old, new), encoding="utf-8")
    flows, errors = check_path(broken)
    assert flows is None and any(message in e.message for e in errors), errors


def test_sharing_is_offered_under_progress_only_to_a_team_member_and_never_done_for_them(engine, store):
    replay(engine, USER, *SESSIONS[0])
    view = ProgressView(FLOWS, store)
    actions = lambda: [b.action for row in view.show(USER)[-1].buttons for b in row]  # noqa: E731
    assert "pgask" not in actions()  # in no team: nothing to share with
    team = store.create_team("Valley Care", "sup", "hash")
    store.add_member(team, USER)
    assert "pgask" in actions()
    assert store.db.execute("select count(*) from progress_shares").fetchone()[0] == 0  # offered, not shared
