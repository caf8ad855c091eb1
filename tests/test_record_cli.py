"""``outcomes-bot record-check``: a whole note in, one JSON object out, kind errors for no note or too much."""

from __future__ import annotations

import json

from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.content.flows import default_flows
from outcomes_bot.learn.record_check import as_json, review

NOTE = (
    "SU assisted with personal care. Meds prompted.\n"
    "Mrs Jones seems confused and was non-compliant with her tablets.\n"
    'She said "I want to get to chapel on Sunday".\n'
)


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str]:
    """Run record-check; its exit code and its output (stdout and stderr together)."""
    result = CliRunner().invoke(cli, ["record-check", *args], input=stdin)
    return result.exit_code, result.output


def test_a_note_from_stdin_prints_one_json_object_with_principles_labels_and_identifying():
    code, output = run(stdin=NOTE)
    assert code == 0, output
    lines = output.strip().splitlines()
    assert len(lines) == 1  # one object, on one line
    answer = json.loads(lines[0])
    assert list(answer) == ["principles", "labels", "identifying"]
    flows = default_flows()
    assert answer == as_json(review(NOTE, flows.recording, flows.privacy))  # the engine's own review, unchanged
    assert [p["id"] for p in answer["principles"]] == [p.id for p in flows.recording.flow.principles]
    assert all(list(p) == ["id", "ok", "evidence", "advice"] for p in answer["principles"])
    by_id = {p["id"]: p for p in answer["principles"]}
    assert by_id["personal_outcomes"]["ok"] is False
    found = {e["text"] for e in by_id["personal_outcomes"]["evidence"]}
    assert {"SU", "assisted with personal care", "Meds prompted"} <= found
    assert by_id["their_story"]["ok"] is True  # her own words, in quote marks
    assert by_id["types_of_outcomes"]["ok"] is None  # one note cannot show it
    assert [label["text"] for label in answer["labels"]] == ["non-compliant"]
    assert ("name", "Mrs Jones") in [(f["kind"], f["text"]) for f in answer["identifying"]]


def test_a_note_from_a_file_is_the_same_as_from_stdin(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    assert run(str(note)) == run(stdin=NOTE)


def test_no_note_is_a_kind_error_not_an_empty_review(tmp_path):
    says = default_flows().recording.flow.messages
    for empty in ("", "  \n\t\n"):
        code, output = run(stdin=empty)
        assert code == 1 and says.cli_empty in output and "{" not in output
    blank = tmp_path / "blank.txt"
    blank.write_text("\n", encoding="utf-8")
    code, output = run(str(blank))
    assert code == 1 and says.cli_empty in output


def test_a_note_over_the_limit_is_refused_with_its_length_and_the_limit():
    flow = default_flows().recording.flow
    longest = "Bet made her own tea. " * (flow.max_chars // 22)
    assert run(stdin=longest[: flow.max_chars])[0] == 0  # up to the limit is reviewed
    huge = "x" * (flow.max_chars + 1)
    code, output = run(stdin=huge)
    assert code == 1
    assert flow.messages.cli_too_long.format(length=flow.max_chars + 1, max=flow.max_chars) in output
    assert "principles" not in output


def test_a_file_that_is_not_text_or_not_there_is_a_kind_error(tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xff\xfe")
    code, output = run(str(binary))
    assert code == 1 and default_flows().recording.flow.messages.cli_not_text in output
    code, output = run(str(tmp_path / "missing.txt"))
    assert code == 2 and "does not exist" in output


def test_emoji_and_other_scripts_are_reviewed_like_any_note():
    code, output = run(stdin="Bet laughed 😂 and said “Diolch yn fawr” because her grandson rang.")
    assert code == 0
    by_id = {p["id"]: p for p in json.loads(output)["principles"]}
    assert by_id["their_story"]["ok"] is True and by_id["the_why"]["ok"] is True
