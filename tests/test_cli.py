"""Whole transcripts replayed through the command line, and the other commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from messages import head, tail, text

from outcomes_bot.cli import cli
from outcomes_bot.content.schema import TRAP_IDS

TRANSCRIPTS = Path(__file__).parent / "transcripts"
REPORT_KEYS = {
    "scenario",
    "turns",
    "stages_reached",
    "traps",
    "moves",
    "open_question_pct",
    "reflection_to_question",
    "outcome_captured",
}


def replay(scenario: str, text: str) -> tuple[str, dict]:
    """Pipe a transcript into 'practice --json'; return the output and the report."""
    result = CliRunner().invoke(cli, ["practice", "--scenario", scenario, "--json"], input=text)
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    return result.output, json.loads(last)


def transcripts(kind: str) -> list[pytest.param]:
    """Transcripts named <scenario>[.<variant>]_<kind>.txt, as test parameters."""
    return [
        pytest.param(p.stem.rsplit("_", 1)[0].split(".")[0], p.read_text(encoding="utf-8"), id=p.stem)
        for p in sorted(TRANSCRIPTS.glob(f"*_{kind}.txt"))
    ]


@pytest.mark.parametrize("scenario,text", transcripts("skilled"))
def test_a_skilled_transcript_reaches_every_stage_and_the_outcome(scenario, text):
    output, report = replay(scenario, text)
    assert REPORT_KEYS <= report.keys()
    assert report["scenario"] == scenario
    assert report["stages_reached"] == [1, 2, 3, 4, 5]
    assert report["outcome_captured"] is True
    assert report["strength_captured"] is True
    assert report["traps"] == []
    assert report["turns"] == len([line for line in text.splitlines() if not line.startswith("/")])
    assert report["moves"]["reflection"] + report["moves"]["summary"] >= 2
    assert report["open_question_pct"] >= 50


@pytest.mark.parametrize("scenario,text", transcripts("traps"))
def test_a_trap_laden_transcript_gets_every_trap_named(scenario, text):
    output, report = replay(scenario, text)
    named = {t["trap"] for t in report["traps"]}
    assert named == set(TRAP_IDS)
    for trap in report["traps"]:
        line = text.splitlines()[trap["turn"] - 1]
        assert trap["quote"].rstrip("…") in line or trap["trap"] == "question_answer"
    assert report["outcome_captured"] is False


def test_at_least_one_transcript_of_each_kind_per_scenario(flows):
    for kind in ("skilled", "traps"):
        assert {p.values[0] for p in transcripts(kind)} == set(flows.scenarios), kind


def test_replay_shows_the_conversation_and_the_report():
    output, report = replay("bedtime_story", "Can you tell me a bit about what's been happening?\n/end\n")
    assert f"{text('terminal_you')}: Can you tell me a bit about what's been happening?" in output
    assert "\nDai: " in output
    assert head("progress", number=1, total=5, name="open, engaging questions") in output
    assert head("report_title", person="Dai") in output
    assert report["turns"] == 1 and report["stages_reached"] == [1]


def test_end_of_input_ends_the_session_with_a_report():
    _, report = replay("bedtime_story", "It sounds like you miss being upstairs.\n")
    assert report["turns"] == 1 and report["ended_by"] == "worker"


def test_bad_input_lines_get_a_note_and_are_not_turns(flows):
    said = "\n   \n" + "a" * 5000 + "\n😀😀\n你好吗\nHow are you?\nHow are you?\n/think\n/hint\n/nonsense\n/end\n"
    output, report = replay("bedtime_story", said)
    assert report["turns"] == 1
    assert text("empty") in output
    assert head("too_long", length=5000) in output
    assert text("no_words") in output
    assert text("other_script") in output
    assert text("repeated") in output
    assert head("thought", name="Dai") in output
    stage = flows.practice.stages[0]
    hint = text("hint", number=1, name=stage.name, hint=stage.hint, example=stage.example)
    assert stage.example and all(line in output for line in hint.splitlines())  # the hint, with its example
    assert text("terminal_unknown_command", command="/nonsense") in output


def test_unknown_scenario_lists_the_valid_ones(flows):
    result = CliRunner().invoke(cli, ["practice", "--scenario", "nobody"], input="")
    assert result.exit_code == 2
    for scenario_id in flows.scenarios:
        assert scenario_id in result.output


def test_no_scenario_from_a_pipe_uses_the_first_and_says_so(flows):
    result = CliRunner().invoke(cli, ["practice", "--json"], input="How are you?\n")
    assert result.exit_code == 0
    first = next(iter(flows.scenarios))
    assert text("terminal_default_scenario", id=first) in result.output
    assert json.loads(result.output.strip().splitlines()[-1])["scenario"] == first


def test_scenarios_lists_id_then_title(flows):
    result = CliRunner().invoke(cli, ["scenarios"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == list(flows.scenarios)
    assert lines[0].split("\t")[1] == flows.scenarios[lines[0].split("\t")[0]].title


def test_classify_prints_one_json_object_per_line():
    text = "I think you should move to a care home\nWhat matters most to you?\n\n😀\n"
    result = CliRunner().invoke(cli, ["classify"], input=text)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.strip().splitlines()]
    assert [r["text"] for r in rows] == text.splitlines()
    assert "power" in rows[0]["traps"] and rows[0]["moves"] == []
    assert rows[1]["traps"] == [] and rows[1]["moves"] == ["open_question"]
    assert rows[2] == {"text": "", "traps": [], "moves": [], "neutral": [], "evidence": {}}
    assert rows[0]["evidence"]["power"] in rows[0]["text"]


def run_cli(args: list[str], text: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Run the real command in a child process."""
    code = "import sys; from outcomes_bot.cli import cli; sys.argv[0] = 'outcomes-bot'; cli()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=text, **kwargs)


