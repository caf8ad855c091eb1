"""``outcomes-bot model``: train and cross-validate the word model that backs up the coach's rules.

Training writes the shipped model only in a checkout; an installed copy is
never changed behind its installer's back, so there ``--output`` is required.
"""

from __future__ import annotations

import json
import site
import sysconfig
from pathlib import Path

import click

from ..coach import evaluate
from ..coach import model as trap_model
from ..coach.classifier import reading
from .base import LABELLED_SET, cli, corpus, load


@cli.group()
def model() -> None:
    """The word model that backs up the coach's rules.

    Example: outcomes-bot model train
    """


def installed(path: Path) -> bool:
    """Whether ``path`` lies in an installed copy of the package (under site-packages), not in a checkout."""
    places = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), site.getusersitepackages()}
    places.update(site.getsitepackages())
    where = path.resolve()
    return any(where.is_relative_to(Path(place).resolve()) for place in places if place)


def model_destination(output: Path | None) -> Path:
    """Where to save a trained model: ``output``, else the shipped model if this is a checkout."""
    if output is not None:
        return output
    if installed(trap_model.MODEL_PATH):
        raise click.ClickException(
            "outcomes-bot is installed, not run from a checkout: give --output PATH to say where to save the model"
        )
    return trap_model.MODEL_PATH


@model.command("train")
@LABELLED_SET
@click.option(
    "--threshold",
    default=0.85,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="How sure the model must be before it names a trap the rules missed.",
)
@click.option(
    "--cautious-threshold",
    default=0.9,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="How sure it must be when the rules half-heard a reflection.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to save the model (default: the shipped model, in a checkout only).",
)
def model_train(path: Path | None, threshold: float, cautious_threshold: float, output: Path | None) -> None:
    """Train the word model on the corpus's dev split and save it inside the package.

    An installed copy is never changed: there, give --output.

    Example: outcomes-bot model train --threshold 0.85
    """
    destination = model_destination(output)
    items, rules = corpus(path, "dev"), load().rules
    trained = trap_model.train(
        [reading(i.text, rules) for i in items],
        [i.traps for i in items],
        threshold=threshold,
        cautious_threshold=cautious_threshold,
        classes=trap_model.word_classes(rules.flow.word_classes),
    )
    try:
        destination.write_text(json.dumps(trained, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot save the model to {destination}: {exc.strerror or exc}") from None
    click.echo(
        f"Trained on {trained['trained_on']} dev utterances, {trained['vocabulary']} features; saved to {destination}"
    )


@model.command("cv")
@LABELLED_SET
@click.option(
    "--thresholds",
    "pairs",
    multiple=True,
    default=("0.8,0.9", "0.85,0.9", "0.9,0.95"),
    show_default=True,
    metavar="T,C",
    help="A threshold and a cautious threshold to compare (repeat the option for more).",
)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Folds trained at once.")
@click.option("--no-classes", is_flag=True, help="Train without the word classes, to see what they add.")
def model_cv(path: Path | None, pairs: tuple[str, ...], workers: int, no_classes: bool) -> None:
    """Cross-validate the word model on dev, one writer held out at a time (never reads test).

    Example: outcomes-bot model cv --thresholds 0.8,0.9 --thresholds 0.9,0.95
    """
    try:
        thresholds = [(float(a), float(b)) for a, b in (pair.split(",") for pair in pairs)]
    except ValueError:
        raise click.BadParameter("give each as two numbers, e.g. 0.9,0.95", param_hint="--thresholds") from None
    rules = load().rules
    items = corpus(path, "dev")
    alone = evaluate.evaluate(items, rules)["rules_alone"]
    heads = ("any_trap_recall", "weakest_trap_recall", "right_type", "false_alarm_rate", "neutral_read")

    def line(label: str, row: dict) -> str:
        """One row of the table; a figure with nothing to measure shows as '-'."""
        return f"{label:<14}" + "".join(f"{'-' if row[h] is None else format(row[h], '.3f'):>17}" for h in heads)

    click.echo(f"{'setting':<14}" + "".join(f"{h[:15]:>17}" for h in heads))
    click.echo(line("rules alone", alone))
    options: dict[str, trap_model.Classes] = {"classes": {}} if no_classes else {}
    for row in evaluate.cross_validate(items, rules, thresholds, workers=workers, **options):
        click.echo(line(f"{row['threshold']:.2f}/{row['cautious_threshold']:.2f}", row))
