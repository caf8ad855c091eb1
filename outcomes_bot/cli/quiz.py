"""The personal-outcomes quiz in the terminal: a statement at a time at a prompt, or an answer a line from a pipe."""

from __future__ import annotations

import io
import json
import sys
from typing import TextIO

import click

from ..learn.quiz import QuizRun, result_lines
from ..learn.quiz_rounds import QuizRounds
from .base import cli, load, open_store
from .practice import terminal_user


@cli.command()
@click.option("--json", "as_json", is_flag=True, help='Print {"score", "total", "wrong": [numbers]} as the last line.')
@click.option("--count", type=click.IntRange(1, 25), help="How many statements (all 25 unless given).")
def quiz(as_json: bool, count: int | None) -> None:
    """Is it a personal outcome? The guide's 25 statements, one at a time: answer y or n.

    From a pipe, each line is an answer (y/n or yes/no; anything else is asked again).
    Your answers are kept in $OUTCOMES_DB, so the ones you got wrong come first next time.

    Example: outcomes-bot quiz

    Answer from a pipe and print the result as JSON:

        printf 'n\\ny\\ny\\n' | outcomes-bot quiz --count 3 --json
    """
    flows = load()
    rounds = QuizRounds(flows, open_store(flows))
    user = terminal_user()
    numbers = rounds.terminal_numbers(user, count or flows.quiz.sizes.terminal)
    stdin = sys.stdin or io.StringIO()  # a closed stdin reads as empty
    run = play(QuizRun(flows.quiz, numbers), stdin, interactive=stdin.isatty())
    rounds.keep(user, run.answers)
    rounds.store.close()
    if as_json:
        click.echo(json.dumps(run.result().as_json()))


def play(run: QuizRun, stdin: TextIO, interactive: bool) -> QuizRun:
    """Show each statement and read answers until the quiz is done or the input ends."""
    for line in run.start():
        click.echo(line)
    while not run.done:
        if interactive:
            click.echo("> ", nl=False)
        line = stdin.readline()
        if not line:  # the end of the input (or Ctrl-D)
            if interactive:
                click.echo()
            click.echo(run.quiz.messages.ran_out.format(answered=len(run.answers), count=len(run.numbers)))
            for said in result_lines(run.quiz, run.result()):
                click.echo(said)
            break
        for said in run.feed(line):
            click.echo(said)
    return run
