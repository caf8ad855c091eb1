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
"""

from __future__ import annotations

import functools
import re
from itertools import accumulate, compress
from typing import NamedTuple

from ..content.schema_team import PrivacyFlow
from ..content.words import LETTER, WORD, plain, words_of

KINDS = ("email", "nhs_number", "phone", "postcode", "date_of_birth", "address", "name")  # looked for in this order
PATTERNS = KINDS  # the kinds, iterated by callers as they iterated the patterns before the words became data

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
DAY = r"\d{1,2}(?i:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}(?!\d)"
DAY_MONTH = rf"{DAY}{SP}(?i:of{SP})?{MONTHS}|{MONTHS}{SP}{DAY}(?!\d)"
FILLER = r"[ \t]{0,3}:?[ \t]{0,3}(?:(?i:on|in|is|was|the|of)[ \t]{1,3}){0,3}"
ORDINALS = {"st", "nd", "rd", "th"}
DIGIT = re.compile(r"\d")
SEPARATORS = '!"#$%&()*+,./:;<=>?@[\\]^_`{|}~0123456789\t\n\r\f\v\u00a0“”‘«»…–—•·'
SPLIT = str.maketrans({c: " " for c in SEPARATORS} | {"’": "'"})  # keeps the length: one character for one
EMAIL = re.compile(r"[\w.+'-](?<![\w.+'-].)[\w.+'-]{0,63}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
MONTH_FIRST = re.compile(  # "March 3rd, 1941", from the month's first letter (few places start with one)
    r"[AaDdFfJjMmNnOoSs](?<![\w'’-].)(?i:(?<=j)(?:an(?:uary)?|une?|uly?)|(?<=f)eb(?:ruary)?|(?<=m)(?:ar(?:ch)?|ay)"
    r"|(?<=a)(?:pr(?:il)?|ug(?:ust)?)|(?<=s)ept?(?:ember)?|(?<=o)ct(?:ober)?|(?<=n)ov(?:ember)?|(?<=d)ec(?:ember)?)"
    rf"(?!{LETTER}){SP}{DAY}(?!\d),?{SP}{YEAR}"
)


def _numbers(street: str | None, months: bool) -> re.Pattern:
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
        alternatives.append(rf"(?P<written>(?<![\w]\d)\d?(?i:st|nd|rd|th)?{SP}(?i:of{SP})?{MONTHS},?{SP}{YEAR})")
    if street:
        alternatives.append(rf"(?P<address>(?<![\w£$€.,:/+-]\d)\d{{0,3}}(?i:[a-z])?,?{SP}{street})")
    return re.compile(r"\d(?<!\d\d)(?:" + "|".join(alternatives) + ")")  # only the first digit of a run


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


def _with_possessives(words: set[str]) -> set[str]:
    """``words``, and each with a possessive: jones, jones's, jones'."""
    return words | {w + "'s" for w in words} | {w + "'" for w in words if w.endswith("s")}


class Detector:
    """Finds identifying details, with the words from one ``PrivacyFlow``."""

    def __init__(self, words: PrivacyFlow):
        self.words = words
        given, surnames, everyday = set(words.given_names), set(words.surnames), set(words.everyday_words)
        titles, family, function = set(words.titles), set(words.family_titles), set(words.function_words)
        self.titles, self.family, self.prefixes = titles, family, set(words.name_prefixes)
        self.ambiguous = set(words.titles_ambiguous)
        self.given, self.everyday = given, everyday
        self.given_plain = given - everyday
        self.given_only = _with_possessives(given - surnames)
        self.surnames = _with_possessives(surnames)
        self.surnames_plain = _with_possessives(surnames - everyday)  # surnames that are no everyday words
        self.known = _with_possessives(given | surnames)
        self.not_names = _with_possessives(set(words.not_names) | titles | family | function)
        self.not_before = set(words.not_before_names)
        self.not_first = self.not_names | self.not_before
        self.function = function
        self.triggers = titles | family | given | self.surnames_plain  # a word that can be part of a name
        self.after = {name: self.given_only for name in given if name not in titles | family}  # not "Mary Ann"
        self.well_known: dict[tuple[str, str], list[tuple[str, ...]]] = {}  # by the first two words, as written
        for phrase in words.well_known:
            first, second, *rest = words_of(phrase)
            for pair in ((a, b) for a in _with_possessives({first}) for b in _with_possessives({second})):
                self.well_known.setdefault(pair, []).append(tuple(rest))
        self.well_known_firsts = {first for first, _ in self.well_known}
        self.street_needs = {*words.street_words, *words.street_words_capitalised, *words.street_words_before}
        part = rf"(?!{cased(function)}{END}){W}"  # in a street's name; not "down the" in "2 miles down the road"
        street = rf"(?:{cased(words.street_words)}|(?={CAPITAL}){cased(words.street_words_capitalised)})"
        before = cased(words.street_words_before)
        self.street = (
            rf"(?:(?={CAPITAL}){before}(?:{SP}(?:(?i:yr?)(?!\w)|['’]r|(?={CAPITAL}){W})){{1,3}}"  # 3 Heol y Nant
            rf"|(?={SMALL}){before}(?:{SP}(?={SMALL}){part}){{1,3}}"  # 23 stryd fawr
            rf"|(?:(?:the|The|THE){SP}(?:{part}{SP}){{0,3}}?|(?:{part}{SP}){{1,3}}?){street})"  # 14 Elm Road
            rf"(?!\w|['’-]{LETTER})"
        )
        self.birth_needs = {w for phrase in words.birth_words + words.birthday_words for w in words_of(phrase)}
        born, birthday = starting(words.birth_words, r"[\w.]"), starting(words.birthday_words, r"[\w'’-]")
        self.birth = re.compile(  # "born 1941", "b. 1929", "DOB: 3rd March"
            rf"{born}(?!{LETTER}){FILLER}(?P<when>{YEAR}|(?:{DAY_MONTH})(?:,?{SP}{YEAR})?|{MONTHS}{SP}{YEAR})"
        )
        self.birthday = re.compile(rf"{birthday}(?!{LETTER}){FILLER}(?P<when>{DAY_MONTH})")  # "birthday is 12th June"
        self._numbers: dict[tuple[bool, bool], re.Pattern] = {}

    def patterns(self) -> dict[str, re.Pattern]:
        """Every pattern the check may run, by name (for the test that their widths are bounded)."""
        numbers = {f"numbers_{a:d}{b:d}": self.numbers(a, b) for a in (False, True) for b in (False, True)}
        return {"email": EMAIL, "month_first": MONTH_FIRST, "birth": self.birth, "birthday": self.birthday, **numbers}

    def numbers(self, street: bool, months: bool) -> re.Pattern:
        """The pattern for everything that starts with a digit, compiled once for each need."""
        if (street, months) not in self._numbers:
            self._numbers[street, months] = _numbers(self.street if street else None, months)
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
            spans += self._names(text, words, steps)
        kept = _without_overlaps(spans)
        found = list(map(Found._make, [(kind, start, end, text[start:end]) for start, end, kind in kept]))
        return found, steps[0] + len(spans)

    # --- digits -----------------------------------------------------------------------

    def _numbered(self, text: str, vocabulary: set[str], steps: list[int]) -> list[tuple[int, int, str]]:
        """Phones, NHS numbers, dates, postcodes and addresses: everything that starts with a digit."""
        months = not vocabulary.isdisjoint(MONTH_WORDS)
        pattern = self.numbers(not vocabulary.isdisjoint(self.street_needs), months)
        spans = []
        for m in pattern.finditer(text):
            steps[0] += 1
            kind, start, end = m.lastgroup, m.start(), m.end()
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

    # --- names --------------------------------------------------------------------------

    def _names(self, text: str, words: list[str], steps: list[int]) -> list[tuple[int, int, str]]:
        """Names: a title and a surname, a family title and a name, a given name and a surname.

        ``words`` are the text's words in small letters, split at every space and sign, so that
        word ``i`` starts at ``starts[i]``. Only words that can be part of a name are looked at.
        """
        triggers, not_names, after = self.triggers, self.not_names, self.after
        candidates = list(compress(range(len(words)), map(triggers.__contains__, words)))  # at C speed
        steps[0] += len(candidates)
        if not candidates:
            return []
        words.append("")
        candidates = [  # those that could start a name, or end one as its surname
            i
            for i in candidates
            if words[i + 1] not in not_names
            and words[i + 1] not in after.get(words[i], ())
            or words[i] in self.surnames_plain
        ]
        words.pop()
        starts = list(accumulate(map((1).__add__, map(len, words)), initial=0))
        original = text.translate(SPLIT).split(" ")  # the same words, as written
        words = words + ["", "", ""]
        original += ["", "", ""]
        view = _View(text, words, original, starts)
        blocked = self._well_known(view, words)
        spans: list[tuple[int, int, str]] = []
        last_word = len(starts) - 1
        starts += [len(text)] * 12
        seen: dict[tuple[int, str], tuple[int, int] | None] = {}  # what was found around the same words before
        for i in candidates:
            if i in blocked:
                continue
            context = (min(i, 5), text[starts[max(0, i - 5)] : starts[min(i + 10, last_word)]])  # all a rule looks at
            if context in seen:
                near = seen[context]
                found = None if near is None else (i + near[0], i + near[1])
            else:
                found = self._name_at(view, i)
                seen[context] = None if found is None else (found[0] - i, found[1] - i)
            if found is None or (blocked and not blocked.isdisjoint(range(found[0], found[1] + 1))):
                continue
            start, end = starts[found[0]], starts[found[1]] + len(words[found[1]])
            last = spans[-1] if spans else (0, -2, "")
            if start <= last[1] or start == last[1] + 1 and text[last[1]] in " \t":  # found twice, or side by side
                spans[-1] = (min(start, last[0]), max(end, last[1]), "name")
            else:
                spans.append((start, end, "name"))
        return spans

    def _name_at(self, view: _View, i: int) -> tuple[int, int] | None:
        """The first and last words of a name that word ``i`` starts, or ends as its surname."""
        words = view.words
        word, starts_one = words[i], words[i + 1] not in self.not_names  # not "Mr Mr", "Gwen Said"
        found = None
        if starts_one and word in self.titles:
            found = self._titled(view, i)
        elif starts_one and word in self.family:
            found = self._family(view, i)
        if found is None and starts_one and word in self.given:
            found = self._given(view, i)
        if found is None and word in self.surnames_plain and words[i - 1] not in self.not_first:
            found = self._before_surname(view, i)
        return found

    def _titled(self, view: _View, i: int) -> tuple[int, int] | None:
        """A title and a surname: "Mrs Jones", "Mr. Evans-Price", "mrs jones", "MR JAMES"; not "Mr B", "MR morphine"."""
        j = self._after_prefixes(view, view.next(i, title=True))
        if j is None:
            return None
        title, word, low = view.original[i], view.original[j], view.words[j]
        if (len(word) < 2 and j == i + 1) or low in self.not_names:
            return None  # an initial, or a role: "Mr B", "Nurse Practitioner"
        ambiguous = view.words[i] in self.ambiguous
        if (title.isupper() and len(title) > 1 or title.islower()) and ambiguous:
            ok = low in self.known and (word[0].isupper() or low not in self.everyday)  # "MR JAMES", "miss jones"
        elif title.islower() and word.islower():
            ok = low not in self.function  # "mrs jones"
        else:
            ok = word[0].isupper()  # "Mrs Jones", "MRS PRICE", "mrs Jones"
        if not ok:
            return None
        k = view.next(j)
        if k is not None and view.original[k][:1].isupper() and view.words[k] in self.surnames_plain:
            j = k  # "Mrs Lloyd Williams"
        return i, j

    def _family(self, view: _View, i: int) -> tuple[int, int] | None:
        """A family title and a name: "Nan Betty", "Aunty Mair", "Mam-gu Nest"."""
        j = view.next(i)
        if j is None or len(view.words[j]) < 2 or not view.original[j][0].isupper() or view.words[j] in self.not_names:
            return None
        return i, j

    def _given(self, view: _View, i: int) -> tuple[int, int] | None:
        """A given name and a surname: "Gwen Roberts", "Eleri ap Gwilym", "john griffiths"; not "Mary Ann"."""
        first, low = view.original[i], view.words[i]
        nxt = view.next(i)
        j = self._after_prefixes(view, nxt)
        if j is None or len(view.words[j]) < 2:
            return None
        second, slow = view.original[j], view.words[j]
        if first.islower():  # in small letters, both from the lists and neither an everyday word
            ok = low in self.given_plain and second.islower() and slow in self.surnames_plain
            return (i, j) if ok else None
        if not first[0].isupper() or not second[0].isupper() or slow in self.not_names:
            return None
        before = view.previous(i)
        if before is not None and view.words[before] in self.not_before:
            return None  # "St John", "Prince Charles"
        if low in self.everyday:
            ok = slow in self.surnames  # "Mark Stevens", not "Rose Garden"
        else:
            ok = j != nxt or slow not in self.given_only  # "Gwen Roberts", "Eleri ap Gwilym"; not "Mary Ann"
        return (i, j) if ok else None

    def _before_surname(self, view: _View, j: int) -> tuple[int, int] | None:
        """Any capitalised word and a surname that is no everyday word: "Zbigniew Jones", not "Holy Cross"."""
        if not view.original[j][:1].isupper():
            return None
        i = view.previous(j)
        while i is not None and view.words[i] in self.prefixes and view.original[i].islower():
            i = view.previous(i)  # "Rhys ap Dafydd"
        if i is None:
            return None
        first, low = view.original[i], view.words[i]
        if len(first) < 2 or not first[0].isupper() or first.isupper() or low in self.not_first or low in self.given:
            return None  # a given name first is _given's to judge
        before = view.previous(i)
        if before is not None and view.words[before] in self.not_before:
            return None
        return i, j

    def _after_prefixes(self, view: _View, j: int | None) -> int | None:
        """Word ``j``, or the word after the prefixes starting there ("ap Gwilym", "van der Berg", "Ó Súilleabháin")."""
        for _ in range(3):
            if j is None or view.words[j] not in self.prefixes:
                return j
            k = view.next(j)
            if k is None or not (view.original[k][:1].isupper() or view.words[k] in self.prefixes):
                return j
            j = k
        return j

    def _well_known(self, view: _View, words: list[str]) -> set[int]:
        """The words that are part of a well-known name ("Mrs Brown's Boys", "Tom Jones"): no name is found there."""
        present = self.well_known_firsts.intersection(words)
        if not present:
            return set()
        blocked: set[int] = set()
        known = self.well_known
        firsts = compress(range(len(words) - 3), map(present.__contains__, words))
        for i in [i for i in firsts if (words[i], words[i + 1]) in known or not words[i + 1]]:  # at C speed, mostly
            j = view.next(i)
            for rest in self.well_known.get((words[i], words[j]), ()) if j is not None else ():
                k, ok = j, True
                for part in rest:
                    k = view.next(k) if ok else None
                    ok = k is not None and plain(view.words[k]) == part
                if ok:
                    blocked.update(range(i, k + 1))
                    break
        return blocked


class _View:
    """A text's words, in small letters and as written, and where each starts."""

    def __init__(self, text: str, words: list[str], original: list[str], starts: list[int]):
        self.text, self.words, self.original, self.starts = text, words, original, starts

    def next(self, i: int, title: bool = False) -> int | None:
        """The word after word ``i`` if only a space or two (or, after a title, a full stop) is between them."""
        if self.words[i + 1] and self.text[self.starts[i + 1] - 1] in " \t":
            return i + 1  # the usual case: one space
        for j in (i + 1, i + 2, i + 3):
            if self.words[j]:
                gap = self.text[self.starts[i] + len(self.words[i]) : self.starts[j]]
                return j if (gap.strip(" \t") in ("", ".") if title else not gap.strip(" \t")) else None
        return None

    def previous(self, i: int) -> int | None:
        """The word before word ``i`` if only spaces are between them."""
        if i > 0 and self.words[i - 1] and self.text[self.starts[i] - 1] in " \t":
            return i - 1  # the usual case: one space
        for j in (i - 1, i - 2, i - 3):
            if j >= 0 and self.words[j]:
                gap = self.text[self.starts[j] + len(self.words[j]) : self.starts[i]]
                return j if not gap.strip(" \t") else None
        return None


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
