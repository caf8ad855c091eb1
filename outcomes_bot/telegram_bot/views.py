"""How engine replies look on a phone: HTML text, buttons, and long text split to fit.

Everything the engine returns is plain text, some of it typed by the worker,
so every piece is escaped for Telegram's HTML parse mode here and nowhere
else. Markup is added only around escaped text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..engine import Reply
from ..schema import Scenario

LIMIT = 4096  # Telegram's longest message, in UTF-16 code units
SESSION_ACTIONS = ("hint", "think", "end")
CALLBACK = re.compile(r"(menu|pick|hint|think|end|forget):([a-z0-9_]{1,40})")

Text = Callable[..., str]  # a message from messages.yaml by key, filled in


@dataclass(frozen=True)
class Outgoing:
    """One message to send: HTML text and, perhaps, buttons under it."""

    html: str
    buttons: InlineKeyboardMarkup | None = None


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


def parse_callback(data: str | None) -> tuple[str, str] | None:
    """A button's (action, argument), or None if the data is not one of ours."""
    match = CALLBACK.fullmatch(data or "")
    return (match.group(1), match.group(2)) if match else None


def button(label: str, action: str, argument: str) -> InlineKeyboardButton:
    """An inline button whose data is ``action:argument``."""
    return InlineKeyboardButton(label, callback_data=f"{action}:{argument}")


def menu_buttons(text: Text) -> InlineKeyboardMarkup:
    """The main menu: practise, help, privacy."""
    return InlineKeyboardMarkup(
        [
            [button(text("btn_practice"), "menu", "practice")],
            [button(text("btn_help"), "menu", "help"), button(text("btn_privacy"), "menu", "privacy")],
        ]
    )


def session_buttons(text: Text, session_id: str) -> InlineKeyboardMarkup:
    """Hint, thought bubble and end, bound to one session so old ones can be told apart."""
    return InlineKeyboardMarkup(
        [
            [button(text("btn_hint"), "hint", session_id), button(text("btn_thought"), "think", session_id)],
            [button(text("btn_end"), "end", session_id)],
        ]
    )


def again_buttons(text: Text) -> InlineKeyboardMarkup:
    """A single 'practise again' button, under a report."""
    return InlineKeyboardMarkup([[button(text("btn_again"), "menu", "practice")]])


def forget_buttons(text: Text) -> InlineKeyboardMarkup:
    """Confirm or refuse deleting everything."""
    return InlineKeyboardMarkup(
        [[button(text("btn_forget_yes"), "forget", "yes")], [button(text("btn_forget_no"), "forget", "no")]]
    )


def link_button(label: str, url: str) -> InlineKeyboardMarkup:
    """One button that opens a link (a deep link into a private chat)."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])


def scenario_choice(text: Text, scenarios: list[Scenario]) -> Outgoing:
    """The list of people to practise with, one button each, its title as the one-line description."""
    lines = [escape(text("tg_choose"))] + [
        escape(text("tg_choose_line", title=sc.person.name, summary=sc.summary)) for sc in scenarios
    ]
    rows = [[button(sc.title, "pick", sc.id)] for sc in scenarios]
    return Outgoing("\n\n".join(lines), InlineKeyboardMarkup(rows))


def render(replies: list[Reply], text: Text) -> list[Outgoing]:
    """Engine replies as Telegram messages.

    The person and the coach each get their own clearly marked message. The
    progress line goes under the last message of the turn, with the session's
    buttons; a report gets a 'practise again' button.
    """
    out: list[Outgoing] = []
    for reply in replies:
        if reply.kind == "progress" and out:
            last = out.pop()
            footer = f"\n\n<i>{escape(reply.text)}</i>"
            if size(last.html + footer) > LIMIT:
                out += [last, Outgoing(footer.strip(), session_buttons(text, reply.data["session"]))]
            else:
                out.append(Outgoing(last.html + footer, session_buttons(text, reply.data["session"])))
        elif reply.kind == "report":
            pieces = split(f"{text('tg_report_label')}\n{reply.text}")
            out += [Outgoing(bold_first_line(p) if i == 0 else escape(p)) for i, p in enumerate(pieces)]
            out[-1] = Outgoing(out[-1].html, again_buttons(text))
        else:
            out += [Outgoing(p) for p in _pieces(reply, text)]
    return out


def _pieces(reply: Reply, text: Text) -> list[str]:
    """One reply as HTML, in as many pieces as it needs to fit."""
    headers = {
        "persona": text("tg_persona_label", name=reply.speaker),
        "coach": text("tg_coach_label"),
        "praise": text("tg_coach_label"),
        "hint": text("tg_hint_label"),
    }
    header = headers.get(reply.kind)
    if reply.kind == "thought":
        return [f"{escape(text('tg_thought_label'))} <i>{escape(p)}</i>" for p in split(reply.text, LIMIT - 20)]
    if reply.kind == "intro":
        return [bold_first_line(p) if i == 0 else escape(p) for i, p in enumerate(split(reply.text))]
    if header is None:
        return [escape(p) for p in split(reply.text)]
    first, *rest = split(reply.text, LIMIT - size(escape(header)) - 10)
    body = bold_first_line(first) if reply.kind == "coach" else escape(first)
    return [f"<b>{escape(header)}</b>\n{body}"] + [escape(p) for p in rest]


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
