"""Reflection and supervision preparation in the terminal, for people without Telegram.

The same engines as on Telegram (``reflections.py``, ``supervision.py``); the
terminal only reads lines and shows replies. Choices that Telegram offers as
buttons are typed here: /skip, /back and /stop while preparing, and k, m or d
when a reflection seems to identify someone.
"""

from __future__ import annotations

from typing import Callable, TextIO

import click

from ..practice.engine import Engine
from ..replies import Reply
from ..team.reflections import Reflections
from ..team.supervision import SupervisionPrep
from .practice import Terminal

CHOICES = {"k": "keep", "m": "mask", "d": "drop"}


class ReflectTerminal:
    """Writes reflections and runs supervision preparation at a prompt or from a pipe."""

    def __init__(self, engine: Engine, user: str, echo: Callable[..., None] = click.echo):
        self.user = user
        self.echo = echo
        self.screen = Terminal(engine, user, echo)
        self.reflections = Reflections(engine.flows, engine.store)
        self.prep = SupervisionPrep(engine.flows, engine.store)
        self.text = engine.text

    def show(self, replies: list[Reply]) -> None:
        """Print replies as lines."""
        self.screen.show(replies)

    def read(self, stdin: TextIO, interactive: bool, prompt: str) -> str | None:
        """One line from the person; None at the end of input."""
        if interactive:
            self.echo(f"{prompt}> ", nl=False)
        line = stdin.readline()
        return None if not line else line.rstrip("\n")

    def reflect(self, stdin: TextIO, interactive: bool, card: bool = False) -> None:
        """Write one reflection (about a card, if asked), check it for identifying details, keep it."""
        kind, ref = "free", ""
        if card:
            shown = self.reflections.card(self.user)
            self.show(shown)
            kind, ref = "card", shown[0].data["card"]
        self.show(self.reflections.begin(self.user, kind, ref))
        if interactive:
            self.echo(self.text("terminal_reflect_how"))
            lines = []
            while (line := self.read(stdin, interactive, self.text("terminal_you"))) not in (None, ""):
                lines.append(line)
            text = "\n".join(lines)
        else:
            text = stdin.read()
        self.settle(self.reflections.write(self.user, text, kind, ref), stdin, interactive)

    def settle(self, replies: list[Reply], stdin: TextIO, interactive: bool) -> None:
        """Show the outcome of writing; if identifying details were found, ask what to do with them."""
        self.show(replies)
        pending = self.reflections.store.pending(self.user)
        if pending is None or pending[0] != "identifiers":
            return
        choice = None
        while choice is None:
            answer = self.read(stdin, interactive, self.text("terminal_pii_choice")) if interactive else "m"
            if answer is None:
                answer = "d"
            choice = CHOICES.get(answer.strip().lower()[:1])
        if not interactive:
            self.echo(self.text("terminal_pii_masked"))
        self.show(self.reflections.resolve(self.user, choice))

    def prepare(self, stdin: TextIO, interactive: bool) -> None:
        """Supervision preparation, one question at a time, ending in an agenda."""
        self.show(self.prep.start(self.user))
        self.echo(self.text("terminal_prep_commands"))
        while True:
            pending = self.prep.store.pending(self.user)
            if pending is None or pending[0] != "prep":
                return
            line = self.read(stdin, interactive, self.text("terminal_you"))
            if line is None:  # the end of input: the agenda from the answers so far, if any
                state = pending[1]
                ended = (
                    self.prep.finish(self.user, state)
                    if state["answers"]
                    else self.prep.move(self.user, "stop", state["step"], state)
                )
                self.settle(ended, stdin, interactive)
                return
            command = line.strip().lower()
            if command in ("/skip", "/back", "/stop"):
                self.show(self.prep.move(self.user, command[1:], pending[1]["step"], pending[1]))
            else:
                self.settle(self.prep.answer(self.user, line, pending[1]), stdin, interactive)
