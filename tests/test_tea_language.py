"""The tea-brief's language rules are data: words in ``flows/teabrief.yaml``, shapes in ``team/tea_words.py``.

The patterns built from the shipped words read every action exactly as the
English patterns written in Python did (kept here, as they were, to compare
with); the words are checked like the other flows, with file, line and fix.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import flowcopy
import pytest
from flowcopy import tree_errors

from outcomes_bot.content.flows import flows_dir
from outcomes_bot.team.tea_words import TeaWords

# --- the patterns as they were written in Python before the words moved to YAML -----------------

OLD_WHO = re.compile(
    r"^\s*(?:(?P<me>(?i:i|i'll|i will|i'm going to|me))\b|(?P<us>(?i:we|we'll|we will|all of us|us))\b|"
    r"(?P<name>[A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)(?:\s+(?:will|is going to|are going to|to)\b|'ll\b))"
)
OLD_NOT_NAMES = set(
    "try going need remember it she he they this that let make keep ask maybe everyone someone nobody you time "
    "want have has got".split()
)
OLD_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
OLD_BY = re.compile(
    r"\bby\s+(?P<when>(?:next\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|tonight|next week|"
    r"the end of (?:the )?(?:week|month)|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {OLD_MONTH}\b|{OLD_MONTH} \d{{1,2}}(?:st|nd|rd|th)?\b)",
    re.IGNORECASE,
)
OLD_WORD = re.compile(r"[a-z][a-z']{3,}")


def old_doer(text: str) -> tuple[str, str]:
    """Who an action names, as the old code decided it."""
    found = OLD_WHO.match(text)
    if found and found.group("name") and found.group("name").split()[0].lower() not in OLD_NOT_NAMES:
        return "name", found.group("name")
    if found and found.group("us"):
        return "us", ""
    if found and found.group("me"):
        return "me", ""
    return "", ""


STARTS = [
    "I", "i", "I'll", "I will", "I'm going to", "Me", "me and Cai", "We", "we'll", "We will", "All of us", "Us",
    "Cai", "Cai and Sam", "Cai and sam", "Try", "Maybe", "Everyone", "Someone", "Ceri'll", "Ifan", "Ian", "It",
    "Mrs", "MR", "  Cai", "Ymddiheuriadau", "Ówen", "Weekly", "Iona", "Western",
]  # fmt: skip
VERBS = ["will", "is going to", "are going to", "to", "'ll", "", "would", "wants to", "will,", " will"]
THINGS = ["ask Mr P about the allotment", "ring the pharmacy", "bring the big teapot", "talk to Mrs D's son"]
WHENS = [
    "by Friday", "by next Monday", "by next  tuesday", "BY TOMORROW", "by tonight", "by next week",
    "by the end of the week", "by the end of week", "by the end of the month", "by the end of month", "by 3rd May",
    "by 3 of march",
    "by 21st of Sept", "by May 3rd", "by december 12", "by sept 9th", "by Fridays", "by mayday", "by the weekend",
    "by 12th Marchmont", "by 1st", "nearby Friday", "by  Wednesday", "by Maybe 3", "by 31st of decembers", "",
    "by tomorrowish", "standby next week", "by 123 may", "by the end of the year",
]  # fmt: skip


def sentences() -> list[str]:
    """Actions as people write them: every start, verb and when, and some shuffled odd ones."""
    made = [f"{s} {v} {t} {w}".strip() for s, v, t, w in itertools.product(STARTS, VERBS, THINGS[:2], WHENS)]
    made += [f"{s}{v} {t}" for s, v in itertools.product(STARTS, VERBS) for t in THINGS]
    pieces = " ".join(STARTS + VERBS + THINGS + WHENS).split()
    shuffle = random.Random(15)
    made += [" ".join(shuffle.choices(pieces, k=shuffle.randint(1, 12))) for _ in range(3000)]
    return made


@pytest.fixture(scope="module")
def words(flows) -> TeaWords:
    """The patterns built from the shipped tea-brief words."""
    return TeaWords.of(flows.teabrief.language)


def test_the_patterns_built_from_the_yaml_read_actions_as_the_english_in_python_did(words):
    for text in sentences():
        assert words.doer(text) == old_doer(text), text
        old = OLD_BY.search(text)
        assert words.by_when(text) == (old.group("when") if old else None), text
        assert words.themes(text) == set(OLD_WORD.findall(text.lower())), text


def test_the_patterns_themselves_match_as_the_old_ones_did(words):
    for text in sentences():
        new, old = words.who.match(text), OLD_WHO.match(text)
        assert (new and (new.span(), new.groupdict())) == (old and (old.span(), old.groupdict())), text
        new, old = words.by.search(text), OLD_BY.search(text)
        assert (new and new.span()) == (old and old.span()), text


def test_an_action_is_read_for_who_and_by_when(words):
    assert words.doer("Cai will ask Mr P about the allotment by Friday") == ("name", "Cai")
    assert words.doer("Cai and Sam are going to ring") == ("name", "Cai and Sam")
    assert words.doer("Maybe we will ring") == ("", "")  # 'Maybe' is not a name
    assert words.doer("We'll bring cake") == ("us", "")
    assert words.doer("I'll ring the pharmacy") == ("me", "")
    assert words.by_when("I'll ring the pharmacy by the end of the week") == "the end of the week"
    assert words.by_when("Ring by 3rd of May") == "3rd of May"
    assert words.by_when("Ring soon") is None


# --- the words are checked like every flow: file, line, key and fix ----------------------------------

SHIPPED = flows_dir()


def errors_with(tmp_path: Path, old: str, new: str) -> list[str]:
    """Copy the shipped flows, change teabrief.yaml once, and return the errors as text."""
    return tree_errors(tmp_path, "teabrief.yaml", old, new)


def line_of(needle: str) -> int:
    """The line a piece of text is on in the shipped teabrief.yaml."""
    return flowcopy.line_of("teabrief.yaml", needle)


def test_a_word_listed_twice_or_with_capitals_or_spaces_names_its_line(tmp_path):
    days = "  days: [monday, tuesday,"
    line = line_of(days)
    assert errors_with(tmp_path, days, "  days: [monday, monday,") == [
        f"teabrief.yaml:{line}: language.days[1]: 'monday' is listed twice. Fix: remove one of them"
    ]
    assert errors_with(tmp_path, days, "  days: [Monday, tuesday,") == [
        f"teabrief.yaml:{line}: language.days[0]: 'Monday' is not one lower-case word. "
        "Fix: write one word in lower case, no spaces"
    ]
    by = "  by: by "
    assert errors_with(tmp_path, by, "  by: by the ") == [
        f"teabrief.yaml:{line_of(by)}: language.by: 'by the' is not one lower-case word. "
        "Fix: write one word in lower case, no spaces"
    ]


def test_a_phrase_in_capitals_and_letters_that_are_not_letters_are_refused(tmp_path):
    me = '  me: ["i", '
    assert errors_with(tmp_path, me, '  me: ["I", ') == [
        f"teabrief.yaml:{line_of(me)}: language.me[0]: 'I' is not a lower-case phrase. "
        "Fix: write words in lower case, one space between them"
    ]
    letters = "  letters: abcdefghijklmnopqrstuvwxyz"
    assert errors_with(tmp_path, letters, "  letters: abcdefghijklmnopqrstuvwxyza") == [
        f"teabrief.yaml:{line_of(letters)}: language.letters: 'abcdefghijklmnopqrstuvwxyza' is not a list of "
        "lower-case letters. Fix: write the alphabet's letters once each, in lower case, with nothing between them"
    ]


def test_a_language_with_other_words_reads_actions_in_them(flows):
    """A Welsh file could sit beside the English one: the same shapes, its own words and letters."""
    welsh = flows.teabrief.language.model_copy(
        update={
            "letters": "abcdefghijklmnopqrstuvwxyzâêîôûŵŷ",
            "me": ["fi", "mi wna i"],
            "us": ["ni", "mi wnawn ni"],
            "name_joiner": "a",
            "will": ["fydd yn", "am"],
            "by": "erbyn",
            "next": "nesaf",
            "days": ["dydd gwener", "dydd llun"],
            "soon": ["yfory", "diwedd yr wythnos"],
        }
    )
    words = TeaWords.of(welsh)
    assert words.doer("Siân am ffonio'r fferyllfa erbyn dydd Gwener") == ("name", "Siân")
    assert words.doer("Mi wnawn ni holi") == ("us", "")
    assert words.by_when("Siân am ffonio erbyn yfory") == "yfory"
    assert words.themes("Gŵyl fach yn y caeau, ŵyn") == {"gŵyl", "fach", "caeau"}
