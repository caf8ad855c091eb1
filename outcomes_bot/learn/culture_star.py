"""The culture star's numbers: medians and ranges per point, the lowest points, a text summary and the chart.

Pure functions over ``flows/culturestar.yaml`` (``CultureFlow``) and scores
given as counts (point id -> score -> how many gave it), which is all the store
keeps of a team's answers. One person's scores (the terminal) are counts of one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..content.schema_learn_culture import CultureFlow
from .charts import radar

Counts = Mapping[str, Mapping[int, int]]  # point id -> score -> how many gave it


@dataclass(frozen=True)
class PointStat:
    """One point of the star, summed up: its id and name, the median score and the lowest and highest."""

    id: str
    name: str
    median: float
    low: int
    high: int


class ScoreError(ValueError):
    """Scores that cannot be used: ``key`` names the message in the flow that says why, ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def say(flow: CultureFlow, key: str, **values: object) -> str:
    """One of the culture star's messages, filled in."""
    return getattr(flow.messages, key).format(**values)


def counts_of(scores: Iterable[Mapping[str, int]]) -> dict[str, dict[int, int]]:
    """Answers (each point id -> score) as counts."""
    counts: dict[str, dict[int, int]] = {}
    for answer in scores:
        for point, score in answer.items():
            counts.setdefault(point, {})
            counts[point][score] = counts[point].get(score, 0) + 1
    return counts


def median(counts: Mapping[int, int]) -> float:
    """The median of the scores these counts stand for (the mean of the middle two if there is an even number)."""
    ordered = [score for score in sorted(counts) for _ in range(counts[score])]
    if not ordered:
        raise ValueError("no scores")
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def stats(flow: CultureFlow, counts: Counts) -> list[PointStat]:
    """Each point's median and range, in the guide's order (a point no one scored is left out)."""
    out = []
    for point in flow.points:
        given = {score: n for score, n in counts.get(point.id, {}).items() if n > 0}
        if given:
            out.append(PointStat(point.id, point.name, median(given), min(given), max(given)))
    return out


def lowest(flow: CultureFlow, points: list[PointStat]) -> list[PointStat]:
    """The ``flow.lowest`` points with the lowest medians (then the lowest scores; ties in the guide's order)."""
    return sorted(points, key=lambda p: (p.median, p.low))[: flow.lowest]


def number(value: float) -> str:
    """A median as a person reads it: 6, or 6.5."""
    return f"{value:g}"


def summary(flow: CultureFlow, points: list[PointStat], answered: int, previous: list[PointStat] | None = None) -> str:
    """The team's star in words: each point's median and range (and the previous median), then the lowest."""
    before = {p.id: p.median for p in previous or []}
    lines = [say(flow, "summary_title", answered=answered)]
    for p in points:
        values = {"name": p.name, "median": number(p.median), "low": p.low, "high": p.high}
        if p.id in before:
            lines.append(say(flow, "summary_line_previous", previous=number(before[p.id]), **values))
        else:
            lines.append(say(flow, "summary_line", **values))
    names = ", ".join(f"{p.name} ({number(p.median)})" for p in lowest(flow, points))
    lines.append(say(flow, "lowest", points=names))
    return "\n".join(lines)


def questions(flow: CultureFlow) -> str:
    """The guide's two questions, for the team to talk about."""
    listed = "\n".join(say(flow, "question_line", question=q) for q in flow.questions)
    return say(flow, "questions", questions=listed)


def chart(
    flow: CultureFlow, points: list[PointStat], previous: list[PointStat] | None = None, title: str = ""
) -> bytes:
    """The star as a radar chart (PNG): medians, ranges, and the previous round's medians where there are any."""
    before = {p.id: p.median for p in previous or []}
    earlier = [before.get(p.id, 0.0) for p in points] if before else None
    one = all(p.low == p.high for p in points) and previous is None  # one person's scores: a line, no band
    return radar(
        [p.name for p in points],
        [p.median for p in points],
        [(p.low, p.high) for p in points],
        earlier,
        title=title,
        median_label=flow.chart.yours if one else flow.chart.median,
        range_label=flow.chart.range,
        previous_label=flow.chart.previous,
        scale=(flow.scale.low, flow.scale.high),
    )


def scores_from(flow: CultureFlow, text: str) -> dict[str, int]:
    """Eight scores from text (one per line, or separated by spaces or commas), by point id.

    Raises ``ScoreError`` for a value that is not a whole number on the scale, or the wrong number of them.
    """
    values = [v for v in re.split(r"[\s,;]+", text.strip()) if v]
    checked = [score(flow, value) for value in values]  # a value that is not a score is named first
    if len(checked) != len(flow.points):
        raise ScoreError("terminal_count", count=len(flow.points), given=len(checked))
    return {point.id: value for point, value in zip(flow.points, checked, strict=True)}


def score(flow: CultureFlow, value: str) -> int:
    """One score, checked against the scale; ``ScoreError`` if it is not a whole number on it."""
    low, high = flow.scale.low, flow.scale.high
    clean = value.strip()
    if not (clean.isascii() and clean.isdigit() and len(clean) <= 3 and low <= int(clean) <= high):
        raise ScoreError("terminal_bad", low=low, high=high, value=clean[:20])
    return int(clean)
