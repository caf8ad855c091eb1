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
