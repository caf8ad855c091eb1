"""The second pass over ``flows/culturestar.yaml``.

``check_culture`` holds the star together: eight points, each id and name
once; a scale whose lowest score is below its highest; no more lowest points
than there are points; and every message and chart label filling in only the
names the program gives it.
"""

from __future__ import annotations

import re

from .schema_learn_culture import CultureChart, CultureFlow, CultureMessages
from .yamlsource import FlowError, Source

POINT = {"position", "count", "name", "description"}
ACTION = {"point", "what", "who", "when", "evidence"}
PLACEHOLDERS = {  # message key -> the names the program fills in; a key not listed takes none
    "intro": {"team", "threshold"},
    "point": POINT,
    "tapped": {"name", "score"},
    "done": {"answered", "threshold"},
    "done_shown": {"threshold"},
    "already_point": {"name"},
    "opened": {"team", "sent"},
    "round_open": {"team"},
    "waiting": {"answered", "threshold"},
    "caption": {"team", "answered", "threshold"},
    "caption_previous": {"team", "answered", "threshold"},
    "summary_title": {"answered"},
    "summary_line": {"name", "median", "low", "high"},
    "summary_line_previous": {"name", "median", "low", "high", "previous"},
    "lowest": {"points"},
    "questions": {"questions"},
    "question_line": {"question"},
    "action_line": ACTION | {"review"},
    "action_review": {"rag", "reviewed"},
    "ask_what": {"point", "description", "ideas"},
    "ask_when": {"example"},
    "bad_date": {"date", "example"},
    "too_long": {"length", "max"},
    "action_saved": {"point", "when"},
    "review_ask": ACTION,
    "reviewed": {"rag"},
    "new_round": {"team", "sent"},
    "btn_action": {"point"},
    "btn_team": {"team"},
    "terminal_ask": POINT,
    "terminal_again": {"low", "high"},
    "terminal_bad": {"low", "high", "value"},
    "terminal_count": {"count", "given"},
    "terminal_line": {"name", "score"},
    "terminal_chart": {"path"},
    "title": {"team"},  # the chart's title
}


def check_culture(src: Source, flow: CultureFlow, errors: list[FlowError]) -> CultureFlow:
    """The points are whole and distinct, the scale and sizes make sense, every message fills in its own names.

    Returns the flow, checked (any problems are in ``errors``).
    """
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    for index, point in enumerate(flow.points):
        if point.id in seen_ids:
            errors.append(src.error(("points", index, "id"), f"point '{point.id}' listed twice", "give each an id"))
        if point.name.lower() in seen_names:
            errors.append(src.error(("points", index, "name"), f"name '{point.name}' used twice", "name each once"))
        seen_ids.add(point.id)
        seen_names.add(point.name.lower())
    if flow.scale.low >= flow.scale.high:
        errors.append(src.error(("scale", "low"), "the lowest score is not below the highest", "use low: 1, high: 10"))
    if flow.lowest > len(flow.points):
        fix = f"use at most {len(flow.points)}, the number of points"
        errors.append(src.error(("lowest",), "more lowest points than there are points", fix))
    _check_placeholders(src, "messages", flow.messages, errors)
    _check_placeholders(src, "chart", flow.chart, errors)
    return flow


def _check_placeholders(
    src: Source, section: str, texts: CultureMessages | CultureChart, errors: list[FlowError]
) -> None:
    """Each text in a section uses only the placeholders the program fills in for it."""
    for key in type(texts).model_fields:
        for name in re.findall(r"\{([^{}]*)\}", getattr(texts, key)):
            allowed_names = PLACEHOLDERS.get(key, set())
            if name not in allowed_names:
                allowed = ", ".join(f"{{{n}}}" for n in sorted(allowed_names)) or "none"
                errors.append(
                    src.error((section, key), f"unknown placeholder '{{{name}}}'", f"use only these: {allowed}")
                )
