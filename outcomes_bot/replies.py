"""What the engines hand to a front end: plain replies, with buttons as plain data.

A front end decides how to show them (Telegram messages and inline buttons,
or lines in a terminal). Nothing here knows of either. ``Refused`` is how an
engine says "you may not": the note that says why is made from it in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    """A choice offered under a reply: an action with one argument, or a link."""

    label: str
    action: str = ""
    arg: str = ""
    url: str = ""


@dataclass(frozen=True)
class Reply:
    """One thing to show. ``kind`` says how to show it.

    Practice kinds: intro, persona, coach, praise, progress, note, thought, hint, report.
    Others: text (a plain message with buttons), file (``data`` has ``filename`` and ``content``),
    photo (the same, a PNG sent as a picture, its text the caption).
    ``to`` names someone else to send it to (a prompt to a team member); empty means the asker.
    """

    kind: str
    text: str
    speaker: str = ""
    data: dict = field(default_factory=dict)
    buttons: tuple[tuple[Button, ...], ...] = ()
    to: str = ""


class Refused(Exception):
    """'You may not': raised where a rule is checked, and answered with a note in one place.

    ``key`` names the note in ``messages.yaml`` and ``values`` fill it in. An engine's public
    method marked ``@refusals_as_notes`` (in ``service.py``) turns it into that note. Raise it
    before anything is written, so that a refused request changes nothing. A usage hint or an
    empty listing is an ordinary reply, not a refusal.
    """

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
