"""``outcomes-bot progress``: the terminal user's practice progress, as three lines, JSON or a chart.

The same engine as ``/progress`` on Telegram (``learn/progress.py``). The
sessions are the terminal user's in ``OUTCOMES_DB``: every finished practice run
at a terminal (each run has a user of its own, ``terminal:...``), oldest first.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..learn.progress import progress_of, progress_text, say
from ..learn.progress_view import ProgressView, picture
from .base import cli, load, open_store

PREFIX = "terminal:"


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print sessions, series, improved and next as JSON.")
@click.option("--chart", "chart_path", type=click.Path(path_type=Path, dir_okay=False), help="Write the chart here.")
def progress(as_json: bool, chart_path: Path | None) -> None:
    """Show how your practice is going over your sessions: what improved, what to work on, who to practise with.

    Example: outcomes-bot progress --json --chart progress.png
    """
    flows = load()
    store = open_store(flows)
    result = progress_of(flows, store.finished_reports_of(PREFIX))
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2))
    else:
        click.echo(progress_text(flows, result))
    if chart_path is not None and result.sessions:
        chart_path.write_bytes(picture(ProgressView(flows, store), result))
        if not as_json:
            click.echo(say(flows.progress, "terminal_chart", path=chart_path))
