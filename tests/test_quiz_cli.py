"""``outcomes-bot quiz`` through click's CliRunner: answers from a pipe, --json, and wrong answers coming back."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.cli.practice import terminal_user
from outcomes_bot.content.flows import default_flows
from outcomes_bot.store.database import Store

QUIZ = default_flows().quiz
SAYS = QUIZ.messages


def quiz(*args: str, answers: str = "") -> list[str]:
    """Run ``outcomes-bot quiz`` with ``answers`` piped in; the lines it printed."""
    result = CliRunner().invoke(cli, ["quiz", *args], input=answers)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def asked(lines: list[str]) -> list[int]:
    """The statements asked, in order, from the question lines."""
    questions = [line for line in lines if re.match(r"\d+/\d+\. ", line)]
    return [next(i.number for i in QUIZ.items if f'"{i.statement}"' in line) for line in questions]


def test_a_piped_quiz_ends_with_the_json_result_and_asks_again_kindly():
    lines = quiz("--count", "3", "--json", answers="Y\nmaybe\nyes\n🙂\nNO\n")
    assert json.loads(lines[-1]) == {"score": 1, "total": 3, "wrong": [1, 3]}  # 1 is a barrier, 3 an outcome
    assert lines[0] == SAYS.intro.splitlines()[0] and SAYS.answer_hint in lines
    assert SAYS.ask_again.format(line="maybe") in lines and SAYS.ask_again.format(line="🙂") in lines
    assert asked(lines) == [1, 2, 3]
    assert lines[-3:-1] == [SAYS.result.format(score=1, total=3), SAYS.come_back.format(numbers="1, 3")]
    assert QUIZ.item(2).explanation in "\n".join(lines)


def test_the_ones_answered_wrongly_come_back_first_next_time_for_the_same_terminal_user(tmp_path):
    quiz("--count", "3", answers="y\ny\nn\n")  # 1 and 3 wrong
    lines = quiz("--count", "4", "--json", answers="n\ny\nn\nn\n")
    assert asked(lines) == [1, 3, 4, 5]  # the wrong ones first, then the ones not seen yet
    assert json.loads(lines[-1]) == {"score": 3, "total": 4, "wrong": [5]}
    store = Store()  # $OUTCOMES_DB, as the command used
    try:
        assert store.quiz_history(terminal_user()) == {1: True, 2: True, 3: True, 4: True, 5: False}
    finally:
        store.close()


def test_a_long_line_is_said_back_short_and_input_that_runs_out_counts_what_was_answered():
    lines = quiz("--count", "2", "--json", answers="x" * 500 + "\nn\n")
    assert SAYS.ask_again.format(line="x" * 40) in lines
    assert SAYS.ran_out.format(answered=1, count=2) in lines
    assert json.loads(lines[-1]) == {"score": 1, "total": 1, "wrong": []}
    empty = quiz("--json")
    assert SAYS.ran_out.format(answered=0, count=25) in empty and json.loads(empty[-1]) == {
        "score": 0,
        "total": 0,
        "wrong": [],
    }


def test_without_json_the_result_is_in_words_and_the_whole_quiz_is_all_25():
    lines = quiz(answers="\n".join("y" if i.outcome else "n" for i in QUIZ.items) + "\n")
    assert asked(lines) == list(range(1, 26))
    assert lines[-2:] == [SAYS.result.format(score=25, total=25), SAYS.all_right]
    result = CliRunner().invoke(cli, ["quiz", "--count", "0"])
    assert result.exit_code == 2  # not a number of statements: click says so
