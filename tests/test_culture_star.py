"""The culture star: its numbers, its chart (a real PNG), its flow file's checks, its store and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.cli.culture import ask
from outcomes_bot.content.checks_learn_culture import check_culture
from outcomes_bot.content.flows import check_file, default_flows, flows_dir
from outcomes_bot.content.schema_learn_culture import CultureFlow
from outcomes_bot.learn import culture_plan
from outcomes_bot.learn import culture_star as star
from outcomes_bot.learn.charts import radar
from outcomes_bot.learn.culture_plan import UK, CultureStar, read_date, review_due
from outcomes_bot.store.database import Store

FLOW = default_flows().culture
IDS = [p.id for p in FLOW.points]


def say(key: str, **values: object) -> str:
    """One of the culture star's messages, as the program fills it in."""
    return star.say(FLOW, key, **values)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (which must come first)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def test_the_flow_has_the_guides_eight_points_scale_and_two_questions():
    assert [p.name for p in FLOW.points] == [
        "Values",
        "Identity",
        "Outcomes",
        "Strengths",
        "Learning and change",
        "Community",
        "Co-production",
        "Communication",
    ]
    assert FLOW.point("values").description == "we all know and share our organisational values"
    assert (FLOW.scale.low, FLOW.scale.high) == (1, 10) and FLOW.threshold >= 3
    assert FLOW.questions[0] == "what does this show about your workplace culture?"


def test_medians_ranges_and_the_lowest_points_come_from_counts():
    answers = [dict.fromkeys(IDS, 5) | {"community": 2, "values": s} for s in (3, 8, 9, 4)]
    counts = star.counts_of(answers)
    assert counts["values"] == {3: 1, 8: 1, 9: 1, 4: 1} and counts["community"] == {2: 4}
    points = {p.id: p for p in star.stats(FLOW, counts)}
    assert (points["values"].median, points["values"].low, points["values"].high) == (6.0, 3, 9)  # (4 + 8) / 2
    assert star.median({1: 1, 7: 2}) == 7 and star.median({2: 1, 3: 1}) == 2.5
    lowest = star.lowest(FLOW, list(points.values()))
    assert [p.id for p in lowest] == ["community", "identity"]  # then the guide's order among equals
    text = star.summary(FLOW, list(points.values()), answered=4)
    assert say("summary_line", name="Values", median="6", low=3, high=9) in text
    assert say("lowest", points="Community (2), Identity (5)") in text
    with pytest.raises(ValueError):
        star.median({})


def test_the_summary_says_the_previous_rounds_median_beside_each_point():
    now = star.stats(FLOW, star.counts_of([dict.fromkeys(IDS, 6)] * 3))
    before = star.stats(FLOW, star.counts_of([dict.fromkeys(IDS, 4)] * 3))
    text = star.summary(FLOW, now, answered=3, previous=before)
    assert say("summary_line_previous", name="Outcomes", median="6", low=6, high=6, previous="4") in text


def test_the_chart_is_a_real_png_sized_for_a_phone():
    points = star.stats(FLOW, star.counts_of([{i: 3 + n % 6 for n, i in enumerate(IDS)}, dict.fromkeys(IDS, 7)]))
    before = star.stats(FLOW, star.counts_of([dict.fromkeys(IDS, 5)]))
    png = star.chart(FLOW, points, before, title="Culture star: Valley Care")
    assert png_size(png) == (800, 800)
    assert 20_000 < len(png) < 400_000
    alone = star.chart(FLOW, star.stats(FLOW, star.counts_of([dict.fromkeys(IDS, 8)])))
    assert png_size(alone) == (800, 800) and alone != png


def test_a_radar_refuses_mismatched_numbers():
    with pytest.raises(ValueError):
        radar(["a", "b", "c"], [1, 2], [(1, 1)] * 3)
    with pytest.raises(ValueError):
        radar(["a", "b"], [1, 2], [(1, 1)] * 2)


