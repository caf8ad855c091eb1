"""Phrase search that skips phrases which cannot match.

A rule is hundreds of phrases joined into one regular expression, and trying
every phrase at every position of every sentence was most of the coach's
time. Instead, each phrase's parsed pattern says which words it needs: a set
of strings, one of which is in every match ("should" or "must", say). One
Aho-Corasick pass over a sentence (pyahocorasick) finds which of those strings
are there, and only the phrases that could match are searched, one by one.
(A ``Seen`` is only meaningful to the ``Index`` that made it.)

The answer is the alternation's own: the leftmost match, and of the phrases
that match there, the one listed first. A phrase whose needs cannot be read
(``\\w+``, say) is searched every time; a group where most are like that, or
that ignores case, is searched as the whole alternation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

# The parser and its node types: private but stable since 3.11, used only to read; typeshed has no stubs for them.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import ahocorasick

MAX_STRINGS = 64  # beyond this many alternatives a phrase's exact text is not worth spelling out
CHECKS = 3  # a phrase is indexed by its most telling set of needed strings, and checked for the next two
MIN_LENGTH = 2  # shorter strings are in nearly every sentence, so they say nothing
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
GROUP_REFERENCE = re.compile(r"\(\?P[<=]|\(\?\(|\\[1-9]", re.IGNORECASE)  # (?P<name>, (?P=name), (?(1)..), \1
GROUP_FIX = "write a group as (?:...) and repeat the words rather than referring back to them"

Strings = frozenset[str]
Needs = tuple[Strings, ...]  # every match contains one string of each set


def needs(pattern: str, common: frozenset[str] = frozenset()) -> Needs | None:
    """What every match of ``pattern`` contains: one string of each set, the most telling set first.

    ``common`` are words so frequent that needing one rules little out (``language.common_words``
    in coach.yaml). None when nothing can be read (a pattern of ``\\w+`` needs no particular word).
    """
    try:
        return _Reader(common).needs(sre_parse.parse(pattern))
    except (re.error, RecursionError):
        return None


def _telling(strings: Strings) -> bool:
    """Whether finding one of ``strings`` says anything: none is empty or a single letter."""
    return bool(strings) and all(len(s) >= MIN_LENGTH for s in strings)


@dataclass(frozen=True)
class _Reader:
    """Reads what a parsed pattern needs, ranking strings by how telling they are given the ``common`` words."""

    common: frozenset[str]

    def needs(self, tree) -> Needs | None:
        """``needs`` of a parsed pattern (case-sensitive patterns only)."""
        if tree.state.flags & re.IGNORECASE:
            return None
        usable = sorted({wanted for wanted in self.sequence(tree)[1] if _telling(wanted)}, key=self.score, reverse=True)
        return tuple(usable) or None

    def score(self, strings: Strings) -> tuple[int, int, tuple[str, ...]]:
        """How telling a set of strings is: long and uncommon words first, then fewer of them."""
        return min(1 if s in self.common else len(s) for s in strings), -len(strings), tuple(sorted(strings))

    def sequence(self, items) -> tuple[Strings | None, Needs]:
        """(exact, needs) for a run of pattern nodes: every string it can match if few, and what it needs."""
        wanted: list[Strings] = []
        run: set[str] = {""}  # the strings the nodes so far can match, joined end to end
        broken = False
        for op, av in items:
            exact, need = self.node(op, av)
            wanted += need
            if exact is not None and len(run) * len(exact) <= MAX_STRINGS:
                run = {a + b for a in run for b in exact}
                continue
            broken = True
            wanted.append(frozenset(run))
            run = set(exact) if exact is not None else {""}
        wanted.append(frozenset(run))
        return (None if broken else frozenset(run)), tuple(w for w in wanted if "" not in w)

    def node(self, op, av) -> tuple[Strings | None, Needs]:
        """(exact, needs) for one parsed node."""
        if op is sre.LITERAL:
            return frozenset({chr(av)}), ()
        if op in ZERO_WIDTH:
            return frozenset({""}), ()  # looks without taking anything
        if op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, body = av
            return (None, ()) if add_flags & re.IGNORECASE else self.sequence(body)
        if op is sre.ATOMIC_GROUP:
            return self.sequence(av)
        if op is sre.BRANCH:
            return self.branch(av[1])
        if op is sre.IN:
            return _char_class(av), ()
        if op in REPEATS:
            return self.repeat(*av)
        return None, ()

    def branch(self, branches) -> tuple[Strings | None, Needs]:
        """Alternatives: any of their strings; each alternative must need something for the whole to."""
        results = [self.sequence(branch) for branch in branches]
        exacts = [exact for exact, _ in results if exact is not None]
        exact = frozenset().union(*exacts) if len(exacts) == len(results) else None
        if exact is not None and len(exact) > MAX_STRINGS:
            exact = None
        best = [max(filter(_telling, need), key=self.score, default=None) for _, need in results]
        found = [strings for strings in best if strings is not None]
        return exact, ((frozenset().union(*found),) if len(found) == len(best) else ())

    def repeat(self, low: int, high, body) -> tuple[Strings | None, Needs]:
        """Repeats: optional parts add the empty string; a part repeated at least once keeps its needs."""
        exact, need = self.sequence(body)
        if low == 0:
            return (exact | {""} if exact is not None and high == 1 else None), ()
        if exact is not None and low == high and len(exact) ** low <= MAX_STRINGS:
            out = {""}
            for _ in range(low):
                out = {a + b for a in out for b in exact}
            return frozenset(out), ()
        return None, need


def _char_class(items) -> Strings | None:
    """The characters of a small class such as [,;:], or None for \\w, ranges and negations."""
    chars = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < 10:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return frozenset(chars)


@dataclass(frozen=True)
class Seen:
    """What ``Index.scan`` found in a text: the needed strings there, and by group the phrases they may complete."""

    strings: frozenset[str]
    groups: dict[int, list[frozenset[int]]]


class BadPhrase(ValueError):
    """A phrase that is not a valid pattern; ``index`` says which, and ``fix`` (if given) how to mend it."""

    def __init__(self, index: int, message: str, fix: str | None = None):
        """A BadPhrase for phrase number ``index``."""
        super().__init__(message)
        self.index = index
        self.fix = fix


@dataclass(eq=False)
class Phrases:
    """A rule's phrases: each alone with the strings it needs, and (when first asked for) all as one pattern."""

    source: str  # the alternation of them all
    flags: int
    each: tuple[re.Pattern, ...]
    wants: tuple[Needs | None, ...] = ()  # empty when the group is searched whole
    key: int = -1  # this group's number in its Index
    always: frozenset[int] = frozenset()  # phrases whose needs cannot be read

    @cached_property
    def pattern(self) -> re.Pattern:
        """All the phrases as one alternation: the leftmost match, and there the first phrase listed."""
        return re.compile(self.source, self.flags)

    @cached_property
    def checks(self) -> tuple[Needs, ...]:
        """For each phrase, the sets of strings it needs besides the one it is indexed by."""
        return tuple(wanted[1:CHECKS] if wanted else () for wanted in self.wants)

    def search(self, text: str, seen: Seen | None = None) -> re.Match | None:
        """The alternation's match in ``text``; ``seen`` (from Index.scan of text or a longer text) speeds it."""
        if seen is None or self.key < 0:
            return self.pattern.search(text)
        found = seen.groups.get(self.key)
        best, first = None, 0
        strings = seen.strings
        for index in self.always.union(*found) if found else self.always:
            for other in self.checks[index]:
                if strings.isdisjoint(other):
                    break  # it needs another word that is not there
            else:
                match = self.each[index].search(text)
                if match and (best is None or (match.start(), index) < (best.start(), first)):
                    best, first = match, index
        return best


