"""The terminal front end: practice at a prompt, or replay a transcript from a pipe.

A thin adapter over the engine. Interactive when stdin is a terminal; from a
pipe it reads one worker reply per line, echoes it, and ends the session at
the end of input, so a transcript can be replayed.
"""

from __future__ import annotations

import json
from typing import Callable, TextIO

import click

from ..practice.engine import Engine, Reply
from ..text import clean


class Terminal:
    """Shows engine replies as text lines and feeds it what the worker types."""

    def __init__(self, engine: Engine, user: str, echo: Callable[..., None] = click.echo):
        self.engine = engine
        self.user = user
        self.echo = echo
        self.report: dict | None = None

    def show(self, replies: list[Reply]) -> None:
        """Print replies, each marked so the person and the coach are easy to tell apart."""
        labels = {"coach": "label_coach", "praise": "label_coach", "hint": "label_hint", "note": "label_note"}
        for reply in replies:
            body = reply.text.replace("\n", "\n    ")
            if reply.kind == "persona":
                self.echo(f"\n{reply.speaker}: {reply.text}")
            elif reply.kind in labels:
                self.echo(f"  {self.engine.text(labels[reply.kind])}: {body}")
            elif reply.kind == "progress":
                self.echo(f"  [{reply.text}]")
            elif reply.kind == "thought":
                self.echo(f"  ({self.engine.text('label_thought')}) {body}")
            elif reply.kind == "report":
                self.report = reply.data
                self.echo("\n" + "─" * 40 + "\n" + reply.text)
            else:
                self.echo(reply.text)

    def choose(self, stdin: TextIO) -> str | None:
        """Ask which scenario to practise; None at end of input."""
        scenarios = self.engine.scenarios()
        self.echo(self.engine.text("terminal_choose"))
        for number, sc in enumerate(scenarios, 1):
            self.echo(f"  {number}. {sc.id}: {sc.title}\n     {sc.summary}")
        ids = [sc.id for sc in scenarios]
        while True:
            self.echo(f"{self.engine.text('terminal_choice_prompt')}> ", nl=False)
            line = stdin.readline()
            if not line:
                return None
            choice = line.strip()
            if choice.isdigit() and 1 <= int(choice) <= len(ids):
                return ids[int(choice) - 1]
            if choice in ids:
                return choice
            self.echo(self.engine.text("terminal_bad_choice", choice=choice))

    def handle(self, line: str) -> bool:
        """Handle one line from the worker; False once the session has ended."""
        command = line.strip().split(" ", 1)[0].lower().rstrip(".!?") if line.strip().startswith("/") else ""
        if command == "/end":
            self.show(self.engine.end(self.user))
            return False
        if command == "/hint":
            self.show(self.engine.hint(self.user))
        elif command == "/think":
            self.show(self.engine.thought(self.user))
        elif command == "/help":
            self.echo(self.engine.text("terminal_commands"))
        elif command:
            self.echo(
                self.engine.text("terminal_unknown_command", command=command)
                + " "
                + self.engine.text("terminal_commands")
            )
        else:
            self.show(self.engine.say(self.user, line.rstrip("\n")))
        return self.engine.active(self.user) is not None

    def run(self, scenario_id: str, stdin: TextIO, interactive: bool) -> dict | None:
        """Practise one scenario to its end; return the report data."""
        self.show(self.engine.start(self.user, scenario_id))
        self.echo(self.engine.text("terminal_commands"))
        try:
            self._converse(stdin, interactive)
        except KeyboardInterrupt:  # Ctrl-C: finish properly, then stop
            self.echo()
            self._finish()
            raise click.Abort() from None
        return self.report

    def _converse(self, stdin: TextIO, interactive: bool) -> None:
        """Read and handle the worker's lines until the session ends or input runs out."""
        while True:
            if interactive:
                self.echo(f"\n{self.engine.text('terminal_you')}> ", nl=False)
            line = stdin.readline()
            if not line:
                self._finish()
                return
            if not interactive:
                self.echo(f"\n{self.engine.text('terminal_you')}: {clean(line).rstrip()}")
            if not self.handle(line):
                return

    def _finish(self) -> None:
        """End the session if it is still open, showing the report."""
        if self.engine.active(self.user) is not None:
            self.show(self.engine.end(self.user))


def print_json(report: dict | None, echo: Callable[..., None] = click.echo) -> None:
    """Print the report as one JSON object on one line."""
    echo(json.dumps(report, ensure_ascii=False))
