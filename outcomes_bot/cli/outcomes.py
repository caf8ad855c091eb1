"""The outcome check in the terminal: ``outcome-check`` reads statements, ``eval outcomes`` measures the check."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import click

from ..content.checks_learn_outcomes import OutcomeRules
from ..content.labelled import LabelledSetError
from ..learn import outcome_eval
from ..learn.outcome_check import check, reading_text
from .base import LABELLED_SET, cli, load
from .evaluation import _from_group, eval_group, eval_options


@cli.command("outcome-check")
@click.argument("statements", metavar="[FILE]", required=False, type=click.Path(path_type=Path))
@click.option("--text", "as_text", is_flag=True, help="Print the answer as the chat gives it, not JSON.")
def outcome_check_command(statements: Path | None, as_text: bool) -> None:
    """Is it an outcome? Read each statement as a personal outcome, a need, a resource or an output.

    One statement a line, from stdin or FILE; blank lines are skipped. Prints one
    JSON line per statement: {"text", "kind", "qualities", "evidence", "advice"}.
    With --text, the answer as the chat gives it. Nothing is kept.

    Example: echo "Mum needs homecare" | outcomes-bot outcome-check
    """
    rules = load().outcomes
    for line in _lines(rules, statements):
        if not line.strip():
            continue
        reading = check(rules, line)
        shown = reading_text(rules, reading) + "\n" if as_text else json.dumps(reading.as_json(), ensure_ascii=False)
        click.echo(shown)


def _lines(rules: OutcomeRules, path: Path | None) -> list[str]:
    """The statements: the file's lines, or stdin's (a closed stdin has none); a plain error if unreadable."""
    says = rules.flow.messages
    if path is None:
        return (sys.stdin or io.StringIO()).read().splitlines()
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise click.ClickException(says.cli_not_text.format(path=path)) from None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise click.ClickException(says.cli_unreadable.format(path=path, reason=reason)) from None


@eval_group.command("outcomes")
@LABELLED_SET
@eval_options
@click.pass_context
def eval_outcomes(
    context: click.Context, path: Path | None, split: str, as_json: bool, show_errors: bool, check: bool
) -> None:
    """Measure the outcome check on a labelled set (data/outcomes.jsonl by default).

    Accuracy of the kind, precision and recall for each kind, a confusion
    table, accuracy by voice, and agreement on the qualities where labelled.
    --check fails if kind accuracy on the test split is under the floor (0.90).

    Example: outcomes-bot eval outcomes --check
    """
    split, as_json, show_errors, check = _from_group(
        context, split=split, as_json=as_json, show_errors=show_errors, check=check
    )
    try:
        items = outcome_eval.load(path or outcome_eval.LABELLED)
    except (LabelledSetError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    rules = load().outcomes
    scores = outcome_eval.score(rules, items, split)
    if as_json:
        figures = scores.as_json()
        if not show_errors:
            figures.pop("misses")
        click.echo(json.dumps(figures, ensure_ascii=False))
    else:
        click.echo(outcome_eval.render(scores, show_errors))
    test = scores if split == "test" else outcome_eval.score(rules, items, "test")
    if check and outcome_eval.below_floor(test):
        raise click.ClickException(
            f"kind accuracy on the test split {test.accuracy:.3f} is below the floor {outcome_eval.FLOOR:.2f}"
        )