@dataclass
class Index:
    """The most telling needed strings of every phrase group, in one Aho-Corasick automaton."""

    groups: list[Phrases] = field(default_factory=list)
    automaton: ahocorasick.Automaton = field(default_factory=ahocorasick.Automaton)

    def add(self, phrases: Phrases | None) -> Phrases | None:
        """Register a group (a no-op for None or a group that cannot be indexed)."""
        if phrases is not None and phrases.wants:
            phrases.key = len(self.groups)
            self.groups.append(phrases)
        return phrases

    def build(self) -> Index:
        """Build the automaton once every group is added."""
        # string -> {group: its phrases indexed by that string}; a string used only to check a phrase
        # (not to index it) is found too, but leads to no phrase
        where: dict[str, dict[int, set[int]]] = {}
        for group in self.groups:
            for index, wanted in enumerate(group.wants):
                for number, strings in enumerate(wanted[:CHECKS] if wanted else ()):
                    for string in strings:
                        places = where.setdefault(string, {})
                        if number == 0:
                            places.setdefault(group.key, set()).add(index)
        for string, places in where.items():
            value = (string, tuple((key, frozenset(indexes)) for key, indexes in places.items()))
            self.automaton.add_word(string, value)
        if where:
            self.automaton.make_automaton()
        return self

    def scan(self, text: str) -> Seen:
        """Which needed strings are in ``text``, and so which phrases of which groups could match there."""
        groups: dict[int, list[frozenset[int]]] = {}
        if not self.groups:
            return Seen(frozenset(), groups)
        found = {value for _end, value in self.automaton.iter(text)}
        for _string, places in found:
            for key, indexes in places:
                groups.setdefault(key, []).append(indexes)
        return Seen(frozenset(string for string, _ in found), groups)


def compile_each(
    bodies: list[str], start: str, end: str, flags: int, indexed: bool = True, common: frozenset[str] = frozenset()
) -> Phrases:
    """Compile each of ``bodies`` between ``start`` and ``end``; with ``indexed``, read what each needs
    (``common`` words telling least, see ``needs``).

    Raise BadPhrase for a body that is not a valid pattern on its own.
    """
    each: list[re.Pattern] = []
    wants: list[Needs | None] = []
    reader = _Reader(common)
    for index, body in enumerate(bodies):
        if GROUP_REFERENCE.search(body):  # alone and in the alternation, group numbers differ
            raise BadPhrase(index, "a phrase cannot name a group or refer back to one", GROUP_FIX)
        try:
            tree = sre_parse.parse(body, flags)  # the phrase alone, not only once wrapped
            # "^" already starts at a word's start, and a look-behind before it would be tried at every position
            each.append(re.compile(f"{'' if body.startswith('^') else start}(?:{body}){end}", flags))
        except re.error as exc:
            raise BadPhrase(index, exc.msg) from None
        wants.append(reader.needs(tree) if indexed else None)
    source = start + "(?:" + "|".join(f"(?:{body})" for body in bodies) + ")" + end
    always = frozenset(index for index, wanted in enumerate(wants) if wanted is None)
    if len(always) * 2 > len(wants):
        whole = Phrases(source, flags, tuple(each))
        whole.pattern  # compiled now, so a fault in it shows when the flows are loaded  # noqa: B018
        return whole
    return Phrases(source, flags, tuple(each), wants=tuple(wants), always=always)
