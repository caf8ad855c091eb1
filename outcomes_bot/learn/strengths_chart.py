"""The strengths map as a 2x2 grid picture (PNG bytes): a pure function from words to a chart.

Drawn like ``charts.py``: a ``matplotlib.figure.Figure`` printed by
``FigureCanvasAgg``, with no pyplot state and no display. Every word comes from
the caller (the quadrant titles and "not found yet" are YAML). The grid is
soft above hard and individual left of community, the guide's order; each
quadrant lists its items wrapped to fit, an item not found yet in grey italics.
Text is drawn as written (``parse_math=False``): a typed "$" is not mathematics.
Sized for a phone: 1000 by 800 pixels.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.ft2font import FT2Font

WIDTH, HEIGHT, DPI = 10, 8, 100  # 1000 x 800 pixels
FILLS = ("#e8f1f8", "#e9f5ec", "#fdf3e1", "#f6e9f3")  # one soft colour per quadrant
FOUND, MISSING, TITLE = "#1f1f1f", "#9a9a9a", "#1b4f72"
WRAP, MAX_LINES = 40, 12  # characters to a line, and lines to a quadrant (the rest summed up as '…')
Item = tuple[str, bool]  # what to show, and whether it is found (False: greyed, 'not found yet')


def strengths_grid(
    titles: Sequence[str], items: Sequence[Sequence[Item]], *, title: str = "", empty: str = ""
) -> bytes:
    """A 2x2 grid as PNG bytes: four ``titles`` in the guide's order, each over its ``items``.

    ``empty`` is written in a quadrant with no items at all.
    """
    if len(titles) != 4 or len(items) != 4:
        raise ValueError("a strengths map has four quadrants, each with a title and its items")
    # matplotlib is imported here, not at the top: it takes about 0.2 s to load, paid only when a map is drawn
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(figure)
    top = 0.92 if title else 0.98
    if title:
        figure.suptitle(drawable(title), fontsize=20, y=0.975, color=TITLE, parse_math=False)
    cell_w, cell_h, gap = 0.475, (top - 0.03) / 2, 0.015
    for index, (heading, listed) in enumerate(zip(titles, items, strict=True)):
        row, column = divmod(index, 2)
        left = 0.02 + column * (cell_w + gap)
        bottom = top - (row + 1) * cell_h + gap / 2
        box = FancyBboxPatch((left, bottom), cell_w, cell_h - gap, boxstyle="round,pad=0.004,rounding_size=0.012",
                             transform=figure.transFigure, facecolor=FILLS[index], edgecolor="#b8c4cc")  # fmt: skip
        figure.patches.append(box)
        y = bottom + cell_h - gap - 0.045
        figure.text(left + 0.018, y, drawable(heading), fontsize=15, fontweight="bold", color=TITLE, va="bottom",
                    parse_math=False)  # fmt: skip
        for text, colour, style in _lines(listed, empty):
            y -= 0.032
            figure.text(left + 0.022, y, text, fontsize=13.5, color=colour, style=style, va="bottom",
                        parse_math=False)  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _lines(items: Sequence[Item], empty: str) -> list[tuple[str, str, str]]:
    """A quadrant's items as wrapped lines (text, colour, style), at most MAX_LINES of them."""
    if not items:
        return [(drawable(empty), MISSING, "italic")]
    lines: list[tuple[str, str, str]] = []
    for text, found in items:
        wrapped = textwrap.wrap(drawable(text), WRAP, break_long_words=True) or [""]
        colour, style = (FOUND, "normal") if found else (MISSING, "italic")
        lines += [(("• " if i == 0 else "   ") + part, colour, style) for i, part in enumerate(wrapped)]
    if len(lines) > MAX_LINES:
        lines = lines[: MAX_LINES - 1] + [("   …", MISSING, "normal")]
    return lines


@functools.lru_cache(maxsize=1)
def _font() -> FT2Font:
    """The font the chart's text is drawn in (matplotlib's default, DejaVu Sans)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    return FT2Font(font_manager.findfont(font_manager.FontProperties()))


def drawable(text: str) -> str:
    """``text`` without the characters the font has no glyph for (an emoji): drawn, they would be empty boxes."""
    font = _font()
    return "".join(c for c in text if c in "\n " or font.get_char_index(ord(c)))
