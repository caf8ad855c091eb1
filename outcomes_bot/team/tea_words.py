"""How the tea-brief reads an action (who will do it, by when) and counts themes: shapes here, words in YAML.

The words come from ``language:`` in ``flows/teabrief.yaml``; this module
puts them into the shapes of the patterns, once per flow:

- who: a sentence starting with the writer ("I'll..."), everyone ("We will..."),
  or a capitalised name or two ("Cai and Sam will...", "Cai'll..."), unless the
  name is one of the words that are not names;
- by when: "by" and then a day ("next Friday"), a word for soon ("tomorrow"),
  or a date ("3rd of May", "May 3rd");
- a theme: a word of the language's letters, long enough to mean something.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..content.schema_team import TeaLanguage


def either(phrases: Iterable[str]) -> str:
    """A pattern matching any one of ``phrases`` as written, tried in their order."""
    return "|".join(re.escape(phrase) for phrase in phrases)


def who_pattern(language: TeaLanguage) -> re.Pattern[str]:
    """Who an action starts with: the writer, everyone, or a name or two followed by 'will'."""
    lower = re.escape(language.letters)
    name = f"[{re.escape(language.letters.upper())}][{lower}]+"
    two = rf"{name}(?:\s+{re.escape(language.name_joiner)}\s+{name})?"
    will = rf"(?:\s+(?:{either(language.will)})\b|{re.escape(language.will_joined)}\b)"
    return re.compile(
        rf"^\s*(?:(?P<me>(?i:{either(language.me)}))\b|(?P<us>(?i:{either(language.us)}))\b|(?P<name>{two}){will})"
    )


def by_pattern(language: TeaLanguage) -> re.Pattern[str]:
    """By when: a day, a word for soon, or a date, after 'by'."""
    month = f"(?:{either(language.month_starts)})[{re.escape(language.letters)}]*"
    nth = rf"\d{{1,2}}(?:{either(language.ordinal_endings)})?"
    day = rf"(?:{re.escape(language.next)}\s+)?(?:{either(language.days)})"
    date = rf"{nth}(?: {re.escape(language.of)})? {month}\b|{month} {nth}\b"
    return re.compile(rf"\b{re.escape(language.by)}\s+(?P<when>{day}|{either(language.soon)}|{date})", re.IGNORECASE)


def theme_pattern(language: TeaLanguage) -> re.Pattern[str]:
    """A word that may count as a theme: of the language's letters, and long enough."""
    letters = re.escape(language.letters)
    return re.compile(f"[{letters}][{letters}']{{{language.theme_word_shortest - 1},}}")


@dataclass(frozen=True)
class TeaWords:
    """One language's patterns for reading actions and themes, built once from its words."""

    who: re.Pattern[str]
    by: re.Pattern[str]
    theme: re.Pattern[str]
    not_names: frozenset[str]

    @classmethod
    def of(cls, language: TeaLanguage) -> TeaWords:
        """The patterns for the words in ``language``."""
        return cls(who_pattern(language), by_pattern(language), theme_pattern(language), frozenset(language.not_names))

    def doer(self, text: str) -> tuple[str, str]:
        """Who an action says will do it: ("name", the name or names), ("us", ""), ("me", ""), or ("", "")."""
        found = self.who.match(text)
        if found is None:
            return "", ""
        name = found.group("name")
        if name:
            return ("name", name) if name.split()[0].lower() not in self.not_names else ("", "")
        return ("us", "") if found.group("us") else ("me", "")

    def by_when(self, text: str) -> str | None:
        """When an action says it will be done by, as written; None if it does not say."""
        found = self.by.search(text)
        return found.group("when") if found else None

    def themes(self, text: str) -> set[str]:
        """The words of ``text`` that may count as themes (once each), in lower case."""
        return set(self.theme.findall(text.lower()))