def test_scores_are_read_from_text_and_bad_ones_named_kindly():
    assert star.scores_from(FLOW, "6 5 7 6\n4 3 5 6\n") == dict(zip(IDS, [6, 5, 7, 6, 4, 3, 5, 6], strict=True))
    assert star.scores_from(FLOW, "1,2,3,4,5,6,7,10")["communication"] == 10
    for text, key in (("1 2 3", "terminal_count"), ("", "terminal_count"), ("0 1 1 1 1 1 1 1", "terminal_bad")):
        with pytest.raises(star.ScoreError) as raised:
            star.scores_from(FLOW, text)
        assert raised.value.key == key
    for bad in ("11", "😀", "5.5", "-1", "9" * 40):
        with pytest.raises(star.ScoreError):
            star.score(FLOW, bad)


def test_a_by_when_date_is_read_from_today_on():
    today = dt.date(2025, 6, 1)
    assert read_date("2025-07-31", today) == dt.date(2025, 7, 31)
    assert read_date("31/07/2025", today) == read_date("31/7/25", today) == dt.date(2025, 7, 31)
    for bad in ("tomorrow", "31/05/2025", "30/02/2026", "2035-01-01", "", "📅"):
        assert read_date(bad, today) is None


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(threshold=2), "greater than or equal to 3"),
        (lambda d: d["points"].pop(), "at least 8"),
        (lambda d: d["points"][1].update(id="values"), "listed twice"),
        (lambda d: d["messages"].update(waiting="{answered} of {who}"), "unknown placeholder '{who}'"),
        (lambda d: d["chart"].update(title="{teamname}"), "unknown placeholder"),
        (lambda d: d.update(lowest=9), "more lowest points"),
        (lambda d: d["scale"].update(low=10), "not below the highest"),
    ],
)
def test_a_broken_culture_star_file_is_refused_with_its_line(tmp_path, change, message):
    data = yaml.safe_load((flows_dir() / "culturestar.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "culturestar.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    flow, _, errors = check_file(path, CultureFlow, check_culture)
    assert flow is None and any(message in str(e) for e in errors), errors


def test_scores_join_the_counts_only_when_all_eight_are_in_and_tied_to_no_one(tmp_path: Path):
    store = Store(tmp_path / "c.db")
    team = store.create_team("Valley Care", "tg:1", "x")
    round_id = store.open_culture_round(team, "tg:1")
    store.set_culture_taps(round_id, "tg:2", {"values": 4})
    assert store.culture_counts(round_id) == {} and store.culture_taps(round_id, "tg:2") == {"values": 4}
    scores = dict.fromkeys(IDS, 7)
    assert store.complete_culture(round_id, "tg:2", scores, every=3)
    assert not store.complete_culture(round_id, "tg:2", scores, every=3)  # one answer each
    assert store.culture_counts(round_id)["values"] == {7: 1} and store.culture_taps(round_id, "tg:2") == {}
    columns = [c[1] for c in store.db.execute("PRAGMA table_info(culture_counts)").fetchall()]
    assert columns == ["round_id", "point", "score", "n"]  # no person, time or id
    columns = [c[1] for c in store.db.execute("PRAGMA table_info(culture_shown)").fetchall()]
    assert columns == ["round_id", "point", "score", "n", "answered"]  # no person, time or id either
    assert [c[1] for c in store.db.execute("PRAGMA table_info(culture_done)").fetchall()] == ["round_id", "user"]
    store.close()


def test_the_cli_reads_eight_numbers_from_a_pipe_and_writes_the_chart(tmp_path):
    chart = tmp_path / "star.png"
    result = CliRunner().invoke(cli, ["culture-star", "--json", "--chart", str(chart)], input="6 5 7 6\n4 3 5 6\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"scores": dict(zip(IDS, [6, 5, 7, 6, 4, 3, 5, 6], strict=True))}
    assert png_size(chart.read_bytes()) == (800, 800)
    result = CliRunner().invoke(cli, ["culture-star"], input="\n".join("68765437") + "\n")
    assert result.exit_code == 0 and say("lowest", points="Co-production (3), Community (4)") in result.output
    assert say("terminal_line", name="Values", score=6) in result.output


@pytest.mark.parametrize(
    "given, key, values",
    [
        ("6 5 7", "terminal_count", {"count": 8, "given": 3}),
        ("", "terminal_count", {"count": 8, "given": 0}),
        ("6 5 7 6 4 3 5 11", "terminal_bad", {"low": 1, "high": 10, "value": "11"}),
        ("6 5 7 6 4 3 5 🌟", "terminal_bad", {"low": 1, "high": 10, "value": "🌟"}),
        ("🌟", "terminal_bad", {"low": 1, "high": 10, "value": "🌟"}),  # a lone non-score is named, not counted
    ],
)
def test_the_cli_answers_missing_or_out_of_range_numbers_kindly(given, key, values):
    result = CliRunner().invoke(cli, ["culture-star", "--json"], input=given)
    assert result.exit_code == 1 and say(key, **values) in result.output and "Traceback" not in result.output


def test_at_a_prompt_a_bad_score_is_asked_again():
    out = io.StringIO("eleven\n0\n6\n5\n7\n6\n4\n3\n5\n6\n")
    assert ask(FLOW, out)["values"] == 6
    with pytest.raises(star.ScoreError):
        ask(FLOW, io.StringIO("6\n"))


LEAD, WORKERS = "tg:100", [f"tg:{200 + n}" for n in range(8)]


def culture_round(flows, store: Store, members: int) -> tuple[CultureStar, int, int]:
    """A team of LEAD and ``members`` workers with a culture round open: the engine, the team and the round."""
    team = store.create_team("Valley Care", LEAD, "x")
    for worker in WORKERS[:members]:
        store.add_member(team, worker)
    culture = CultureStar(flows, store)
    culture.supervise(LEAD, team)
    return culture, team, store.open_culture_round_of(team)["id"]


def answer(culture: CultureStar, user: str, round_id: int, scores: list[int]) -> list:
    """``user`` taps their eight scores in turn; the answer to the last tap."""
    last: list = []
    for index, value in enumerate(scores):
        last = culture.tap(user, round_id, index, value) or []
    return last


def shown(replies: list) -> str:
    """What a view shows of the star: the chart's caption and the words (the action plan left out)."""
    return "\n".join(r.text for r in replies if r.kind in ("photo", "text") and not r.buttons)


def test_one_workers_scores_cannot_be_read_by_comparing_the_star_before_and_after(flows, store):
    """The reviewer's differencing: 3 answers {1, 10, 10}, then a 4th; the star must not reveal the 4th."""
    culture, team, round_id = culture_round(flows, store, members=5)
    for user, value in ((LEAD, 1), (WORKERS[0], 10), (WORKERS[1], 10)):
        answer(culture, user, round_id, [value] * 8)
    before = shown(culture.supervise(LEAD, team))
    assert say("summary_title", answered=3) in before
    secret = [3, 7, 5, 2, 9, 4, 6, 8]
    answer(culture, WORKERS[2], round_id, secret)
    assert shown(culture.supervise(LEAD, team)) == before  # nothing shown moves for one new answer
    assert shown(culture.command(WORKERS[2])) == before  # the same for a member
    answer(culture, WORKERS[3], round_id, [6] * 8)
    assert shown(culture.supervise(LEAD, team)) == before  # nor for two
    answer(culture, WORKERS[4], round_id, [4] * 8)
    after = shown(culture.supervise(LEAD, team))  # three more: refreshed, from six answers
    assert say("summary_title", answered=6) in after and shown(culture.command(WORKERS[0])) == after
    medians = [float(m) for m in re.findall(r": ([\d.]+) \(from", after)]
    assert [int(2 * m - 10) for m in medians] != secret


def test_the_shown_copy_is_refreshed_at_three_six_and_nine_answers_and_only_then(flows, store):
    culture, _, round_id = culture_round(flows, store, members=8)
    answered = []
    for n, user in enumerate([LEAD, *WORKERS], start=1):
        answer(culture, user, round_id, [1 + n % 10] * 8)
        answered.append(store.culture_shown(round_id)[0])
        assert sum(store.culture_counts(round_id)["values"].values()) == n  # the live counts carry every answer
    assert answered == [0, 0, 3, 3, 3, 6, 6, 6, 9]
    assert sum(store.culture_shown(round_id)[1]["values"].values()) == 9


def test_before_the_threshold_only_how_many_have_answered_is_said(flows, store):
    culture, team, round_id = culture_round(flows, store, members=3)
    done = answer(culture, WORKERS[0], round_id, [5] * 8)
    assert done[-1].text == say("done", answered=1, threshold=3)
    assert [r.text for r in culture.supervise(LEAD, team)] == [say("waiting", answered=1, threshold=3)]
    answer(culture, WORKERS[1], round_id, [5] * 8)
    assert answer(culture, WORKERS[2], round_id, [5] * 8)[-1].text == say("done_shown", threshold=3)
    caption = [r.text for r in culture.supervise(LEAD, team) if r.kind == "photo"]
    assert caption == [say("caption", team="Valley Care", answered=3, threshold=3)]


def test_the_previous_round_beside_the_star_is_as_it_was_last_shown(flows, store):
    culture, team, first = culture_round(flows, store, members=4)
    for user, value in ((LEAD, 2), (WORKERS[0], 2), (WORKERS[1], 9), (WORKERS[2], 9)):  # the 4th never shown
        answer(culture, user, first, [value] * 8)
    culture.supervise(LEAD, team, new=True)
    second = store.open_culture_round_of(team)["id"]
    for user in (LEAD, WORKERS[0], WORKERS[1]):
        answer(culture, user, second, [5] * 8)
    words = shown(culture.supervise(LEAD, team))
    assert say("summary_line_previous", name="Values", median="5", low=5, high=5, previous="2") in words


def test_a_review_due_today_after_its_hour_is_asked_the_next_day_at_that_hour():
    hour = FLOW.review_hour
    summer = dt.date(2025, 6, 1)  # British Summer Time: UTC+1
    before = dt.datetime.combine(summer, dt.time(hour - 2), UK)
    after = dt.datetime.combine(summer, dt.time(hour + 5), UK)
    assert review_due(summer, hour, before) == dt.datetime(2025, 6, 1, hour - 1, tzinfo=dt.timezone.utc)
    assert review_due(summer, hour, after) == dt.datetime(2025, 6, 2, hour - 1, tzinfo=dt.timezone.utc)
    winter = dt.date(2025, 12, 1)  # Greenwich Mean Time: UTC
    assert review_due(winter, hour, after) == dt.datetime(2025, 12, 1, hour, tzinfo=dt.timezone.utc)


def test_an_action_due_today_after_the_review_hour_is_reviewed_tomorrow_not_at_once(flows, store, monkeypatch):
    """By-when dates are UK dates; a review time already past moves to the next day's review hour."""
    clock = [dt.datetime(2025, 6, 2, 0, 30, tzinfo=UK)]  # 23:30 UTC on 1 June: a UTC server's date is 1 June
    monkeypatch.setattr(culture_plan, "uk_now", lambda: clock[0], raising=False)
    culture, _, round_id = culture_round(flows, store, members=0)
    culture.begin_action(LEAD, round_id, 0)
    for text in ("Talk about our values at every team meeting", "Sam"):
        culture.answer(LEAD, text, store.pending(LEAD)[1])
    refused = culture.answer(LEAD, "01/06/2025", store.pending(LEAD)[1])  # yesterday, in the UK
    assert refused is not None and refused[0].text == say("bad_date", date="01/06/2025", example="30/06/2025")
    clock[0] = dt.datetime(2025, 6, 2, 23, 30, tzinfo=UK)  # late the same day: its review hour has passed
    culture.answer(LEAD, "02/06/2025", store.pending(LEAD)[1])
    saved = culture.answer(LEAD, "Values on every agenda", store.pending(LEAD)[1])
    assert saved is not None and saved[0].data["due_at"] == "2025-06-03T09:00:00+00:00"
    assert saved[0].text == say("action_saved", point="Values", when="03/06/2025")


def test_an_action_is_written_through_the_inbox_and_starting_another_talk_says_it_stopped(flows, store):
    from outcomes_bot.inbox import Inbox
    from outcomes_bot.practice.engine import Engine
    from outcomes_bot.team.teams import Teams

    inbox = Inbox(Engine(flows, store), Teams(flows, store, ()))
    _, _, round_id = culture_round(flows, store, members=0)
    inbox.culture.begin_action(LEAD, round_id, 0)
    asked = inbox.receive(LEAD, "Talk about our values at every team meeting")  # typed text: the action's next step
    assert asked[0].text == say("ask_who") and store.pending(LEAD)[1]["step"] == 1
    started = inbox.risk.start(LEAD)
    assert started[0].text == inbox.text("unfinished_stopped", what=inbox.text("unfinished_culture"))
    assert store.pending(LEAD)[0] == "risk"
