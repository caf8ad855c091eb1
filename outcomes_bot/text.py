"""Text preparation shared by the coach, the word model and the engine."""

from __future__ import annotations

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2026": "."})


def normalise(text: str) -> str:
    """Straighten curly quotes (phones send them) so one apostrophe serves every phrase."""
    return text.translate(QUOTES)


def lowered(text: str) -> str:
    """Lower-case text without changing its length, so offsets still point at the original."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def clean(text: str) -> str:
    """Replace anything that is not valid Unicode text (bytes a pipe let through)."""
    return text.encode("utf-8", "replace").decode("utf-8")
