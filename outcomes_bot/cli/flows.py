"""``outcomes-bot flows``: check the flows under flows/, and draw the practice machine."""

from __future__ import annotations

from pathlib import Path

import click

from ..content.flows import check_path, flows_dir
from ..content.messages import render
from ..practice.machine import PracticeMachine
from .base import cli, load


@cli.group()
def flows() -> None:
    """Check and draw the flows under flows/.

    Example: outcomes-bot flows check
    """


@flows.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def flows_check(path: Path | None) -> None:
    """Validate flows: the schema, then the meaning. Exits 1 on any error.

    Example: outcomes-bot flows check flows/scenarios/bedtime_story.yaml
    """
    loaded, errors = check_path(path or flows_dir())
    if errors:
        for error in errors:
            click.echo(str(error), err=True)
        raise SystemExit(1)
    assert loaded is not None
    click.echo(
        render(
            loaded.messages,
            "flows_ok",
            scenarios=len(loaded.scenarios),
            traps=len(loaded.coach.traps),
            moves=len(loaded.coach.moves),
            stages=len(loaded.practice.stages),
        )
    )


@flows.command("diagram")
def flows_diagram() -> None:
    """Print the practice conversation's state machine as a Mermaid diagram.

    Example: outcomes-bot flows diagram > practice.mmd
    """
    click.echo(PracticeMachine(load().practice).mermaid())
