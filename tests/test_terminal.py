"""The terminal front end: the scenario menu and how replies are shown."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from outcomes_bot.terminal.practice import Terminal

ROOT = Path(__file__).parent.parent


def terminal(engine) -> tuple[Terminal, list[str]]:
    lines: list[str] = []
    return Terminal(engine, "t", echo=lambda text="", nl=True: lines.append(text)), lines


def test_menu_accepts_a_number_or_an_id(engine, flows):
    term, lines = terminal(engine)
    ids = list(flows.scenarios)
    assert term.choose(io.StringIO("2\n")) == ids[1]
    assert term.choose(io.StringIO(f"{ids[3]}\n")) == ids[3]
    assert any(flows.scenarios[ids[0]].summary in line for line in lines)


def test_menu_explains_a_bad_choice_and_asks_again(engine, flows):
    term, lines = terminal(engine)
    assert term.choose(io.StringIO("99\nnobody\n1\n")) == next(iter(flows.scenarios))
    assert sum("There's no choice" in line for line in lines) == 2


def test_menu_at_end_of_input_returns_nothing(engine):
    term, _ = terminal(engine)
    assert term.choose(io.StringIO("")) is None


def test_persona_and_coach_are_marked_apart(engine):
    term, lines = terminal(engine)
    report = term.run("bedtime_story", io.StringIO("I think you should move to a care home.\n"), interactive=False)
    assert any(line.startswith("\nDai: ") for line in lines)
    assert any(line.startswith("  Coach: Power trap") for line in lines)
    assert any(line.startswith("  Coach: Expert trap") for line in lines)
    assert any(line.startswith("  [Stage 1 of 5") for line in lines)
    assert [t["trap"] for t in report["traps"]] == ["power", "expert"]  # the most specific first


def test_bot_without_a_token_says_how_to_get_one_and_how_to_practise():
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    result = subprocess.run([sys.executable, "bot.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "@BotFather" in result.stdout
    assert "outcomes-bot practice" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 1
