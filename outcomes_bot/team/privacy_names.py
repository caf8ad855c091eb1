"""The privacy check's name finder: titles, family titles, given names and surnames, looked up in sets.

A name is a title and a surname ("Mrs Jones"), a family title and a name
("Nan Betty"), a given name and a surname ("Gwen Roberts"), or any
capitalised word and a surname that is no everyday word ("Zbigniew Jones");
never part of a well-known name ("Mrs Brown's Boys"). The words are those of
``flows/privacy.yaml``. Only words that could be part of a name are looked at
one by one.
"""

from __future__ import annotations

from itertools import accumulate, compress

from ..content.schema_team import PrivacyFlow
from ..content.words import plain, words_of
from .privacy_patterns import with_possessives

SEPARATORS = '!"#$%&()*+,./:;<=>?@[\\]^_`{|}~0123456789\t\n\r\f\v\u00a0“”‘«»…–—•·'
SPLIT = str.maketrans({c: " " for c in SEPARATORS} | {"’": "'"})  # keeps the length: one character for one


class Names:
    """Finds names, with the words from one ``PrivacyFlow``."""

    def __init__(self, words: PrivacyFlow):
        """The word sets for ``words``, built once."""
        given, surnames, everyday = set(words.given_names), set(words.surnames), set(words.everyday_words)
        titles, family, function = set(words.titles), set(words.family_titles), set(words.function_words)
        self.titles, self.family, self.prefixes = titles, family, set(words.name_prefixes)
        self.ambiguous = set(words.titles_ambiguous)
        self.given, self.everyday = given, everyday
        self.given_plain = given - everyday
        self.given_only = with_possessives(given - surnames)
        self.surnames = with_possessives(surnames)
        self.surnames_plain = with_possessives(surnames - everyday)  # surnames that are no everyday words
        self.known = with_possessives(given | surnames)
        self.not_names = with_possessives(set(words.not_names) | titles | family | function)
        self.not_before = set(words.not_before_names)
        self.not_first = self.not_names | self.not_before
        self.function = function
        self.triggers = titles | family | given | self.surnames_plain  # a word that can be part of a name
        self.after = {name: self.given_only for name in given if name not in titles | family}  # not "Mary Ann"
        self.well_known: dict[tuple[str, str], list[tuple[str, ...]]] = {}  # by the first two words, as written
        for phrase in words.well_known:
            first, second, *rest = words_of(phrase)
            for pair in ((a, b) for a in with_possessives({first}) for b in with_possessives({second})):
                self.well_known.setdefault(pair, []).append(tuple(rest))
        self.well_known_firsts = {first for first, _ in self.well_known}

    def find(self, text: str, words: list[str], steps: list[int]) -> list[tuple[int, int, str]]:
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
            if j is None:
                continue
            for rest in known.get((words[i], words[j]), ()):
                k = self._rest_of(view, j, rest)
                if k is not None:
                    blocked.update(range(i, k + 1))
                    break
        return blocked

    @staticmethod
    def _rest_of(view: _View, j: int, rest: tuple[str, ...]) -> int | None:
        """The last word of a well-known name whose second word is word ``j`` and whose other words are ``rest``."""
        k: int | None = j
        for part in rest:
            k = view.next(k) if k is not None else None
            if k is None or plain(view.words[k]) != part:
                return None
        return k


class _View:
    """A text's words, in small letters and as written, and where each starts."""

    def __init__(self, text: str, words: list[str], original: list[str], starts: list[int]):
        """A view of ``text`` whose word ``i`` is ``words[i]`` (as written: ``original[i]``) from ``starts[i]``."""
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
