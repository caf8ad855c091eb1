"""Charts as PNG bytes, drawn by matplotlib with its Agg backend: pure functions from numbers and labels.

Each chart is a ``matplotlib.figure.Figure`` printed by ``FigureCanvasAgg``, so
nothing touches pyplot's global state and no display is needed (a server has
none). Every word on a chart comes from the caller (its labels are YAML).
Charts are sized for a phone: about 800 by 800 pixels, with large type.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from matplotlib.projections.polar import PolarAxes

SIZE_INCHES, DPI = 8, 100  # 800 x 800 pixels
MEDIAN_COLOUR, PREVIOUS_COLOUR = "#1b6ca8", "#7a7a7a"


def radar(  # long because every label and the scale are the caller's to give
    points: Sequence[str],
    medians: Sequence[float],
    ranges: Sequence[tuple[float, float]],
    previous: Sequence[float] | None = None,
    *,
    title: str = "",
    median_label: str = "median",
    range_label: str = "range",
    previous_label: str = "previous",
    scale: tuple[int, int] = (1, 10),
) -> bytes:
    """A radar (star) chart as PNG bytes: one spoke per point, the median as a line, the range as a band.

    ``ranges`` are (lowest, highest) per point; ``previous``, if given, is drawn as a dashed line.
    """
    count = len(points)
    if count < 3 or len(medians) != count or len(ranges) != count or (previous is not None and len(previous) != count):
        raise ValueError("a radar chart needs at least three points, and a median and range for each")
    angles = [2 * math.pi * i / count for i in range(count)]
    closed = angles + angles[:1]
    # matplotlib is imported here, not at the top: it takes about 0.2 s to load, paid only when a chart is drawn
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = cast("PolarAxes", figure.add_axes((0.17, 0.17, 0.66, 0.64), projection="polar"))
    axes.set_theta_offset(math.pi / 2)  # the first point at the top, the rest clockwise
    axes.set_theta_direction(-1)
    low, high = scale
    axes.set_ylim(0, high)
    axes.set_yticks(range(2, high + 1, 2) if high >= 6 else range(1, high + 1))
    axes.tick_params(axis="y", labelsize=11, colors="#555555")
    axes.set_rlabel_position(90 - 360 / count / 2)
    axes.set_xticks(angles)
    axes.set_xticklabels([textwrap.fill(p, 13, break_long_words=False) for p in points], fontsize=15)
    axes.tick_params(axis="x", pad=18)
    lows = [r[0] for r in ranges]
    highs = [r[1] for r in ranges]
    axes.fill_between(closed, lows + lows[:1], highs + highs[:1], color=MEDIAN_COLOUR, alpha=0.2, label=range_label)
    axes.plot(closed, list(medians) + [medians[0]], color=MEDIAN_COLOUR, linewidth=3, marker="o", markersize=8,
              label=median_label)  # fmt: skip
    if previous is not None:
        axes.plot(closed, list(previous) + [previous[0]], color=PREVIOUS_COLOUR, linewidth=2.5, linestyle="--",
                  label=previous_label)  # fmt: skip
    if title:
        figure.suptitle(title, fontsize=20, y=0.975)
    figure.legend(loc="lower center", ncol=2, fontsize=13, frameon=False, bbox_to_anchor=(0.5, 0.005))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


Lines = tuple[float, float] | None  # a panel's 'fair' and 'good' values, or None if it has none


def progress_chart(  # long because every label is the caller's to give
    names: Sequence[str],
    series: Sequence[Sequence[float | None]],
    lines: Sequence[Lines],
    tops: Sequence[float],
    *,
    title: str = "",
    session_label: str = "session",
    fair_label: str = "fair",
    good_label: str = "good",
) -> bytes:
    """Small multiples as PNG bytes: one panel per measure, its value over sessions (a gap where there is none),
    with dashed 'fair' and 'good' lines where the measure has them. Two panels to a row, 800 pixels wide."""
    if not (len(names) == len(series) == len(lines) == len(tops)) or not names:
        raise ValueError("each measure needs a name, its values, its lines (or None) and the top of its scale")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = math.ceil(len(names) / 2)
    figure = Figure(figsize=(SIZE_INCHES, 2.3 * rows + 0.9), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    grid = figure.subplots(rows, 2, squeeze=False)
    for index, axes in enumerate(grid.flat):
        if index >= len(names):
            axes.set_visible(False)
            continue
        values = list(series[index])
        xs = list(range(1, len(values) + 1))
        ys = [math.nan if v is None else v for v in values]
        axes.plot(xs, ys, color=MEDIAN_COLOUR, linewidth=3, marker="o", markersize=8)
        known = [v for v in values if v is not None]
        high = max([tops[index], *known])
        axes.set_ylim(-0.06 * high, high * 1.12)  # a zero shows as a whole dot, above the axis
        if high == 1:
            axes.set_yticks([0, 1])  # a yes-or-no measure
        if lines[index] is not None:
            fair, good = lines[index]  # type: ignore[misc]
            axes.axhline(fair, color="#c98a00", linestyle="--", linewidth=1.8)
            axes.axhline(good, color="#2e8b57", linestyle="--", linewidth=1.8)
            axes.text(0.99, fair, f" {fair_label}", transform=axes.get_yaxis_transform(), fontsize=11,
                      color="#c98a00", ha="right", va="bottom")  # fmt: skip
            axes.text(0.99, good, f" {good_label}", transform=axes.get_yaxis_transform(), fontsize=11,
                      color="#2e8b57", ha="right", va="bottom")  # fmt: skip
        axes.set_title(textwrap.fill(names[index], 28), fontsize=14)
        axes.set_xlim(0.6, max(len(values), 1) + 0.4)
        axes.set_xticks(xs)
        axes.tick_params(labelsize=11)
        axes.grid(axis="y", color="#e5e5e5")
        axes.set_xlabel(session_label, fontsize=11)
    if title:
        figure.suptitle(title, fontsize=18)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
