"""The ``outcomes-bot`` command group and what its commands share: loading the flows, the store and the corpus.

Library errors become ``click.ClickException`` here, at the edge, and
nowhere else.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..coach import evaluate
from ..content.flows import Flows, default_flows
from ..content.messages import render
from ..content.yamlsource import FlowErrors
from ..store.database import Store, StoreError, db_path

LABELLED_SET = click.argument("path", required=False, type=click.Path(path_type=Path, exists=True, dir_okay=False))


@click.group()
@click.version_option(package_name="outcomes-bot")
def cli() -> None:
    """Practise 'what matters' conversations from the outcomes approach.

    Example: outcomes-bot practice
    """


def load() -> Flows:
    """Load the flows, or stop with every error, its file, line and fix."""
    try:
        return default_flows()
    except FlowErrors as exc:
        raise click.ClickException("the flows are not valid:\n" + "\n".join(str(e) for e in exc.errors)) from None


def open_store(flows: Flows) -> Store:
    """Open the database, or stop with a plain message saying how to fix it."""
    try:
        return Store()
    except (StoreError, OSError) as exc:
        message = render(flows.messages, "cannot_open_db", path=db_path(), reason=exc.__class__.__name__)
        raise click.ClickException(message) from None


def corpus(path: Path | None, split: str) -> list[evaluate.Item]:
    """Load the corpus (data/corpus.jsonl unless given), or stop with the line and the fix."""
    try:
        items = evaluate.load_corpus(path or evaluate.default_corpus())
    except (evaluate.CorpusError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    return [i for i in items if split == "all" or i.split == split]
