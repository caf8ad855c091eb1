"""Words as the lists in ``flows/privacy.yaml`` hold them: one shape for the check and for the file's checks."""

from __future__ import annotations

import re

LETTER = r"[^\W\d_]"  # any letter, accented ones too (Ní, Ó, Siân)
ONE_WORD = re.compile(rf"{LETTER}+(?:['’-]{LETTER}+)*")  # how a listed word must look
WORD = re.compile(rf"{LETTER}{{1,40}}(?:['’-]{LETTER}{{1,40}}){{0,3}}")  # O'Neill, Lloyd-Williams, Brown's


def plain(word: str) -> str:
    """A word as the lists hold it: lower case, one kind of apostrophe, no possessive 's."""
    word = word.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") and len(word) > 3 else word


def words_of(text: str) -> tuple[str, ...]:
    """The words of a phrase, as the lists hold them ("Mrs Brown's Boys" -> mrs, brown, boys)."""
    return tuple(plain(m.group()) for m in WORD.finditer(text))
