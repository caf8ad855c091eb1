"""Spot details that could identify a person someone supports, and mask them.

Before a reflection is kept, its writer is warned if it seems to hold a name
with a title ("Mrs Jones"), a phone number, an email address, a UK postcode, a
date of birth or an NHS number (ten digits whose last is a valid modulus-11
check digit). This is a safety net, not a guarantee: it errs towards warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMAL = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)"  # written like this, not "MR" (modified release) or "MS" (the illness)
FAMILY = r"(?:[Nn]urse|[Ss]ister|[Nn]ana|[Nn]an|[Aa]unty|[Aa]untie|[Uu]ncle|[Mm]am-gu|[Tt]ad-cu|[Nn]ain|[Tt]aid)"
CAPITAL = r"[A-ZÀ-ÖØ-ÞŴŶ]"
LETTER = r"[^\W\d_]"  # any letter, accented ones too (Ní, Ó, Siân)
PREFIX = r"(?:O['’]|Mc|Mac|(?:van|von|de|der|den|du|le|la|ap|ab)\s+)"  # before a surname: O'Neill, van Dijk
SURNAME = rf"{PREFIX}*{LETTER}+(?:[-'’]{LETTER}+)?"
NOT_NAMES = {"practitioner", "practice", "specialist", "manager", "team", "lead", "assistant", "call", "appointment"}
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
PATTERNS = {  # checked in this order; a later match overlapping an earlier one is dropped
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "nhs_number": re.compile(r"(?<![\d+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)"),
    "phone": re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d(?:[\s()-]?\d){8,9}(?!\d)"),
    "postcode": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE),
    "date_of_birth": re.compile(
        rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)?\d{{2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\s+(?:19|20)\d{{2}}\b",
        re.IGNORECASE,
    ),
    "name": re.compile(  # a title, then a name (checked in find() to start with a capital), or "mrs jones"
        rf"\b(?:{FORMAL}\.?|{FAMILY})[ \t]+(?P<name>{SURNAME}(?:[ \t]+(?={CAPITAL}){SURNAME})?)"
        rf"|\bmrs[ \t]+(?P<plain>{LETTER}+)"
    ),
}


@dataclass(frozen=True)
class Found:
    """One identifying detail: what kind, and where it is in the text."""

    kind: str
    start: int
    end: int
    text: str


def nhs_number_valid(digits: str) -> bool:
    """Whether ten digits form a valid NHS number (modulus 11 check digit)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _is_name(match: re.Match) -> bool:
    """Whether a title is followed by what looks like a name rather than an ordinary word."""
    if match.group("plain"):
        return match.group("plain").lower() not in NOT_NAMES
    name = match.group("name")
    first = re.sub(rf"^{PREFIX}+", "", name)
    return first[:1].isupper() and first.split()[0].lower() not in NOT_NAMES


def find(text: str) -> list[Found]:
    """Every identifying detail in ``text``, in order of where it starts."""
    found: list[Found] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            if kind == "nhs_number" and not nhs_number_valid("".join(match.groups())):
                continue
            if kind == "name" and not _is_name(match):
                continue
            if any(match.start() < f.end and f.start < match.end() for f in found):
                continue
            found.append(Found(kind, match.start(), match.end(), match.group()))
    return sorted(found, key=lambda f: f.start)


def mask(text: str, found: list[Found], labels: dict[str, str]) -> str:
    """``text`` with each detail replaced by its label, such as [name] or [phone number]."""
    out, last = [], 0
    for item in sorted(found, key=lambda f: f.start):
        out += [text[last : item.start], labels[item.kind]]
        last = item.end
    return "".join(out) + text[last:]
