"""The bot's own wording, by key, so that tests need not copy English from ``flows/messages.yaml``.

A trainer may reword any message there without breaking a test: tests build what
they expect from the message key (and the values the bot fills in), exactly as
the bot does, from the flows in use (``$OUTCOMES_FLOWS`` or the shipped ones).
"""

from __future__ import annotations

import re
from string import Formatter

from outcomes_bot.content.flows import default_flows
from outcomes_bot.content.messages import render


def text(key: str, **values: object) -> str:
    """Message ``key`` with its placeholders filled in from ``values``, as the bot renders it."""
    return render(default_flows().messages, key, **values)


def head(key: str, **values: object) -> str:
    """The start of message ``key``, filled in up to its first placeholder not given in ``values``.

    For a message whose rest the test cannot know (a join code, a list of stages),
    so that it can still check that the message begins exactly so.
    """
    start = ""
    for literal, field, spec, conversion in Formatter().parse(default_flows().messages.texts[key]):
        start += literal
        if field is None:
            continue
        if field not in values:
            break
        start += Formatter().format_field(Formatter().convert_field(values[field], conversion), spec or "")
    if not start.strip():
        raise ValueError(f"message {key!r} starts with a placeholder: give its value, or compare with text()")
    return start


def tail(key: str, **values: object) -> str:
    """The end of message ``key``, filled in, after its last placeholder not given in ``values``."""
    end = ""
    for literal, field, spec, conversion in Formatter().parse(default_flows().messages.texts[key]):
        end += literal
        if field is None:
            continue
        if field not in values:
            end = ""
        else:
            end += Formatter().format_field(Formatter().convert_field(values[field], conversion), spec or "")
    if not end.strip():
        raise ValueError(f"message {key!r} ends with a placeholder: give its value, or compare with text()")
    return end


def fields(key: str, message: str) -> dict[str, str]:
    """The values the bot filled into message ``key`` to make ``message`` (a join code, say).

    Fails the test if ``message`` is not message ``key`` at all.
    """
    pattern, seen = "", set()
    for literal, field, _spec, _conversion in Formatter().parse(default_flows().messages.texts[key]):
        pattern += re.escape(literal)
        if field is not None:
            pattern += f"(?P={field})" if field in seen else f"(?P<{field}>.*?)"
            seen.add(field)
    match = re.fullmatch(pattern, message, re.DOTALL)
    assert match, f"not message {key!r}: {message!r}"
    return match.groupdict()
