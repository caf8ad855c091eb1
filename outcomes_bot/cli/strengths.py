"""``outcomes-bot strengths``: a strengths map in the terminal, of a practice person or of someone you support.

The same engine as ``/strengths`` on Telegram (``learn/strengths.py``,
``learn/strengths_talk.py``). Without options it maps the person from your last
finished practice at this terminal (``--session ID`` for another); ``--person``
asks the four quadrants at a prompt or from a pipe. ``--chart PATH`` writes the
2x2 grid as a PNG. With ``--person`` and no ``--keep`` it runs over a database in
memory, so nothing at all is written to ``OUTCOMES_DB``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TextIO

import click

from ..learn.strengths import StrengthsMaps, say
from ..learn.strengths_talk import PENDING, StrengthsTalk
from ..practice.engine import Engine
from ..replies import Reply
from ..store.database import Store
from .base import cli, load, open_store
from .practice import terminal_user
from .stepping import StepScreen


@cli.command()
@click.option("--session", "session_id", help="Map the person from this practice session (default: your last).")
@click.option("--person", is_flag=True, help="Map someone you support, quadrant by quadrant.")
@click.option("--chart", "chart_path", type=click.Path(path_type=Path, dir_okay=False), help="Write the map here.")
@click.option("--keep", is_flag=True, help="With --person: keep the map as your private reflection.")
def strengths(session_id: str | None, person: bool, chart_path: Path | None, keep: bool) -> None:
    """Draw a strengths map: soft and hard strengths, of the individual and of the community around them.

    Example: outcomes-bot strengths --chart map.png

    For someone you support, from a pipe: first their initials or first name, then one line per
    quadrant (several strengths separated by ';', an empty line skips one; identifying details are masked):

        outcomes-bot strengths --person --chart map.png < answers.txt
    """
    if person and session_id:
        raise click.UsageError("give --session or --person, not both")
    flows = load()
    store = open_store(flows) if keep or not person else Store(":memory:")  # nothing kept unless asked
    engine, user = Engine(flows, store), terminal_user()
    screen = MapScreen(engine, user, chart_path)
    if not person:
        owner, session_id = practice_of(store, session_id, user)
        screen.show(StrengthsMaps(flows, store).of_session(owner, session_id))
    else:
        stdin = sys.stdin or io.StringIO()  # a closed stdin reads as empty
        screen.ask(stdin, stdin.isatty(), keep)
    if chart_path is not None and screen.drawn:
        click.echo(say(flows.strengths, "terminal_chart", path=chart_path))


def practice_of(store: Store, session_id: str | None, user: str) -> tuple[str, str | None]:
    """Whose practice to map, and which: the session asked for, else the newest finished at a terminal.

    Each terminal practice has a user of its own, so the owner is the session's; a session that is
    not a terminal's (a Telegram user's) is answered as not this person's.
    """
    if session_id:
        found = store.session(session_id)
        owner = found.user if found is not None else ""
    else:
        row = store.last_finished_session("terminal:")
        session_id, owner = (row["id"], row["user"]) if row else (None, user)
    return (owner if owner.startswith("terminal:") else user), session_id


class MapScreen(StepScreen):
    """Shows a map's replies in the terminal (the picture to ``--chart``) and asks the quadrants over lines."""

    def __init__(self, engine: Engine, user: str, chart_path: Path | None):
        super().__init__(StrengthsTalk(engine.flows, engine.store), engine, user)
        self.chart_path, self.drawn = chart_path, False

    def show(self, replies: list[Reply]) -> None:
        """Print the replies; a picture is written to the chart's path (if one was given) instead."""
        for reply in replies:
            if reply.kind == "photo":
                if self.chart_path is not None:
                    self.chart_path.write_bytes(reply.data["content"])
                    self.drawn = True
                continue
            self.screen.show([reply])

    def ask(self, stdin: TextIO, interactive: bool, keep: bool) -> None:
        """Ask each quadrant, settle identifying details, show the map (kept with ``keep``)."""
        talk, quadrants = self.talk, len(self.talk.flows.strengths.quadrants)
        self.show(talk.start(self.user, keep=keep))
        click.echo(talk.say("terminal_commands"))
        while (pending := talk.store.pending(self.user)) is not None and pending[0] == PENDING:
            state = pending[1]
            if state["step"] >= quadrants:  # the map is shown, and --keep chose already
                self.show(talk.move(self.user, "save", state["step"], state["nonce"]))
                continue
            if state.get("draft") is not None:
                self.show(talk.move(self.user, self.choose(stdin, interactive), state["step"], state["nonce"]))
                continue
            line = self.read(stdin, interactive, talk.text("terminal_you"))
            if line is None:  # the end of input: the map from the answers so far (kept with --keep), if any
                if not state["person"]:
                    self.show(talk.move(self.user, "stop", state["step"], state["nonce"]))
                    return
                state["step"] = quadrants  # the questions are over: the map, then the choice --keep made
                self.show(talk.finish(self.user, state))
                continue
            move = self.move_of(line, state)
            if move is not None:
                self.show(talk.move(self.user, move, state["step"], state["nonce"]))
            else:
                self.show(talk.answer(self.user, line, state))
