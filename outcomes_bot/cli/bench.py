"""``outcomes-bot bench``: how fast the coach and the Telegram bot are."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..coach import evaluate
from .base import LABELLED_SET, cli, corpus, load


@cli.group(invoke_without_command=True)
@click.pass_context
def bench(context: click.Context) -> None:
    """Benchmarks: the coach (`bench coach`, the default) and the Telegram bot (`bench telegram`).

    Example: outcomes-bot bench telegram --users 50
    """
    if context.invoked_subcommand is None:
        context.invoke(bench_coach)


@bench.command("coach")
@LABELLED_SET
@click.option(
    "--repeat",
    default=20,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many times to classify the whole corpus.",
)
def bench_coach(path: Path | None = None, repeat: int = 20) -> None:
    """Benchmark the coach: classify every corpus utterance repeatedly on one core, and the slowest hard input.

    Example: outcomes-bot bench coach --repeat 20
    """
    texts, rules = [item.text for item in corpus(path, "all")], load().rules
    figures = {**evaluate.benchmark(texts, rules, repeat), **evaluate.slowest_input(rules)}
    click.echo(json.dumps(figures))


@bench.command("telegram")
@click.option("--users", default=50, show_default=True, type=click.IntRange(1, 10_000), help="Users practising.")
@click.option("--big", default=10_000, show_default=True, type=click.IntRange(0), help="Users in the big database.")
@click.option(
    "--rounds", default=3, show_default=True, type=click.IntRange(1, 20), help="Turns the echo and practice bots take."
)
@click.option("--json", "as_json", is_flag=True, help="Print every figure as one JSON object.")
def bench_telegram(users: int, big: int, rounds: int, as_json: bool) -> None:
    """Benchmark the Telegram bot in one process, Bot API stubbed, beside a bare PTB echo bot.

    Example: outcomes-bot bench telegram --users 50 --json
    """
    from ..telegram_bot import bench as telegram_bench

    figures = telegram_bench.run(load(), users=users, big_users=big, rounds=rounds)
    if as_json:
        click.echo(json.dumps(figures))
        return
    click.echo(telegram_bench.render(figures))
