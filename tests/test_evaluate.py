"""The labelled corpus, and the eval and bench commands over it."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.coach.evaluate import CorpusError, Item, default_corpus, evaluate, load_corpus, meets
from outcomes_bot.content.schema import MOVE_IDS, TRAP_IDS


@pytest.fixture(scope="module")
def corpus() -> list[Item]:
    return load_corpus(default_corpus())


def test_the_corpus_is_big_and_broad_enough(corpus):
    assert len(corpus) >= 450
    traps = Counter(t for item in corpus for t in item.traps)
    assert all(traps[t] >= 35 for t in TRAP_IDS), traps
    good = [item for item in corpus if not item.traps]
    assert len(good) >= 150
    assert {m for item in good for m in item.moves} == set(MOVE_IDS)
    assert {item.split for item in corpus} == {"dev", "test"}
    assert len({item.text.lower() for item in corpus}) == len(corpus)


def test_the_corpus_has_hard_negatives(corpus):
    words = (
        "should",
        "but",
        "care home",
        "risk",
        "allowed",
        "have to",
        "difficult",
        "dementia",
        "drink",
        "fault",
        "wrong",
        "worse",
        "rules",
        "stubborn",
        "label",
        "decide",
        "if you",
        "need to",
        "must",
    )
    hard = [i for i in corpus if not i.traps and any(w in i.text.lower() for w in words)]
    assert len(hard) >= 50


def tiny(*rows: tuple[str, list[str], list[str]]) -> list[Item]:
    return [Item(f"t{n}", text, tuple(traps), tuple(moves), "test") for n, (text, traps, moves) in enumerate(rows)]


def test_figures_on_a_tiny_corpus_are_right(flows):
    items = tiny(
        ("I think you should move to a care home.", ["power", "expert"], []),  # caught, right type
        ("Trust me, you need a stairlift.", ["expert"], []),  # caught
        ("The weather's turned, hasn't it.", ["labelling"], []),  # mislabelled on purpose: a miss
        ("What matters most to you?", [], ["open_question"]),
        ("Do you take sugar?", [], ["closed_question"]),
        ("It sounds like the nights are long.", [], ["reflection"]),
        ("You seem a bit low today.", [], ["reflection"]),
        ("Why don't you just get a stairlift?", [], []),  # a false alarm, labelled good on purpose
    )
    figures = evaluate(items, flows.rules)
    assert figures["items"] == 8 and figures["trap_items"] == 3 and figures["good_items"] == 5
    assert figures["any_trap_recall"] == round(2 / 3, 3)
    assert figures["right_type"] == 1.0
    assert figures["false_alarm_rate"] == 0.2
    assert figures["open_closed_accuracy"] == 1.0
    assert figures["reflection_recall"] == 1.0
    assert figures["traps"]["labelling"] == {"precision": None, "recall": 0.0, "f1": 0.0, "support": 1}
    assert figures["confusion"]["labelling"] == {"none": 1}
    assert figures["confusion"]["none"]["problem_solving"] == 1
    assert meets(figures)["false_alarm_rate"] is False


def test_eval_prints_the_table_and_json(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [
        {"id": "1", "text": "Trust me, you need a rest.", "traps": ["expert"], "moves": [], "split": "test"},
        {"id": "2", "text": "What helps?", "traps": [], "moves": ["open_question"], "split": "dev"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    text = CliRunner().invoke(cli, ["eval", "coach", str(path)])
    assert text.exit_code == 0
    assert "any_trap_recall" in text.output and "confusion" in text.output and "expert" in text.output
    data = json.loads(CliRunner().invoke(cli, ["eval", "coach", str(path), "--json", "--split", "all"]).output)
    assert data["items"] == 2 and data["split"] == "all"
    assert {
        "traps",
        "any_trap_recall",
        "right_type",
        "false_alarm_rate",
        "confusion",
        "open_closed_accuracy",
        "reflection_recall",
        "meets_targets",
    } <= data.keys()


@pytest.mark.parametrize(
    "line,message",
    [
        ("not json", "not JSON"),
        ('{"id": "1", "text": "x", "traps": [], "moves": []}', "missing split"),
        ('{"id": "1", "text": "x", "traps": ["bossy"], "moves": [], "split": "dev"}', "unknown trap id 'bossy'"),
        ('{"id": "1", "text": "x", "traps": [], "moves": [], "split": "train"}', "split 'train'"),
    ],
)
def test_a_bad_corpus_line_is_named(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(path)
    result = CliRunner().invoke(cli, ["eval", "coach", str(path)])
    assert result.exit_code == 1 and f"{path}:1:" in result.output


def test_bench_prints_a_rate(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "1", "text": "What helps?", "traps": [], "moves": [], "split": "dev"}), "utf-8")
    result = CliRunner().invoke(cli, ["bench", "coach", str(path), "--repeat", "3"])
    figures = json.loads(result.output)
    assert figures["utterances"] == 1 and figures["repeat"] == 3 and figures["median_per_second"] > 0
    assert figures["phrases_indexed"] == figures["phrases"] > 800  # every shipped phrase is searched only when due


def test_cross_validation_holds_out_whole_writers(corpus, flows):
    """Each writer is classified by a model that never read them; the figures are pooled over all writers."""
    from outcomes_bot.coach.evaluate import cross_validate

    dev = [i for i in corpus if i.split == "dev"]
    writers = sorted({i.source for i in dev})[:3]
    items = [i for w in writers for i in [j for j in dev if j.source == w][:30]]
    rows = cross_validate(items, flows.rules, [(0.9, 0.95), (1.0, 1.0)], epochs=2)
    assert [(r["threshold"], r["cautious_threshold"]) for r in rows] == [(0.9, 0.95), (1.0, 1.0)]
    assert all(r["items"] == len(items) and "errors" not in r for r in rows)
    assert rows[1]["false_alarm_rate"] <= rows[0]["false_alarm_rate"]


def test_model_cv_prints_a_row_per_setting_beside_the_rules_alone(tmp_path):
    rows = [
        ("You need to stop that now.", ["power"], "writer-x"),
        ("What matters most to you?", [], "writer-x"),
        ("You must do as you're told.", ["power"], "writer-y"),
        ("Tell me about your garden.", [], "writer-y"),
    ]
    path = tmp_path / "c.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"id": str(n), "text": t, "traps": traps, "moves": [], "split": "dev", "source": w})
            for n, (t, traps, w) in enumerate(rows)
        ),
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["model", "cv", str(path), "--thresholds", "0.9,0.95"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["setting", "any_trap_recall"]
    assert lines[1].startswith("rules alone") and lines[2].startswith("0.90/0.95") and len(lines) == 3
    bad = CliRunner().invoke(cli, ["model", "cv", str(path), "--thresholds", "high"])
    assert bad.exit_code == 2 and "two numbers" in bad.output


def test_eval_check_fails_when_a_figure_drops_below_its_floor(tmp_path):
    """CI's gate: a corpus the coach does badly on makes `eval --check` exit non-zero and say which figure."""
    path = tmp_path / "c.jsonl"
    rows = [
        {"id": "1", "text": "What helps you most?", "traps": ["expert"], "moves": [], "split": "test"},
        {"id": "2", "text": "I think you should move to a care home.", "traps": [], "moves": [], "split": "test"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "coach", str(path), "--check"])
    assert result.exit_code == 1
    assert "any_trap_recall 0.000" in result.output and "false_alarm_rate 1.000" in result.output
    assert CliRunner().invoke(cli, ["eval", "coach", str(path)]).exit_code == 0  # without --check it only reports


def test_the_shipped_coach_passes_its_own_gate():
    """The floors in evaluate.GATE are what the shipped coach reaches on the test split."""
    items = [i for i in load_corpus(default_corpus()) if i.split == "test"]
    from outcomes_bot.coach.evaluate import GATE, missed
    from outcomes_bot.content.flows import default_flows

    assert missed(evaluate(items, default_flows().rules), GATE) == []


def test_the_test_split_is_whole_writers_never_seen_in_dev(corpus):
    """Grouped by writer: nobody who wrote a test line wrote a dev line."""
    dev = {item.source for item in corpus if item.split == "dev"}
    test = {item.source for item in corpus if item.split == "test"}
    assert test and not dev & test
    assert sum(1 for item in corpus if item.split == "test") >= 1000