def test_a_closed_stdin_is_read_as_empty(tmp_path):
    env = {**os.environ, "OUTCOMES_DB": str(tmp_path / "c.db")}
    practice = run_cli(["practice", "--scenario", "bedtime_story", "--json"], env=env, preexec_fn=lambda: os.close(0))
    classify = run_cli(["classify"], env=env, preexec_fn=lambda: os.close(0))
    for result in (practice, classify):
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(practice.stdout.splitlines()[-1])["turns"] == 0


def test_bytes_that_are_not_utf8_in_a_pipe(tmp_path):
    env = {**os.environ, "OUTCOMES_DB": str(tmp_path / "b.db")}
    args = ["practice", "--scenario", "bedtime_story", "--json"]
    result = run_cli(args, text=False, input=b"How are you \xff\xfe today?\n", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode().splitlines()[-1])["turns"] == 1


def test_a_database_that_cannot_be_opened_says_so_plainly(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTCOMES_DB", str(tmp_path))  # a folder, not a file
    result = CliRunner().invoke(cli, ["practice", "--scenario", "bedtime_story"], input="Hello\n")
    assert result.exit_code == 1
    assert head("cannot_open_db", path=tmp_path) in result.output
    assert tail("cannot_open_db", path=tmp_path) in result.output


def test_an_unknown_scenario_does_not_create_a_database(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTCOMES_DB", str(tmp_path / "never.db"))
    CliRunner().invoke(cli, ["practice", "--scenario", "nobody"], input="")
    assert not (tmp_path / "never.db").exists()


def test_end_with_a_full_stop_still_ends():
    _, report = replay("bedtime_story", "How are you?\n/end.\nStill here?\n")
    assert report["turns"] == 1 and report["ended_by"] == "worker"


def test_classify_drops_windows_line_endings():
    result = CliRunner().invoke(cli, ["classify"], input="What matters to you?\r\n")
    assert json.loads(result.output)["text"] == "What matters to you?"
