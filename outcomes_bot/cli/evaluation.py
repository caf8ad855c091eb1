"""``outcomes-bot eval``: measure the coach, or the identifying-details check, on a labelled set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import click

from ..coach import evaluate
from ..team import privacy_eval
from .base import LABELLED_SET, cli, load
from .base import corpus as _corpus  # a name of this module, so a test can hand the commands its own corpus

SPLIT_OPTION = click.option(
    "--split",
    type=click.Choice(["test", "dev", "all"]),
    default="test",
    show_default=True,
    help="Which part of the labelled set to measure on.",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print every figure as one JSON object.")
ERRORS_OPTION = click.option("--errors", "show_errors", is_flag=True, help="Also list what was got wrong.")
CHECK_OPTION = click.option(
    "--check", is_flag=True, help="Exit with an error if a headline figure falls below its floor (for CI)."
)


def eval_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every `eval` command takes (and `eval` itself, for its default)."""
    for option in (CHECK_OPTION, ERRORS_OPTION, JSON_OPTION, SPLIT_OPTION):
        command = option(command)
    return command


@cli.group("eval", invoke_without_command=True)
@eval_options
@click.pass_context
def eval_group(context: click.Context, split: str, as_json: bool, show_errors: bool, check: bool) -> None:
    """Measure the coach (`eval coach`, the default) or the identifying-details check (`eval privacy`).

    Options given before the subcommand apply to it too.

    Example: outcomes-bot eval --split test --check
    """
    if context.invoked_subcommand is None:
        context.invoke(eval_coach, split=split, as_json=as_json, show_errors=show_errors, check=check)


def _from_group(
    context: click.Context, *, split: str, as_json: bool, show_errors: bool, check: bool
) -> tuple[str, bool, bool, bool]:
    """The options, with any given to `eval` before the subcommand ("eval --json privacy")."""
    parent = context.parent.params if context.parent is not None else {}
    given_here = context.get_parameter_source("split") != click.core.ParameterSource.DEFAULT
    if parent.get("split", "test") != "test" and not given_here:
        split = parent["split"]
    flags = (as_json or parent.get("as_json", False), show_errors or parent.get("show_errors", False))
    return split, *flags, check or parent.get("check", False)


@eval_group.command("coach")
@LABELLED_SET
@eval_options
@click.pass_context
def eval_coach(
    context: click.Context,
    path: Path | None = None,
    split: str = "test",
    as_json: bool = False,
    show_errors: bool = False,
    check: bool = False,
) -> None:
    """Measure the coach on a labelled corpus (data/corpus.jsonl by default).

    Example: outcomes-bot eval coach --split test --check
    """
    split, as_json, show_errors, check = _from_group(
        context, split=split, as_json=as_json, show_errors=show_errors, check=check
    )
    figures = evaluate.evaluate(_corpus(path, split), load().rules)
    figures["split"], figures["meets_targets"] = split, evaluate.meets(figures)
    lines = [
        f"  {row['id']}: {row['gold'] or '-'} -> {row['got'] or '-'}; "
        f"{row['gold_moves'] or '-'} -> {row['got_moves'] or '-'}: {row['text']}"
        + (f"  [before: {row['before']}]" if row.get("before") else "")
        for row in figures["errors"]
    ]
    heading = "the coach got wrong (traps, then moves: labelled -> got)"
    _figures(figures, evaluate.render, heading=heading, errors=lines, as_json=as_json, show_errors=show_errors)
    below = evaluate.missed(figures, evaluate.GATE)
    if check and below:
        raise click.ClickException("worse than this version's floor on the " + split + " split: " + "; ".join(below))


def _figures(
    figures: dict,
    render_text: Callable[[dict, str], str],
    *,
    heading: str,
    errors: list[str],
    as_json: bool,
    show_errors: bool,
) -> None:
    """Print an evaluation's figures (as text or one JSON object), and what it got wrong if asked."""
    rows = figures.pop("errors")
    if as_json:
        click.echo(json.dumps({**figures, **({"errors": rows} if show_errors else {})}, ensure_ascii=False))
        return
    click.echo(render_text(figures, figures["split"]))
    if show_errors:
        click.echo(f"\nwhat {heading}:")
        click.echo("\n".join(errors))


@eval_group.command("privacy")
@LABELLED_SET
@eval_options
@click.pass_context
def eval_privacy(
    context: click.Context, path: Path | None, split: str, as_json: bool, show_errors: bool, check: bool
) -> None:
    """Measure the identifying-details check on a labelled set (data/privacy.jsonl by default).

    Recall (texts with an identifying detail that are flagged), false alarms
    (texts without one that are flagged), recall for each kind, and the slowest
    of a list of hard inputs in milliseconds.

    Example: outcomes-bot eval privacy --check
    """
    split, as_json, show_errors, check = _from_group(
        context, split=split, as_json=as_json, show_errors=show_errors, check=check
    )
    try:
        items = privacy_eval.load_set(path or privacy_eval.default_set())
    except (privacy_eval.SetError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    words = load().privacy
    figures = privacy_eval.evaluate([i for i in items if split == "all" or i.split == split], words)
    figures = {"split": split, **figures, **privacy_eval.slowest(words)}
    lines = [
        f"  {row['id']} {row['error']}: {', '.join(row['expected']) or 'none'} -> "
        f"{', '.join(f'{kind} {text!r}' for kind, text in row['found']) or 'nothing'}: {row['text']}"
        for row in figures["errors"]
    ]
    heading = "the check got wrong (labelled -> found)"
    _figures(figures, privacy_eval.render, heading=heading, errors=lines, as_json=as_json, show_errors=show_errors)
    below = privacy_eval.missed(figures)
    if check and below:
        raise click.ClickException("below the floor on the " + split + " split: " + "; ".join(below))
