"""Flow validation: the shipped flows pass, and each kind of breakage gives its exact error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.content.flows import check_path, flows_dir
from outcomes_bot.content.schema import TRAP_IDS

SHIPPED = flows_dir()


def test_every_shipped_flow_validates(flows):
    assert len(flows.scenarios) >= 6
    assert set(flows.coach.traps) == set(TRAP_IDS)
    for path in sorted((SHIPPED / "scenarios").glob("*.yaml")):
        loaded, errors = check_path(path)
        assert errors == [], path


def test_flows_check_command_passes_on_shipped_flows():
    result = CliRunner().invoke(cli, ["flows", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Flows are valid:")


def broken(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    """Copy the shipped flows, make one change, and return the errors as text."""
    root = tmp_path / "flows"
    shutil.copytree(SHIPPED, root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's anchor text is missing from {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, errors = check_path(root)
    return [str(e).replace(str(root) + "/", "") for e in errors]


def line_of(file: str, needle: str) -> int:
    """The line a piece of text is on in a shipped flow file."""
    text = (SHIPPED / file).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


SC = "scenarios/bedtime_story.yaml"
FIX_TRAPS = "use one of: " + ", ".join(TRAP_IDS)


def test_yaml_syntax_error(tmp_path):
    line = line_of(SC, "title: Dai") + 1  # the open list runs on until the next line's key
    assert broken(tmp_path, SC, "title: Dai,", "title: [Dai,") == [
        f"{SC}:{line}: YAML syntax: expected ',' or ']', but got ':'. "
        "Fix: check the indentation, and put text containing ': ' or '#' in quotes"
    ]


def test_misspelt_key(tmp_path):
    line = line_of(SC, "referral: |-")
    assert broken(tmp_path, SC, "referral: |-", "refferal: |-") == [
        f"{SC}:{line_of(SC, 'id: bedtime_story')}: referral: missing key 'referral'. Fix: add 'referral:' here",
        f"{SC}:{line}: refferal: unknown key 'refferal'. Fix: remove it, or correct its spelling",
    ]


def test_unknown_stage(tmp_path):
    errors = broken(tmp_path, SC, "  stage_5:\n    summary:", "  stage_6:\n    summary:")
    line = line_of(SC, "  stage_5:\n    summary:")
    assert (
        f"{SC}:{line}: replies.stage_6: unknown stage 'stage_6'. "
        "Fix: use one of: stage_1, stage_2, stage_3, stage_4, stage_5, any" in errors
    )
    assert (
        f"{SC}:{line_of(SC, 'replies:')}: replies: missing text: no replies for 'stage_5'. "
        "Fix: add 'stage_5:' under replies" in errors
    )


def test_unknown_trap_id(tmp_path):
    errors = broken(tmp_path, SC, "  confrontational:\n    reactions:", "  bossy:\n    reactions:")
    line = line_of(SC, "  confrontational:\n    reactions:")
    assert f"{SC}:{line}: traps.bossy: unknown trap id 'bossy'. Fix: {FIX_TRAPS}" in errors
    assert any("missing trap 'confrontational'" in e for e in errors)


def test_unknown_move_id(tmp_path):
    old = 'moves: [strengths_question, open_question]\n    cues: ["who'
    line = line_of(SC, old)
    assert broken(tmp_path, SC, old, old.replace("open_question", "open_qestion")) == [
        f"{SC}:{line}: facts[0].moves: unknown move id 'open_qestion'. Fix: use one of: open_question, "
        "closed_question, reflection, summary, asking_permission, scaling_question, strengths_question, affirmation, "
        "repair"
    ]


def test_duplicate_fact_id(tmp_path):
    line = line_of(SC, "- id: bathroom")
    assert broken(tmp_path, SC, "- id: bathroom", "- id: rhys") == [
        f"{SC}:{line}: facts[4].id: duplicate fact id 'rhys'. Fix: give each fact its own id"
    ]


def test_duplicate_key(tmp_path):
    line = line_of(SC, "start_trust: 3")
    assert broken(tmp_path, SC, "start_trust: 3", "start_trust: 3\nstart_trust: 4") == [
        f"{SC}:{line + 1}: start_trust: duplicate key 'start_trust' (first on line {line}). "
        "Fix: remove one of them or give it a different name"
    ]


def test_too_few_lines_is_missing_text(tmp_path):
    old = '      - "Right."\n      - "Okay."\n      - "Mm."'
    assert broken(tmp_path, SC, old, '      - "Right."') == [
        f"{SC}:{line_of(SC, old) - 1}: replies.any.other: missing text: only 1 line(s), at least 3 needed. "
        "Fix: add 2 more way(s) of saying it"
    ]


def test_blank_text_is_missing_text(tmp_path):
    old = next(line for line in (SHIPPED / SC).read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    assert broken(tmp_path, SC, old, 'title: "   "') == [
        f"{SC}:{line_of(SC, old)}: title: String should have at least 1 character. "
        "Fix: write some text here (put it in quotes if it contains ': ' or starts with a symbol)"
    ]


def test_duplicate_line_would_repeat(tmp_path):
    old = '      - "Okay."\n      - "Mm."'
    assert broken(tmp_path, SC, old, '      - "Okay."\n      - "Okay."') == [
        f"{SC}:{line_of(SC, old) + 1}: replies.any.other[2]: duplicate line (same as item 1). "
        "Fix: reword it so it does not repeat"
    ]


def test_unreachable_stage(tmp_path):
    old = "  - {trigger: exchange, source: [stage_1, stage_2, stage_3, stage_5], dest: stage_4}\n"
    errors = broken(tmp_path, "practice.yaml", old, "")
    assert (
        f"practice.yaml:{line_of('practice.yaml', '  - id: stage_4')}: stages[3]: stage 'stage_4' cannot be "
        "reached from 'stage_1'. Fix: add a transition whose dest is this stage, or remove it" in errors
    )


def test_unknown_transition_target(tmp_path):
    old = "dest: stage_4}"
    errors = broken(tmp_path, "practice.yaml", old, "dest: stage_9}")
    assert (
        f"practice.yaml:{line_of('practice.yaml', old)}: transitions[4].dest: unknown stage 'stage_9'. "
        "Fix: use one of: ended, stage_1, stage_2, stage_3, stage_4, stage_5" in errors
    )


def test_phrase_that_is_not_a_pattern(tmp_path):
    old = '      - "trust me"'
    assert broken(tmp_path, "coach.yaml", old, '      - "trust (me"') == [
        f"coach.yaml:{line_of('coach.yaml', old)}: traps.expert.phrases[22]: the phrase is not a valid pattern "
        "(missing ), unterminated subpattern). Fix: check brackets and special characters; "
        "write a literal ? or ( as \\? or \\("
    ]


def test_shorthand_that_is_not_one_word(tmp_path):
    old = "    wiv: with"
    assert broken(tmp_path, "coach.yaml", old, "    w iv: with") == [
        f"coach.yaml:{line_of('coach.yaml', old)}: shorthand.means.w iv.[key]: String should match pattern "
        "'^[a-z0-9']+$'. Fix: write one word in lower case, as it is typed: letters, digits or an apostrophe, "
        "no spaces"
    ]


def test_unknown_word_list(tmp_path):
    old = '      - "trust me"'
    assert broken(tmp_path, "coach.yaml", old, '      - "trust {mee}"') == [
        f"coach.yaml:{line_of('coach.yaml', old)}: traps.expert.phrases[22]: unknown word list '{{mee}}'. "
        "Fix: add 'mee' under 'words:' in coach.yaml, or correct the spelling"
    ]


def test_unknown_trap_in_coach(tmp_path):
    errors = broken(tmp_path, "coach.yaml", "  yes_but:\n    name:", "  yes_butt:\n    name:")
    line = line_of("coach.yaml", "  yes_but:\n    name:")
    assert f"coach.yaml:{line}: traps.yes_butt: unknown trap id 'yes_butt'. Fix: {FIX_TRAPS}" in errors


def test_missing_message(tmp_path):
    old = '  empty: "There was nothing in that message. Type what you would say to them."\n'
    assert broken(tmp_path, "messages.yaml", old, "") == [
        f"messages.yaml:{line_of('messages.yaml', 'texts:')}: texts: missing message 'empty'. "
        "Fix: add 'empty:' under 'texts'"
    ]


def test_flows_check_command_exits_non_zero_with_file_and_line(tmp_path):
    root = tmp_path / "flows"
    shutil.copytree(SHIPPED, root)
    path = root / SC
    path.write_text(path.read_text(encoding="utf-8").replace("start_trust: 3", "start_trust: eleven"), "utf-8")
    result = CliRunner().invoke(cli, ["flows", "check", str(root)])
    assert result.exit_code == 1
    assert f"{SC}:{line_of(SC, 'start_trust: 3')}: start_trust:" in result.output.replace(str(root) + "/", "")
    assert "Fix: use a whole number in the allowed range" in result.output


def test_one_file_can_be_checked_alone(tmp_path):
    path = tmp_path / "bedtime_story.yaml"
    path.write_text((SHIPPED / SC).read_text(encoding="utf-8").replace("- id: bathroom", "- id: rhys"), "utf-8")
    result = CliRunner().invoke(cli, ["flows", "check", str(path)])
    assert result.exit_code == 1
    assert "duplicate fact id 'rhys'" in result.output


def test_malformed_flow_stops_start_up(tmp_path, monkeypatch):
    root = tmp_path / "flows"
    shutil.copytree(SHIPPED, root)
    (root / "coach.yaml").write_text("traps: [\n", encoding="utf-8")
    monkeypatch.setenv("OUTCOMES_FLOWS", str(root))
    result = CliRunner().invoke(cli, ["practice", "--scenario", "bedtime_story"], input="Hello\n")
    assert result.exit_code == 1
    assert "coach.yaml:2: YAML syntax:" in result.output
    assert "Fix:" in result.output


def all_commands(group=cli, prefix=()):
    """Every command and group under the CLI, as (name, command) pairs."""
    for name, command in group.commands.items():
        yield " ".join((*prefix, name)), command
        if hasattr(command, "commands"):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("name,command", list(all_commands()))
def test_every_command_documents_an_example(name, command):
    example = next(line for line in command.help.splitlines() if line.strip().startswith("Example:"))
    assert "outcomes-bot" in example, name


def test_diagram_is_drawn_from_the_same_data(flows):
    result = CliRunner().invoke(cli, ["flows", "diagram"])
    assert result.exit_code == 0
    assert "stateDiagram-v2" in result.output
    drawn = {}
    for line in result.output.splitlines():
        if " --> " in line and ": " in line:
            edge, triggers = line.strip().split(": ", 1)
            drawn[edge] = triggers.split(" [")[0].split(" | ")
    for trans in flows.practice.transitions:
        for source in trans.source:
            assert trans.trigger in drawn[f"{source} --> {trans.dest}"]


def message_keys(expr) -> set[str]:
    """The message keys an argument can be: a string, or either side of an 'if'."""
    import ast

    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return message_keys(expr.body) | message_keys(expr.orelse)
    return set()  # f"rating_{...}" is covered by the test


def test_message_keys_match_the_code():
    """Every message the code asks for is required, and every required message is asked for."""
    import ast

    import outcomes_bot
    from outcomes_bot.content.messages import REQUIRED
    from outcomes_bot.service import UNFINISHED_NAMES
    from outcomes_bot.team.privacy import PATTERNS
    from outcomes_bot.team.teams import DAYS
    from outcomes_bot.telegram_bot.commands import MENU

    package = Path(outcomes_bot.__file__).parent
    asked = {f"rating_{r}" for r in ("good", "fair", "low", "none")}  # chosen by rating()
    asked |= {f"cmd_{c}" for c in MENU}  # the Telegram command menu's descriptions
    asked |= {f"{family}_{kind}" for family in ("pii", "mask") for kind in PATTERNS}  # one per kind of detail
    asked |= {f"day_{d}" for d in DAYS} | {"role_supervisor", "role_worker", "choose_rm", "choose_co"}
    asked |= {f"btn_prep_{how}" for how in ("skip", "back", "stop")}
    kinds = ("free", "card", "practice", "prompt", "agenda", "risk", "record", "strengths")
    asked |= {f"reflection_kind_{kind}" for kind in kinds}
    asked |= {f"unfinished_{name}" for name in UNFINISHED_NAMES}  # what an unfinished conversation is called
    for path in [*package.rglob("*.py"), package.parent / "bot.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None) and getattr(node.func, "id", getattr(node.func, "attr", ""))
            where = 1 if name in ("render", "note") else 0  # the key's place among the arguments
            if (
                isinstance(node, ast.Call)
                and name in ("render", "text", "_note", "note", "Refused")
                and len(node.args) > where
            ):
                asked |= message_keys(node.args[where])
            elif isinstance(node, ast.Dict) and all(  # the terminal's table of labels
                isinstance(v, ast.Constant) and str(v.value).startswith("label_") for v in node.values
            ):
                asked |= {v.value for v in node.values}
            elif isinstance(node, ast.FunctionDef) and node.name == "check_text":  # its reasons are message keys
                asked |= {k for r in ast.walk(node) if isinstance(r, ast.Return) for k in message_keys(r.value)}
    assert asked == set(REQUIRED)


def test_a_language_pattern_that_is_not_a_regular_expression(tmp_path):
    """The coach's language rules are data, checked like the phrases: file, line, key and fix."""
    old = '  contrast: "\\\\b(?:but|however)\\\\b"'
    errors = broken(tmp_path, "coach.yaml", old, '  contrast: "\\\\b(?:but|however\\\\b"')
    assert errors == [
        f"coach.yaml:{line_of('coach.yaml', old)}: language.contrast: the pattern is not a valid regular "
        "expression (missing ), unterminated subpattern at position 2). Fix: check brackets and special "
        "characters; write a literal ? or ( as \\? or \\("
    ]
