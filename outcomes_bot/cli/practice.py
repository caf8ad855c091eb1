"""The terminal commands: practise, reflect, prepare for supervision, list the scenarios, classify text."""

from __future__ import annotations

import getpass
import io
import json
import sys
import uuid

import click

from ..coach.classifier import classify as classify_text
from ..content.messages import render
from ..practice.engine import Engine
from ..terminal.practice import Terminal, print_json
from ..terminal.reflect import ReflectTerminal
from .base import cli, load, open_store


@cli.command()
@click.option("--scenario", "scenario_id", metavar="ID", help="Who to practise with (see 'outcomes-bot scenarios').")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object on the last line.")
def practice(scenario_id: str | None, as_json: bool) -> None:
    """Practise a conversation in the terminal, or replay one from a pipe.

    Example: outcomes-bot practice --scenario bedtime_story

    Replay a transcript, one worker reply per line:

        outcomes-bot practice --scenario bedtime_story --json < transcript.txt
    """
    flows = load()
    if scenario_id is not None and scenario_id not in flows.scenarios:
        raise click.BadParameter(
            render(flows.messages, "unknown_scenario", id=scenario_id, ids=", ".join(flows.scenarios)),
            param_hint="--scenario",
        )
    stdin = sys.stdin or io.StringIO()  # a closed stdin reads as empty
    interactive = stdin.isatty()
    terminal = Terminal(Engine(flows, open_store(flows)), f"terminal:{uuid.uuid4().hex[:12]}")
    if scenario_id is None:
        if interactive:
            scenario_id = terminal.choose(stdin)
            if scenario_id is None:
                click.echo()
                return
        else:
            scenario_id = next(iter(flows.scenarios))
            click.echo(render(flows.messages, "terminal_default_scenario", id=scenario_id), err=True)
    report = terminal.run(scenario_id, stdin, interactive)
    if as_json:
        print_json(report)


def terminal_user() -> str:
    """Who is at this terminal, so their reflections are theirs from one run to the next."""
    try:
        return f"terminal:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name, e.g. in some containers
        return "terminal:local"


@cli.command()
@click.option("--card", is_flag=True, help="Draw a reflection card and write about it.")
@click.option("--list", "show_list", is_flag=True, help="Show your reflections instead of writing one.")
def reflect(card: bool, show_list: bool) -> None:
    """Write a reflection, kept private in the database; you're warned about identifying details first.

    Example: outcomes-bot reflect --card

    From a pipe, the whole of stdin is the reflection (identifying details are masked):

        echo "Asking about her garden opened things up" | outcomes-bot reflect
    """
    flows = load()
    screen = ReflectTerminal(Engine(flows, open_store(flows)), terminal_user())
    if show_list:
        screen.show(screen.reflections.mine(screen.user, 0))
        return
    stdin = sys.stdin or io.StringIO()
    screen.reflect(stdin, stdin.isatty(), card)


@cli.command("supervision-prep")
def supervision_prep() -> None:
    """Prepare for supervision: the guide's questions one at a time, ending in an agenda you keep.

    Example: outcomes-bot supervision-prep
    """
    flows = load()
    stdin = sys.stdin or io.StringIO()
    ReflectTerminal(Engine(flows, open_store(flows)), terminal_user()).prepare(stdin, stdin.isatty())


@cli.command()
def scenarios() -> None:
    """List the scenarios: the id first, then the title.

    Example: outcomes-bot scenarios
    """
    for scenario in load().scenarios.values():
        click.echo(f"{scenario.id}\t{scenario.title}")


@cli.command()
@click.option("--jsonl", "as_jsonl", is_flag=True, help='Read JSON lines: {"text": ..., "before": "what they said"}.')
def classify(as_jsonl: bool) -> None:
    """Classify utterances, one per line on stdin, into traps and moves (JSON lines).

    With --jsonl each line is an object with "text" and, optionally, "before":
    what the person said just before, which tells a reflection from a remark.

    Example: echo "I think you should move to a care home" | outcomes-bot classify
    """
    rules = load().rules
    for number, line in enumerate(sys.stdin or (), 1):
        text, before, problem = _utterance(line.rstrip("\r\n"), as_jsonl)
        if problem:
            click.echo(json.dumps({"line": number, "error": problem}))
            continue
        result = classify_text(text, rules=rules, before=before)
        shown = {"text": text, **({"before": before} if before else {})}
        click.echo(
            json.dumps(
                {
                    **shown,
                    "traps": result.trap_ids,
                    "moves": result.move_ids,
                    "neutral": [d.id for d in result.neutral] if result.is_neutral else [],
                    "evidence": {d.id: d.evidence for d in (*result.traps, *result.moves)},
                },
                ensure_ascii=False,
            )
        )


def _utterance(line: str, as_jsonl: bool) -> tuple[str, str, str]:
    """(text, before, problem) from one input line; the problem says what is wrong with it and how to fix it."""
    if not as_jsonl:
        return line, "", ""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return "", "", f'not JSON ({exc.msg}); write one object per line, like {{"text": "..."}}'
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        return "", "", 'no "text"; write one object per line, like {"text": "...", "before": "..."}'
    before = row.get("before") or ""
    return row["text"], before if isinstance(before, str) else "", ""
