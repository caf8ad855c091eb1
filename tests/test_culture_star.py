"""The culture star: its numbers, its chart (a real PNG), its flow file's checks, its store and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
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
from outcomes_bot.learn import culture_star as star
from outcomes_bot.learn.charts import radar
from outcomes_bot.learn.culture_plan import read_date
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
    assert store.complete_culture(round_id, "tg:2", scores)
    assert not store.complete_culture(round_id, "tg:2", scores)  # one answer each
    assert store.culture_counts(round_id)["values"] == {7: 1} and store.culture_taps(round_id, "tg:2") == {}
    columns = [c[1] for c in store.db.execute("PRAGMA table_info(culture_counts)").fetchall()]
    assert columns == ["round_id", "point", "score", "n"]  # no person, time or id
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
