"""The privacy check's patterns: the shapes of numbers, dates and addresses, and patterns built from words.

Words become patterns as tries (``trie``, ``cased``, ``starting``), so that
trying one costs a step per letter, not one per word. The street and birth
patterns are built from the words in ``flows/privacy.yaml``.
"""

from __future__ import annotations

import re

from ..content.schema_team import PrivacyFlow
from ..content.words import LETTER, WORD, words_of

CAPITAL = "[" + "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper() and chr(c).isalpha()) + "]"
SMALL = "[" + "".join(chr(c) for c in range(0x61, 0x250) if chr(c).islower() and chr(c).isalpha()) + "]"
W = WORD.pattern
END = rf"(?:['’]s)?(?!\w|['’-]{LETTER})"  # the end of a word; a possessive 's may follow
SP = r"[ \t]{1,3}"  # between the words of one name, date or address
MONTHS = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    rf"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?!{LETTER})"
)
MONTH_WORDS = {  # the words that can be a month: written dates are looked for only if one is in the text
    *"jan january feb february mar march apr april may jun june jul july aug august sep sept september".split(),
    *"oct october nov november dec december".split(),
}
# English date words, kept here as part of the date shapes until privacy.yaml has fields for them:
ORDINALS = ("st", "nd", "rd", "th")  # after a day's number ("3rd"); and never a postcode's inward letters ("B1 2nd")
FILLER_WORDS = ("on", "in", "is", "was", "the", "of")  # between a birth word and its date ("born on the 3rd")
DAY_OF = "of"  # between a day and its month ("3rd of March")
ORDINAL = f"(?i:{'|'.join(ORDINALS)})"
DAY = rf"\d{{1,2}}{ORDINAL}?"
YEAR = r"(?:19|20)\d{2}(?!\d)"
DAY_MONTH = rf"{DAY}{SP}(?i:{DAY_OF}{SP})?{MONTHS}|{MONTHS}{SP}{DAY}(?!\d)"
FILLER = rf"[ \t]{{0,3}}:?[ \t]{{0,3}}(?:(?i:{'|'.join(FILLER_WORDS)})[ \t]{{1,3}}){{0,3}}"
EMAIL = re.compile(r"[\w.+'-](?<![\w.+'-].)[\w.+'-]{0,63}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
MONTH_FIRST = re.compile(  # "March 3rd, 1941", from the month's first letter (few places start with one)
    r"[AaDdFfJjMmNnOoSs](?<![\w'’-].)(?i:(?<=j)(?:an(?:uary)?|une?|uly?)|(?<=f)eb(?:ruary)?|(?<=m)(?:ar(?:ch)?|ay)"
    r"|(?<=a)(?:pr(?:il)?|ug(?:ust)?)|(?<=s)ept?(?:ember)?|(?<=o)ct(?:ober)?|(?<=n)ov(?:ember)?|(?<=d)ec(?:ember)?)"
    rf"(?!{LETTER}){SP}{DAY}(?!\d),?{SP}{YEAR}"
)


def numbers_pattern(street: str | None, months: bool) -> re.Pattern:
    """Everything that starts with a digit, as one pattern: what matched is named by its group.

    ``street`` is the address pattern after the house number (None when no street word is in the
    text); ``months`` says whether to look for dates written with a month's name.
    """
    alternatives = [
        # 0, +44 or 0044 (with "(0)" or not), then 9 or 10 digits with single spaces, dots, hyphens or brackets
        r"(?P<phone>(?:(?<=0)(?<![\w£$.,/:+-]0)(?:044[ \t]{0,2}(?:\(0\)[ \t]{0,2})?)?"
        r"|(?<=\+4)4[ \t]{0,2}(?:\(0\)[ \t]{0,2})?)(?:\d(?:[ \t.-]|\)[ \t]?)?){8,9}\d(?!\d))",
        # ten digits, in threes and a four or run together (the check digit is checked after)
        r"(?P<nhs>(?<![\w+£$.,/:-]\d)\d{2}[ -]?\d{3}[ -]?\d{4}(?![\w/-]|[.,]\d))",
        # day/month/year (any full date: a date of birth is the likeliest), or ISO year-month-day
        r"(?P<date>(?<![\w/.:-]\d)(?:(?P<d>\d?)(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)(?:\d{4}|\d{2})"
        r"|(?P<y>\d{3})(?P<t>[/.-])(?P<m2>\d{1,2})(?P=t)(?P<d2>\d{1,2}))(?![\w/-]|\.\d))",
        # a postcode, from its first digit: one or two letters before it, at the start of a word
        r"(?P<postcode>(?:(?<=(?<!\w)[A-Za-z]\d)|(?<=(?<!\w)[A-Za-z]{2}\d))[A-Za-z\d]?[ \t]{0,2}\d"
        r"(?P<inward>[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})(?!\w))",
    ]
    if months:
        alternatives.append(rf"(?P<written>(?<![\w]\d)\d?{ORDINAL}?{SP}(?i:{DAY_OF}{SP})?{MONTHS},?{SP}{YEAR})")
    if street:
        alternatives.append(rf"(?P<address>(?<![\w£$€.,:/+-]\d)\d{{0,3}}(?i:[a-z])?,?{SP}{street})")
    return re.compile(r"\d(?<!\d\d)(?:" + "|".join(alternatives) + ")")  # only the first digit of a run


def trie(words) -> str:
    """A pattern matching any of ``words`` (case-insensitively where it is used inside ``(?i:...)``).

    Built as a trie, so that trying it costs a step per letter, not one per word. A space in a
    word matches a short run of spaces, and an apostrophe either kind of apostrophe.
    """
    return _trie({w.lower().replace("’", "'") for w in words})


def cased(words) -> str:
    """Like ``trie``, but for ``words`` in small letters, with a capital, or in capitals only (quicker than (?i:))."""
    return _trie({c for w in words for c in (w.lower(), w.capitalize(), w.upper())})


def _trie(words: set[str]) -> str:
    """The trie of ``words``, as a pattern."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(root) if root else "(?!)"  # (?!) matches nothing


def starting(words, before: str) -> str:
    """A pattern for any of ``words`` (any case) not just after a ``before`` character.

    It starts with the class of the words' first letters, so that places are found quickly;
    the rest of each word is matched after a look back at its first letter.
    """
    firsts = sorted({w[0].lower() for w in words})
    if not firsts:
        return "(?!)"
    letters = "".join(re.escape(c) + re.escape(c.upper()) for c in firsts if c.upper() != c) or ""
    letters += "".join(re.escape(c) for c in firsts if c.upper() == c)
    rests = "|".join(f"(?<={re.escape(c)}){trie(w[1:] for w in words if w[0].lower() == c)}" for c in firsts)
    return f"[{letters}](?<!{before}.)(?i:{rests})"


def _branch(node: dict) -> str:
    """One node of the trie as a pattern."""
    parts = []
    for char in sorted(c for c in node if c):
        piece = SP if char == " " else "['’]" if char == "'" else re.escape(char)
        parts.append(piece + _branch(node[char]))
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body


def with_possessives(words: set[str]) -> set[str]:
    """``words``, and each with a possessive: jones, jones's, jones'."""
    return words | {w + "'s" for w in words} | {w + "'" for w in words if w.endswith("s")}


def street_pattern(words: PrivacyFlow) -> str:
    """The address pattern after a house number: a street's name and a street word, or a Welsh street word first."""
    # a word of a street's name; not "down the" in "2 miles down the road"
    part = rf"(?!{cased(words.function_words)}{END}){W}"
    street = rf"(?:{cased(words.street_words)}|(?={CAPITAL}){cased(words.street_words_capitalised)})"
    before = cased(words.street_words_before)
    return (
        rf"(?:(?={CAPITAL}){before}(?:{SP}(?:(?i:yr?)(?!\w)|['’]r|(?={CAPITAL}){W})){{1,3}}"  # 3 Heol y Nant
        rf"|(?={SMALL}){before}(?:{SP}(?={SMALL}){part}){{1,3}}"  # 23 stryd fawr
        rf"|(?:(?:the|The|THE){SP}(?:{part}{SP}){{0,3}}?|(?:{part}{SP}){{1,3}}?){street})"  # 14 Elm Road
        rf"(?!\w|['’-]{LETTER})"
    )


def street_needs(words: PrivacyFlow) -> set[str]:
    """The street words: the address pattern is run only when one of them is in the text."""
    return {*words.street_words, *words.street_words_capitalised, *words.street_words_before}


def birth_needs(words: PrivacyFlow) -> set[str]:
    """The words of the birth and birthday phrases: those patterns are run only when one of them is in the text."""
    return {w for phrase in words.birth_words + words.birthday_words for w in words_of(phrase)}


def birth_patterns(words: PrivacyFlow) -> tuple[re.Pattern, re.Pattern]:
    """A birth word and a date or year ("born 1941", "b. 1929", "DOB: 3rd March"), and a birthday word and a day
    and month ("birthday is 12th June")."""
    born, birthday = starting(words.birth_words, r"[\w.]"), starting(words.birthday_words, r"[\w'’-]")
    birth = re.compile(
        rf"{born}(?!{LETTER}){FILLER}(?P<when>{YEAR}|(?:{DAY_MONTH})(?:,?{SP}{YEAR})?|{MONTHS}{SP}{YEAR})"
    )
    return birth, re.compile(rf"{birthday}(?!{LETTER}){FILLER}(?P<when>{DAY_MONTH})")
