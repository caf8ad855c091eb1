"""``outcomes-bot culture-star``: score the guide's culture star alone, at a prompt or from a pipe.

The same points, scale and words as ``/culturestar`` on Telegram
(``flows/culturestar.yaml``), for a manager scoring alone: nothing is stored.
``--chart`` writes the radar chart as a PNG; ``--json`` prints the scores.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import TextIO

import click

from ..content.schema_learn_culture import CultureFlow
from ..learn import culture_star as star
from ..learn.culture_star import ScoreError, say
from .base import cli, load


@cli.command("culture-star")
@click.option("--chart", "chart_path", type=click.Path(path_type=Path, dir_okay=False), help="Write the chart here.")
@click.option("--json", "as_json", is_flag=True, help='Print the scores as {"scores": {point: score}}.')
def culture_star(chart_path: Path | None, as_json: bool) -> None:
    """Score the eight points of the culture star (1 to 10, 10 the best); print them, and draw the chart.

    Example: outcomes-bot culture-star --chart star.png

    From a pipe, eight whole numbers, one per line or separated by spaces:

        echo 6 5 7 6 4 3 5 6 | outcomes-bot culture-star --json
    """
    flow = load().culture
    stdin = sys.stdin or io.StringIO()  # a closed stdin reads as empty
    try:
        scores = ask(flow, stdin) if stdin.isatty() else star.scores_from(flow, stdin.read())
    except ScoreError as exc:
        raise click.ClickException(say(flow, exc.key, **exc.values)) from None
    points = star.stats(flow, star.counts_of([scores]))
    if chart_path is not None:
        chart_path.write_bytes(star.chart(flow, points))
    if as_json:
        click.echo(json.dumps({"scores": scores}))
        return
    click.echo(say(flow, "terminal_scores"))
    for point in flow.points:
        click.echo(say(flow, "terminal_line", name=point.name, score=scores[point.id]))
    names = ", ".join(f"{p.name} ({star.number(p.median)})" for p in star.lowest(flow, points))
    click.echo(say(flow, "lowest", points=names))
    click.echo(star.questions(flow))
    if chart_path is not None:
        click.echo(say(flow, "terminal_chart", path=chart_path))


def ask(flow: CultureFlow, stdin: TextIO) -> dict[str, int]:
    """Each point at the prompt, asked again until it is a whole number on the scale."""
    click.echo(say(flow, "terminal_intro"))
    scores: dict[str, int] = {}
    for position, point in enumerate(flow.points, start=1):
        values = {"position": position, "count": len(flow.points), "name": point.name}
        while True:
            click.echo(say(flow, "terminal_ask", description=point.description, **values), nl=False)
            line = stdin.readline()
            if not line:
                raise ScoreError("terminal_count", count=len(flow.points), given=len(scores))
            try:
                scores[point.id] = star.score(flow, line)
                break
            except ScoreError:
                click.echo(say(flow, "terminal_again", low=flow.scale.low, high=flow.scale.high))
    return scores
