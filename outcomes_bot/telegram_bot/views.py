"""How replies look on a phone: HTML text, signed buttons, and long text split to fit.

Everything the engines return is plain text, some of it typed by people, so
every piece is escaped for Telegram's HTML parse mode here and nowhere else.
Markup is added only around escaped text.

Button data is signed (HMAC-SHA256 with a key kept in the database), because
a modified Telegram client can send any data it likes. Data that is not
signed by this bot is refused before anything reads it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..content.schema import Scenario
from ..replies import Button, Reply

LIMIT = 4096  # Telegram's longest message, in UTF-16 code units
ROOM = 48  # kept free for markup around a piece of text
SESSION_ACTIONS = ("hint", "think", "end")
JOINABLE = ("persona", "coach", "praise", "note", "thought", "hint")  # kinds that may share one message
REMEMBERED = frozenset({"prompt_id", "round"})  # data by which delivery.py files the sent message's id
FORGET_MINUTES = 10  # how long a /forget confirmation's 'yes' button deletes anything
CALLBACK = re.compile(r"([a-z]{1,10}):([A-Za-z0-9_.-]{0,40})~([A-Za-z0-9_-]{11})")  # at most 64 bytes

Text = Callable[..., str]  # a message from messages.yaml by key, filled in


@dataclass(frozen=True)
class Outgoing:
    """One message to send: HTML text and, perhaps, buttons under it; or a file, with a caption."""

    html: str
    buttons: InlineKeyboardMarkup | None = None
    file: tuple[str, bytes] | None = None
    to: str = ""  # someone else's engine name, if it goes to them
    data: dict | None = None
    joinable: bool = False  # a plain part of a turn (the person, the coach, a note) that may share a message
    photo: bool = False  # the file is a picture, sent with sendPhoto


def size(text: str) -> int:
    """A text's length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Text made safe for HTML parse mode."""
    return html.escape(text, quote=False)


def bold_first_line(text: str) -> str:
    """Escaped text with its first line in bold."""
    first, _, rest = text.partition("\n")
    return f"<b>{escape(first)}</b>" + (f"\n{escape(rest)}" if rest else "")


class Signer:
    """Signs button data and checks it, with a secret key."""

    def __init__(self, key: str):
        self.key = key.encode()

    def mac(self, payload: str) -> str:
        """The 11-character signature of a payload."""
        digest = hmac.new(self.key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:11]

    def sign(self, action: str, arg: str) -> str:
        """Button data for ``action`` with ``arg``, signed."""
        payload = f"{action}:{arg}"
        return f"{payload}~{self.mac(payload)}"

    def open(self, data: str | None) -> tuple[str, str] | None:
        """A button's (action, argument) if this bot signed it, else None."""
        match = CALLBACK.fullmatch(data or "")
        if not match:
            return None
        action, arg, mac = match.groups()
        return (action, arg) if hmac.compare_digest(mac, self.mac(f"{action}:{arg}")) else None


