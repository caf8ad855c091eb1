"""Spot details that could identify a person someone supports, and mask them.

Before a reflection, a supervision preparation or a private tea-brief answer is
kept, its writer is warned if it seems to hold a name, a phone number, an email
address, a UK postcode, a date of birth (any full date, or a date or year given
as a birth), an NHS number (ten digits whose last is a valid modulus-11 check
digit) or an address (a house number and a street). This is a safety net, not a
guarantee: it errs towards warning.

The shapes (digits, @, postcodes) are patterns here; the words (titles, given
names, surnames, street words, well-known names that are not people) are data
in ``flows/privacy.yaml``. A first name on its own, and initials, are allowed.

The check reads all of any text, in time proportional to its length:

- everything that starts with a digit is one pattern, tried only where a digit
  starts a number; every pattern has a bounded width, so the work wherever it
  is tried is bounded too (a test checks the widths);
- a pattern whose words are not in the text at all is not run;
- names are found from the words of the text (split by ``str`` methods), looked
  up in sets; only words that could start a name are looked at one by one.

``Detector.cost`` counts what is handled in Python, to show it grows with the text.

The parts: ``privacy_patterns`` builds the patterns (shapes, and tries from
words), ``privacy_names`` finds names; the names callers use are importable
from here.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..content.schema_team import PrivacyFlow
from .privacy_names import SPLIT, Names
from .privacy_patterns import (
    EMAIL,
    MONTH_FIRST,
    MONTH_WORDS,
    ORDINALS,
    birth_needs,
    birth_patterns,
    cased,
    numbers_pattern,
    starting,
    street_needs,
    street_pattern,
    trie,
)

__all__ = [
    "KINDS",
    "PATTERNS",
    "Detector",
    "Found",
    "cased",
    "detector",
    "find",
    "mask",
    "nhs_number_valid",
    "starting",
    "trie",
]

KINDS = ("email", "nhs_number", "phone", "postcode", "date_of_birth", "address", "name")  # looked for in this order
PATTERNS = KINDS  # the kinds, iterated by callers as they iterated the patterns before the words became data
DIGIT = re.compile(r"\d")


class Found(NamedTuple):
    """One identifying detail: what kind, and where it is in the text."""

    kind: str
    start: int
    end: int
    text: str


ORDER = {kind: place for place, kind in enumerate(KINDS)}


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` in order; where two overlap, the one whose kind comes first in KINDS (then the longer) stays."""
    spans.sort()
    if all(spans[n][1] <= spans[n + 1][0] for n in range(len(spans) - 1)):
        return spans  # the usual case: nothing overlaps
    taken = bytearray(max(end for _, end, _ in spans))
    kept = []
    for start, end, kind in sorted(spans, key=lambda s: (ORDER[s[2]], s[0], -s[1])):
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, kind))
    return sorted(kept)


