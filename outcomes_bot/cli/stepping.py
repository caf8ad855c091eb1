"""What the terminal's question-by-question conversations share (``risk``, ``strengths --person``).

Both run an engine built on ``learn/stepper.py`` over lines of text: a line
is an answer, or one of the moves (/skip, /back, /stop; an empty line skips a
question), and an answer with identifying details is settled at a keyboard by
asking, from a pipe by masking it.
"""

from __future__ import annotations

from typing import TextIO

import click

from ..learn.stepper import Stepper
from ..practice.engine import Engine
from ..terminal.practice import Terminal

MOVES = ("/skip", "/back", "/stop")
CHOICES = {"k": "keep", "m": "mask", "r": "retype"}


class StepScreen:
    """Runs one question-by-question conversation over lines of text."""

    def __init__(self, talk: Stepper, engine: Engine, user: str):
        self.user = user
        self.talk = talk
        self.screen = Terminal(engine, user, click.echo)

    def read(self, stdin: TextIO, interactive: bool, prompt: str) -> str | None:
        """One line; None at the end of input."""
        if interactive:
            click.echo(f"{prompt}> ", nl=False)
        line = stdin.readline()
        return None if not line else line.rstrip("\n")

    def move_of(self, line: str, state: dict) -> str | None:
        """The move a line asks for ('skip', 'back', 'stop'; an empty line skips a question), or None for an answer."""
        command = line.strip().lower()
        if command in MOVES or (not command and state["step"] >= 0):
            return command[1:] if command else "skip"
        return None

    def choose(self, stdin: TextIO, interactive: bool) -> str:
        """What to do with an answer that seems to identify someone: at a keyboard ask; from a pipe, mask it."""
        if not interactive:
            click.echo(self.talk.say("terminal_pii_masked"))
            return "mask"
        while True:
            answer = self.read(stdin, interactive, self.talk.say("terminal_pii_choice"))
            if answer is None:
                return "mask"
            if answer.strip().lower()[:1] in CHOICES:
                return CHOICES[answer.strip().lower()[:1]]
