"""``outcomes-bot risk``: the positive-risk conversation at a prompt or from a pipe, ending in a decision record.

The same engine as ``/risk`` on Telegram (``learn/risk.py``). Without
``--keep`` it runs over a database in memory, so nothing at all is written to
``OUTCOMES_DB``; with ``--keep`` the record becomes the terminal user's private
reflection there (see ``outcomes-bot reflect --list``).
"""

from __future__ import annotations

import io
import sys
from typing import TextIO

import click

from ..learn.risk import PENDING, RiskTalk
from ..practice.engine import Engine
from ..store.database import Store
from .base import cli, load, open_store
from .practice import terminal_user
from .stepping import StepScreen


@cli.command()
@click.option("--keep", is_flag=True, help="Keep the decision record as your private reflection in the database.")
def risk(keep: bool) -> None:
    """Talk through a positive-risk decision; prints a decision record judged by the guide's three tests.

    Example: outcomes-bot risk --keep

    From a pipe, one answer per line: first the person's initials or first name, then each answer
    in turn (an empty line skips one; identifying details are masked):

        outcomes-bot risk < answers.txt
    """
    flows = load()
    store = open_store(flows) if keep else Store(":memory:")  # nothing kept unless asked
    stdin = sys.stdin or io.StringIO()  # a closed stdin reads as empty
    RiskTerminal(Engine(flows, store), terminal_user()).run(stdin, stdin.isatty(), keep)


class RiskTerminal(StepScreen):
    """Runs one positive-risk conversation over lines of text."""

    def __init__(self, engine: Engine, user: str):
        super().__init__(RiskTalk(engine.flows, engine.store), engine, user)

    def run(self, stdin: TextIO, interactive: bool, keep: bool) -> None:
        """Ask every step, settle identifying details, and print the record at the end (or at the end of input)."""
        self.screen.show(self.talk.start(self.user, keep=keep))
        click.echo(self.talk.say("terminal_commands"))
        you = self.talk.text("terminal_you")
        while (pending := self.talk.store.pending(self.user)) is not None and pending[0] == PENDING:
            state = pending[1]
            if state.get("draft") is not None:
                how = self.choose(stdin, interactive)
                self.screen.show(self.talk.move(self.user, how, state["step"], state["nonce"]))
                continue
            line = self.read(stdin, interactive, you)
            if line is None:  # the end of input: the record from the answers so far, if any
                if state["answers"]:
                    self.screen.show(self.talk.finish(self.user, state))
                else:
                    self.screen.show(self.talk.move(self.user, "stop", state["step"], state["nonce"]))
                return
            move = self.move_of(line, state)
            if move is not None:
                self.screen.show(self.talk.move(self.user, move, state["step"], state["nonce"]))
            else:
                self.screen.show(self.talk.answer(self.user, line, state))