class View:
    """Turns replies into Telegram messages, with messages.yaml wording and signed buttons."""

    def __init__(self, text: Text, signer: Signer):
        self.text = text
        self.signer = signer
        # every practice reply carries the same three buttons for its session: sign and build them once
        self.session_buttons: Callable[[str], InlineKeyboardMarkup] = lru_cache(maxsize=1024)(self._session_buttons)

    def button(self, label: str, action: str, argument: str) -> InlineKeyboardButton:
        """An inline button whose signed data is ``action:argument``."""
        return InlineKeyboardButton(label, callback_data=self.signer.sign(action, argument))

    def keyboard(self, rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
        """Plain-data buttons as an inline keyboard (None if there are none)."""
        made = [
            [InlineKeyboardButton(b.label, url=b.url) if b.url else self.button(b.label, b.action, b.arg) for b in row]
            for row in rows
            if row
        ]
        return InlineKeyboardMarkup(made) if made else None

    def menu(self) -> InlineKeyboardMarkup:
        """The main menu: practise, help, privacy."""
        return InlineKeyboardMarkup(
            [
                [self.button(self.text("btn_practice"), "menu", "practice")],
                [
                    self.button(self.text("btn_help"), "menu", "help"),
                    self.button(self.text("btn_privacy"), "menu", "privacy"),
                ],
            ]
        )

    def _session_buttons(self, session_id: str) -> InlineKeyboardMarkup:
        """Hint, thought bubble and end, bound to one session so old ones can be told apart."""
        return InlineKeyboardMarkup(
            [
                [
                    self.button(self.text("btn_hint"), "hint", session_id),
                    self.button(self.text("btn_thought"), "think", session_id),
                ],
                [self.button(self.text("btn_end"), "end", session_id)],
            ]
        )

    def after_report(self, session_id: str) -> InlineKeyboardMarkup:
        """Under a report: what would you do differently, and practise again."""
        return InlineKeyboardMarkup(
            [
                [self.button(self.text("btn_differently"), "rethink", session_id)],
                [self.button(self.text("btn_again"), "menu", "practice")],
            ]
        )

    def forget_buttons(self, asked_at: int) -> InlineKeyboardMarkup:
        """Confirm or refuse deleting everything; 'yes' carries when it was asked (Unix seconds), so it expires."""
        return InlineKeyboardMarkup(
            [
                [self.button(self.text("btn_forget_yes"), "forget", f"yes.{asked_at}")],
                [self.button(self.text("btn_forget_no"), "forget", "no")],
            ]
        )

    def scenario_choice(self, scenarios: list[Scenario]) -> Outgoing:
        """The list of people to practise with, one button each, its title as the one-line description."""
        lines = [escape(self.text("tg_choose"))] + [
            escape(self.text("tg_choose_line", title=sc.person.name, summary=sc.summary)) for sc in scenarios
        ]
        rows = [[self.button(sc.title, "pick", sc.id)] for sc in scenarios]
        return Outgoing("\n\n".join(lines), InlineKeyboardMarkup(rows))

    def render(self, replies: list[Reply]) -> list[Outgoing]:
        """Replies as Telegram messages, as few as the layout allows.

        The person and the coach are each clearly marked, and share one
        message when they fit in it (one call to Telegram, not two). The
        progress line goes under the last message of the turn, with the
        session's buttons. Any buttons a reply carries go under its last piece.
        """
        out: list[Outgoing] = []
        for reply in replies:
            if reply.kind == "progress" and out and not out[-1].to:
                last = out.pop()
                footer = f"\n\n<i>{escape(reply.text)}</i>"
                under = self.session_buttons(reply.data["session"])
                if size(last.html + footer) > LIMIT:
                    out += [last, Outgoing(footer.strip(), under)]
                else:
                    out.append(Outgoing(last.html + footer, under))
            elif reply.kind in ("file", "photo"):
                file = (reply.data["filename"], reply.data["content"])
                out.append(Outgoing(escape(reply.text), file=file, to=reply.to, photo=reply.kind == "photo"))
            else:
                # one for someone else, or one whose sending is remembered (a prompt to file replies under),
                # stays alone; one with buttons is made anew below, unjoinable
                joinable = reply.kind in JOINABLE and not reply.to and not REMEMBERED.intersection(reply.data or {})
                pieces = [
                    Outgoing(p, to=reply.to, data=reply.data or None, joinable=joinable) for p in self._pieces(reply)
                ]
                buttons = self.keyboard(reply.buttons)
                if reply.kind == "report" and reply.data.get("session"):
                    buttons = self.after_report(reply.data["session"])
                if buttons:
                    last = pieces[-1]
                    pieces[-1] = Outgoing(last.html, buttons, to=last.to, data=last.data)
                if out and out[-1].joinable and len(pieces) == 1 and pieces[0].joinable:
                    joined = f"{out[-1].html}\n\n{pieces[0].html}"
                    if size(joined) <= LIMIT - ROOM:
                        out[-1] = Outgoing(joined, joinable=True)
                        continue
                out += pieces
        return out

    def _pieces(self, reply: Reply) -> list[str]:
        """One reply as HTML, in as many pieces as it needs to fit."""
        text = self.text
        headers = {
            "persona": text("tg_persona_label", name=reply.speaker),
            "coach": text("tg_coach_label"),
            "praise": text("tg_coach_label"),
            "hint": text("tg_hint_label"),
        }
        header = headers.get(reply.kind)
        if reply.kind == "thought":
            label = escape(text("tg_thought_label"))
            return [f"{label} <i>{escape(p)}</i>" for p in split(reply.text, LIMIT - ROOM - size(label))]
        if reply.kind in ("intro", "report"):
            body = f"{text('tg_report_label')}\n{reply.text}" if reply.kind == "report" else reply.text
            return [bold_first_line(p) if i == 0 else escape(p) for i, p in enumerate(split(body, LIMIT - ROOM))]
        if header is None:
            return [escape(p) for p in split(reply.text)]
        first, *rest = split(reply.text, LIMIT - ROOM - size(escape(header)))
        body = bold_first_line(first) if reply.kind == "coach" else escape(first)
        return [f"<b>{escape(header)}</b>\n{body}"] + [escape(p) for p in rest]


def forget_expired(argument: str, now: float) -> bool:
    """Whether a signed 'forget:yes.<asked at>' is too old to act on (or, like an old 'yes', says no time)."""
    choice, _, asked = argument.partition(".")
    if choice != "yes" or not (asked.isascii() and asked.isdigit()):
        return True
    return not 0 <= now - int(asked) <= FORGET_MINUTES * 60


def split(text: str, limit: int = LIMIT) -> list[str]:
    """Plain text in pieces whose escaped HTML fits in ``limit``, broken at lines, then words."""
    pieces: list[str] = []
    current = ""
    for line in _fit(text.split("\n"), limit):
        joined = f"{current}\n{line}" if current else line
        if current and size(escape(joined)) > limit:
            pieces.append(current)
            current = line
        else:
            current = joined
    return pieces + [current]


def _fit(lines: list[str], limit: int) -> list[str]:
    """Lines, with any too long for one message broken between words (or, failing that, anywhere)."""
    out = []
    for line in lines:
        while size(escape(line)) > limit:
            cut = _longest_prefix(line, limit)
            space = line.rfind(" ", 0, cut)
            cut = space if space > cut // 2 else cut
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        out.append(line)
    return out


def _longest_prefix(line: str, limit: int) -> int:
    """How many characters of ``line`` fit in ``limit`` once escaped (binary search)."""
    low, high = 1, len(line)
    while low < high:
        middle = (low + high + 1) // 2
        if size(escape(line[:middle])) <= limit:
            low = middle
        else:
            high = middle - 1
    return low