@functools.lru_cache(maxsize=1024)
def nhs_number_valid(digits: str) -> bool:
    """Whether ten digits form a valid NHS number (modulus 11 check digit)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class Detector:
    """Finds identifying details, with the words from one ``PrivacyFlow``."""

    def __init__(self, words: PrivacyFlow):
        """The patterns and word sets for ``words``, built once."""
        self.words = words
        self.names = Names(words)
        self.triggers = self.names.triggers  # a word that can be part of a name
        self.street_needs, self.street = street_needs(words), street_pattern(words)
        self.birth_needs = birth_needs(words)
        self.birth, self.birthday = birth_patterns(words)
        self._numbers: dict[tuple[bool, bool], re.Pattern] = {}

    def patterns(self) -> dict[str, re.Pattern]:
        """Every pattern the check may run, by name (for the test that their widths are bounded)."""
        numbers = {f"numbers_{a:d}{b:d}": self.numbers(a, b) for a in (False, True) for b in (False, True)}
        return {"email": EMAIL, "month_first": MONTH_FIRST, "birth": self.birth, "birthday": self.birthday, **numbers}

    def numbers(self, street: bool, months: bool) -> re.Pattern:
        """The pattern for everything that starts with a digit, compiled once for each need."""
        if (street, months) not in self._numbers:
            self._numbers[street, months] = numbers_pattern(self.street if street else None, months)
        return self._numbers[street, months]

    # --- the whole check ------------------------------------------------------------

    def find(self, text: str) -> list[Found]:
        """Every identifying detail in ``text``, in order of where it starts."""
        return self.cost(text)[0]

    def cost(self, text: str) -> tuple[list[Found], int]:
        """The details in ``text``, and how many matches and words were handled one by one to find them."""
        lower = text.lower()
        if len(lower) != len(text):  # "İ" lower-cases to two characters; keep one character for one
            lower = text.replace("İ", "I").lower()
        words = lower.translate(SPLIT).split(" ")
        vocabulary = set(words)
        spans: list[tuple[int, int, str]] = []  # (start, end, kind)
        steps = [0]  # matches and words looked at one by one, besides the spans
        if "@" in text:
            spans += [(*m.span(), "email") for m in EMAIL.finditer(text)]
        if DIGIT.search(text):
            spans += self._numbered(text, vocabulary, steps)
            if not vocabulary.isdisjoint(self.birth_needs):
                for pattern in (self.birth, self.birthday):
                    spans += [(*m.span("when"), "date_of_birth") for m in pattern.finditer(text)]
        if not vocabulary.isdisjoint(self.triggers):
            spans += self.names.find(text, words, steps)
        kept = _without_overlaps(spans)
        found = list(map(Found._make, [(kind, start, end, text[start:end]) for start, end, kind in kept]))
        return found, steps[0] + len(spans)

    def _numbered(self, text: str, vocabulary: set[str], steps: list[int]) -> list[tuple[int, int, str]]:
        """Phones, NHS numbers, dates, postcodes and addresses: everything that starts with a digit."""
        months = not vocabulary.isdisjoint(MONTH_WORDS)
        pattern = self.numbers(not vocabulary.isdisjoint(self.street_needs), months)
        spans = []
        for m in pattern.finditer(text):
            steps[0] += 1
            kind, start, end = m.lastgroup, m.start(), m.end()
            assert kind is not None  # every alternative is a named group
            if kind == "phone":
                start -= text[start - 1 : start] in ("(", "+")  # "(01632) 960123", "+44 7700 900123"
            elif kind == "nhs":
                if not nhs_number_valid(m.group().replace(" ", "").replace("-", "")):
                    continue
                kind = "nhs_number"
            elif kind == "date":
                if m.group("y") is None:
                    day, month = int(m.group(0)[0] + m.group("d")), int(m.group("m"))
                elif m.group(0)[0] + m.group("y")[0] in ("19", "20"):
                    day, month = int(m.group("d2")), int(m.group("m2"))
                else:
                    continue
                if not (1 <= day <= 31 and 1 <= month <= 12):
                    continue
                kind = "date_of_birth"
            elif kind == "written":
                kind = "date_of_birth"
            elif kind == "postcode":
                if m.group("inward") in ORDINALS:  # "B1 2nd" is an ordinal
                    continue
                start -= 2 if start >= 2 and text[start - 2].isalpha() else 1
            spans.append((start, end, kind))
        if months:
            spans += [(*m.span(), "date_of_birth") for m in MONTH_FIRST.finditer(text)]
        return spans


_DETECTORS: dict[int, tuple[PrivacyFlow, Detector]] = {}  # by the words' id; the words are kept, so ids stay theirs


def detector(words: PrivacyFlow | None = None) -> Detector:
    """The detector for ``words``, or for the shipped flows' ``privacy.yaml``; each is built once."""
    if words is None:
        from ..content.flows import default_flows  # here, not at the top: the flows' checks import this module

        words = default_flows().privacy
    if id(words) not in _DETECTORS:
        if len(_DETECTORS) >= 4:
            _DETECTORS.clear()
        _DETECTORS[id(words)] = (words, Detector(words))
    return _DETECTORS[id(words)][1]


def find(text: str, words: PrivacyFlow | None = None) -> list[Found]:
    """Every identifying detail in ``text``, in order of where it starts."""
    return detector(words).find(text)


def mask(text: str, found: list[Found], labels: dict[str, str]) -> str:
    """``text`` with each detail replaced by its label, such as [name] or [phone number]."""
    out, last = [], 0
    for item in sorted(found, key=lambda f: f.start):
        out += [text[last : item.start], labels[item.kind]]
        last = item.end
    return "".join(out) + text[last:]
