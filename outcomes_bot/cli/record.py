"""The recording review in the terminal: ``record-check`` reads a whole care note and prints one JSON object."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import click

from ..learn import record_check
from .base import cli, load


@cli.command("record-check")
@click.argument(
    "note_file", metavar="[FILE]", required=False, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
def record_check_command(note_file: Path | None) -> None:
    """Review a care note or plan entry against the guide's 12 recording principles (one JSON object).

    Reads the whole note from stdin, or from FILE, and prints
    {"principles": [{"id", "ok", "evidence", "advice"}], "labels": [...], "identifying": [...]}.
    "ok" is true (the note shows it), false (worth a look) or null (one note cannot tell).
    Nothing is kept.

    Example: echo "SU assisted with personal care. Meds prompted." | outcomes-bot record-check
    """
    flows = load()
    rules = flows.recording
    says = rules.flow.messages
    note = _read(note_file, says.cli_not_text)
    if not note.strip():
        raise click.ClickException(says.cli_empty)
    if len(note) > rules.flow.max_chars:
        raise click.ClickException(says.cli_too_long.format(length=len(note), max=rules.flow.max_chars))
    result = record_check.review(note, rules, flows.privacy)
    click.echo(json.dumps(record_check.as_json(result), ensure_ascii=False))


def _read(note_file: Path | None, not_text: str) -> str:
    """The note: the file's text, or all of stdin (a closed stdin reads as empty); ``not_text`` if it is not text."""
    try:
        if note_file is None:
            return (sys.stdin or io.StringIO()).read()
        return note_file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(not_text) from None
